package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.Map;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

@FakeGraphTest
class BatchTest {

    @Test
    void batchRunsItemsThroughTheRouterWithPerItemStatusAndDependsOn424(FakeGraphTenant fake) throws Exception {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        FakeUser bob = fake.directory().addUser("bob@contoso.com");
        fake.directory().addMembers(g.id(), bob.id());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All", "Group.Read.All"));
        BatchRequestContent batch = new BatchRequestContent(graph);
        String addAnn = batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).members().ref()
                .toPostRequestInformation(MembersTest.ref(ann.id())));
        String addBob = batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).members().ref()
                .toPostRequestInformation(MembersTest.ref(bob.id())));
        String afterBob = batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).toGetRequestInformation());
        batch.getBatchRequestSteps().get(afterBob).addDependsOnId(addBob);
        String get = batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).toGetRequestInformation());
        BatchResponseContent resp = graph.getBatchRequestBuilder().post(batch, null);
        Map<String, Integer> codes = resp.getResponsesStatusCode();
        assertEquals(204, codes.get(addAnn));
        assertEquals(400, codes.get(addBob));
        assertEquals(424, codes.get(afterBob));
        assertEquals(200, codes.get(get));
        Group read = resp.getResponseById(get, Group::createFromDiscriminatorValue);
        assertEquals("Board", read.getDisplayName());
        assertEquals(2, fake.directory().memberIds(g.id()).size());
        assertEquals(3, fake.journal().calls(c -> c.kind() == RecordedCall.Kind.BATCH_ITEM).size(),
                "the 424 item is never executed");
    }

    @Test
    void throttledBatchItemsGet429WithRetryAfterInsideAn200Envelope() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .writeQuota(WriteQuota.of(2, Duration.ofSeconds(30))).start()) {
            FakeGroup g = fake.directory().addGroup("Board");
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
            BatchRequestContent batch = new BatchRequestContent(graph);
            String[] ids = new String[3];
            for (int i = 0; i < 3; i++) {
                ids[i] = batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).members().ref()
                        .toPostRequestInformation(MembersTest.ref(fake.directory().addUser("u" + i + "@c.com").id())));
            }
            BatchResponseContent resp = graph.getBatchRequestBuilder().post(batch, null);
            Map<String, Integer> codes = resp.getResponsesStatusCode();
            assertEquals(2, codes.values().stream().filter(c -> c == 204).count());
            String throttled = codes.entrySet().stream().filter(e -> e.getValue() == 429).findFirst().orElseThrow()
                    .getKey();
            Response r = resp.getResponseById(throttled);
            assertEquals("30", r.header("Retry-After"));
            assertEquals(2, fake.directory().memberIds(g.id()).size());
        }
    }

    @Test
    void malformedBatchesAreRejectedWith400(FakeGraphTenant fake) {
        Http http = new Http(fake);
        String token = http.accessToken(Sdk.app(fake, "Group.Read.All"));
        JsonArray items = new JsonArray();
        for (int i = 0; i < 21; i++) {
            JsonObject o = new JsonObject();
            o.addProperty("id", String.valueOf(i));
            o.addProperty("method", "GET");
            o.addProperty("url", "/groups");
            items.add(o);
        }
        JsonObject body = new JsonObject();
        body.add("requests", items);
        assertEquals(400, http.graph("POST", "/$batch", token, body.toString()).status());
        JsonArray dup = new JsonArray();
        dup.add(items.get(0));
        JsonObject again = items.get(1).getAsJsonObject().deepCopy();
        again.addProperty("id", "0");
        dup.add(again);
        body.add("requests", dup);
        Http.Resp r = http.graph("POST", "/$batch", token, body.toString());
        assertEquals(400, r.status());
        assertTrue(r.body().contains("duplicate"));
        JsonArray ok = new JsonArray();
        ok.add(items.get(0));
        body.add("requests", ok);
        Http.Resp fine = http.graph("POST", "/$batch", token, body.toString());
        assertEquals(200, fine.status());
        assertEquals(200, fine.json().getAsJsonArray("responses").get(0).getAsJsonObject().get("status").getAsInt());
    }
}
