package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@FakeGraphTest
class FaultsTest {

    @Test
    void scriptedServerErrorsAreRetriedBySdkWithRetryAttemptHeader(FakeGraphTenant fake) {
        fake.directory().addGroup("Board");
        fake.faults().add(FaultRule.on("GET", "/groups").status(503).retryAfter(Duration.ofSeconds(1)).times(1)
                .build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
        assertEquals(1, graph.groups().get().getValue().size());
        List<RecordedCall> calls = fake.journal().calls("GET", "/groups");
        assertEquals(List.of(503, 200), calls.stream().map(RecordedCall::status).toList());
        assertEquals("1", calls.get(1).header("Retry-Attempt").orElseThrow());
        assertEquals(List.of(), fake.violations(), "the SDK waited for Retry-After");
    }

    @Test
    void persistentStatusFaultSurfacesAsODataErrorWithTheGraphBody(FakeGraphTenant fake) {
        fake.faults().add(FaultRule.on("GET", "/groups/*").status(500).code("InternalServerError")
                .message("boom").times(FaultRule.ALWAYS).build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
        ODataError e = assertThrows(ODataError.class,
                () -> graph.groups().byGroupId("00000000-0000-0000-0000-000000000001").get());
        assertEquals(500, e.getResponseStatusCode());
        assertEquals("boom", e.getError().getMessage());
    }

    @Test
    void droppedConnectionSurfacesAsAnIoFailure(FakeGraphTenant fake) {
        fake.faults().add(FaultRule.on("GET", "/groups").disconnect().times(FaultRule.ALWAYS).build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> graph.groups().get());
        assertTrue(hasCause(e, IOException.class), e.toString());
        assertTrue(fake.journal().calls("GET", "/groups").stream().allMatch(c -> c.status() == -1));
    }

    @Test
    void noResponseTriggersTheClientReadTimeout(FakeGraphTenant fake) {
        fake.faults().add(FaultRule.on("GET", "/groups").noResponse().times(FaultRule.ALWAYS).build());
        GraphServiceClient graph = Sdk.graphWithShortTimeout(fake, Sdk.app(fake, "Group.Read.All"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> graph.groups().get());
        assertTrue(hasCause(e, InterruptedIOException.class), e.toString());
    }

    @Test
    void latencyDelaysTheAnswer(FakeGraphTenant fake) {
        fake.faults().add(FaultRule.on("GET", "/groups").latency(Duration.ofMillis(300)).build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
        graph.groups().get(); // warm up token + TLS
        long start = System.nanoTime();
        graph.groups().get();
        long first = System.nanoTime() - start;
        assertTrue(first < 5_000_000_000L);
        List<RecordedCall> calls = fake.journal().calls("GET", "/groups");
        assertTrue(calls.get(0).fault().orElseThrow().startsWith("latency 300 ms"));
        assertFalse(calls.get(1).fault().isPresent());
    }

    @Test
    void faultRulesCanTargetBatchItemsOnly(FakeGraphTenant fake) throws Exception {
        FakeGroup g = fake.directory().addGroup("Board");
        fake.faults().add(FaultRule.on("GET", "/groups/*").status(429).retryAfter(Duration.ofSeconds(7))
                .scope(FaultRule.Scope.BATCH_ITEMS).build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
        assertEquals("Board", graph.groups().byGroupId(g.id()).get().getDisplayName());
        var batch = new com.microsoft.graph.core.content.BatchRequestContent(graph);
        String id = batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).toGetRequestInformation());
        var resp = graph.getBatchRequestBuilder().post(batch, null);
        assertEquals(429, resp.getResponsesStatusCode().get(id));
        assertEquals("7", resp.getResponseById(id).header("Retry-After"));
    }

    @Test
    void tokenEndpointCanFailToo(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake, "Group.Read.All");
        fake.faults().add(FaultRule.on("POST", "/*/oauth2/v2.0/token").status(503).build());
        Http http = new Http(fake);
        String form = Http.form("grant_type", "client_credentials", "client_id", app.clientId(), "client_secret",
                app.clientSecret(), "scope", "https://graph.microsoft.com/.default");
        assertEquals(503, http.token(app.tenantId(), form).status());
        assertEquals(200, http.token(app.tenantId(), form).status());
        assertEquals(2, fake.journal().tokenRequests());
    }

    private static List<Integer> chaosRun(long seed) {
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "Group.Read.All"));
            fake.faults().chaos(seed, 0.3);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(http.get("/groups?$top=1", token).status());
            }
            return statuses;
        }
    }

    @Test
    void seededChaosIsReproducibleFromItsSeed() {
        List<Integer> a = chaosRun(42);
        List<Integer> b = chaosRun(42);
        List<Integer> c = chaosRun(7);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertTrue(a.stream().anyMatch(s -> s != 200) && a.stream().anyMatch(s -> s == 200), a.toString());
    }

    @Test
    void writeQuotaThrottlesAndEarlyRetriesAreViolationsOnVirtualTime() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .writeQuota(WriteQuota.of(3, Duration.ofSeconds(60))).start()) {
            FakeGroup g = fake.directory().addGroup("Board");
            Http http = new Http(fake);
            FakeApp app = Sdk.app(fake, "GroupMember.ReadWrite.All");
            String token = http.accessToken(app);
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                users.add(fake.directory().addUser("u" + i + "@c.com").id());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(204, addRef(http, token, g.id(), users.get(i)).status());
                fake.advanceTime(Duration.ofSeconds(10));
            }
            Http.Resp throttled = addRef(http, token, g.id(), users.get(3));
            assertEquals(429, throttled.status());
            assertEquals("TooManyRequests", throttled.errorCode());
            assertEquals("30", throttled.header("Retry-After"));
            Http.Resp early = addRef(http, token, g.id(), users.get(3));
            assertEquals(429, early.status());
            assertEquals(1, fake.violations().size());
            assertEquals(Violation.Kind.RETRY_BEFORE_RETRY_AFTER, fake.violations().get(0).kind());
            assertEquals(app.clientId(), fake.violations().get(0).appId());
            long wait = Long.parseLong(early.header("Retry-After"));
            assertTrue(wait > 0 && wait <= 30);
            fake.sleeper().sleep(Duration.ofSeconds(wait));
            assertEquals(204, addRef(http, token, g.id(), users.get(3)).status());
            assertEquals(1, fake.violations().size());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Http.Resp addRef(Http http, String token, String groupId, String userId) {
        return http.graph("POST", "/groups/" + groupId + "/members/$ref", token,
                "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/" + userId + "\"}");
    }

    @Test
    void replicationDelayHidesNewGroupsForNReads() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().replicationDelay(ReplicationDelay.reads(2)).start()) {
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.ReadWrite.All"));
            String id = graph.groups().post(GroupsAndUsersTest.newGroup("New", "new", List.of())).getId();
            for (int i = 0; i < 2; i++) {
                ODataError e = assertThrows(ODataError.class, () -> graph.groups().byGroupId(id).get());
                assertEquals(404, e.getResponseStatusCode());
                assertEquals("Request_ResourceNotFound", e.getError().getCode());
            }
            assertEquals("New", graph.groups().byGroupId(id).get().getDisplayName());
        }
    }

    @Test
    void replicationDelayByTimeEndsWhenTheVirtualClockMoves() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .replicationDelay(ReplicationDelay.duration(Duration.ofSeconds(20))).start()) {
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.ReadWrite.All"));
            String id = graph.groups().post(GroupsAndUsersTest.newGroup("New", "new", List.of())).getId();
            assertEquals(404, assertThrows(ODataError.class, () -> graph.groups().byGroupId(id).members().get())
                    .getResponseStatusCode());
            fake.advanceTime(Duration.ofSeconds(21));
            assertEquals(0, graph.groups().byGroupId(id).members().get().getValue().size());
        }
    }

    @Test
    void applyThenDisconnectMakesTheChangeButLosesTheResponse(FakeGraphTenant fake) {
        fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.ReadWrite.All"));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> graph.groups().post(GroupsAndUsersTest.newGroup("New", "new", List.of())));
        assertTrue(hasCause(e, IOException.class), e.toString());
        assertEquals(List.of("New"), fake.directory().groups().stream().map(FakeGroup::displayName).toList(),
                "the group was created although the client saw an I/O error");
        RecordedCall post = fake.journal().calls("POST", "/groups").get(0);
        assertEquals(201, post.status(), "the journal keeps the status the lost response would have had");
        assertTrue(post.fault().orElseThrow().startsWith("apply then disconnect"), post.fault().toString());
        assertEquals(0, fake.faults().pending());
        assertEquals(1, graph.groups().get().getValue().size(), "the next call is answered normally");
    }

    @Test
    void applyThenDisconnectOnABatchItemAppliesItAndLosesTheWholeBatchResponse(FakeGraphTenant fake)
            throws Exception {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        FakeUser bob = fake.directory().addUser("bob@contoso.com");
        fake.faults().add(FaultRule.on("POST", "/groups/*/members/$ref").scope(FaultRule.Scope.BATCH_ITEMS)
                .applyThenDisconnect().build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        com.microsoft.graph.core.content.BatchRequestContent batch =
                new com.microsoft.graph.core.content.BatchRequestContent(graph);
        for (FakeUser u : List.of(ann, bob)) {
            batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).members().ref()
                    .toPostRequestInformation(MembersTest.ref(u.id())));
        }
        Exception e = assertThrows(Exception.class, () -> graph.getBatchRequestBuilder().post(batch, null));
        assertTrue(hasCause(e, IOException.class), e.toString());
        assertEquals(2, fake.directory().memberIds(g.id()).size(), "both items were applied");
        assertEquals(List.of(204, 204), fake.journal().calls(c -> c.kind() == RecordedCall.Kind.BATCH_ITEM)
                .stream().map(RecordedCall::status).toList());
        RecordedCall outer = fake.journal().calls("POST", "/$batch").get(0);
        assertTrue(outer.fault().orElseThrow().contains("apply then disconnect"), outer.toString());
    }

    @Test
    void aGatewayPageFaultAnswersWithTheRawBodyAndTheGivenHeaders(FakeGraphTenant fake) {
        String page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        fake.faults().add(FaultRule.on("GET", "/groups").status(502).body("text/html", page)
                .header("request-id", "gw-req-1").build());
        FakeApp app = Sdk.app(fake, "Group.Read.All");
        Http http = new Http(fake);
        Http.Resp r = http.get("/groups", http.accessToken(app));
        assertEquals(502, r.status());
        assertEquals(page, r.body());
        assertEquals("text/html", r.header("Content-Type"));
        assertEquals("gw-req-1", r.header("request-id"), "the rule's header wins over the fake's request-id");
        // The bare SDK can't parse the page at all (core's ErrorBodyInterceptor exists for this).
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            fake.faults().add(FaultRule.on("GET", "/groups").status(502).body("text/html", page).build());
            Sdk.graph(fake, app).groups().get();
        });
        assertFalse(e instanceof ODataError, "a non-JSON body is no Graph error");
        assertTrue(e.getMessage().contains("text/html"), e.getMessage());
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
