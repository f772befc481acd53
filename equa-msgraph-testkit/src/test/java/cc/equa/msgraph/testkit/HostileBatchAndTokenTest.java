package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items 7 and 8 of issue 14 at the fake level: {@code $batch} envelopes, roleless and long-lived tokens. */
class HostileBatchAndTokenTest {

    private static JsonObject addRef(String id, String groupId, String userId, boolean contentType) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("method", "POST");
        o.addProperty("url", "/groups/" + groupId + "/members/$ref");
        JsonObject body = new JsonObject();
        body.addProperty("@odata.id", "https://graph.microsoft.com/v1.0/directoryObjects/" + userId);
        o.add("body", body);
        if (contentType) {
            JsonObject h = new JsonObject();
            h.addProperty("Content-Type", "application/json");
            o.add("headers", h);
        }
        return o;
    }

    private static String batch(JsonObject... items) {
        JsonArray a = new JsonArray();
        for (JsonObject o : items) {
            a.add(o);
        }
        JsonObject b = new JsonObject();
        b.add("requests", a);
        return b.toString();
    }

    @Test
    void aWriteItemWithABodyButNoContentTypeFailsTheWholeBatchAndTheSdkSendsIt() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .hostility(Hostility.builder().batchContentTypeRequired(true).build()).start()) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            FakeUser bob = fake.directory().addUser("bob@contoso.com");
            FakeApp app = Sdk.app(fake, "GroupMember.ReadWrite.All");
            Http http = new Http(fake);
            String token = http.accessToken(app);
            Http.Resp r = http.graph("POST", "/$batch", token, batch(addRef("1", team.id(), ann.id(), true),
                    addRef("2", team.id(), bob.id(), false)));
            assertEquals(400, r.status());
            assertTrue(r.body().contains("Write request id : 2 does not contain Content-Type header or body."),
                    r.body());
            assertEquals(List.of(), fake.directory().memberIds(team.id()), "nothing ran");
            // the Graph SDK's batch content carries the item's Content-Type
            GraphServiceClient graph = Sdk.graph(fake, app);
            BatchRequestContent content = new BatchRequestContent(graph);
            String step = content.addBatchRequestStep(graph.groups().byGroupId(team.id()).members().ref()
                    .toPostRequestInformation(MembersTest.ref(ann.id())));
            String bind = content.addBatchRequestStep(graph.groups().byGroupId(team.id())
                    .toPatchRequestInformation(MembersTest.bind(List.of(bob.id()))));
            BatchResponseContent resp = graph.getBatchRequestBuilder().post(content, null);
            assertEquals(204, resp.getResponsesStatusCode().get(step));
            assertEquals(204, resp.getResponsesStatusCode().get(bind));
        }
    }

    @Test
    void aBatchWithAFailedItemMayAnswerANon2xxEnvelopeThatStillCarriesTheResponses() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .hostility(Hostility.builder().batchOuterFailure(1).build()).start()) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            fake.directory().addMembers(team.id(), ann.id());
            FakeUser bob = fake.directory().addUser("bob@contoso.com");
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "GroupMember.ReadWrite.All"));
            java.util.Set<Integer> outer = new java.util.TreeSet<>();
            for (int i = 0; i < 8; i++) {
                Http.Resp r = http.graph("POST", "/$batch", token, batch(addRef("dup", team.id(), ann.id(), true)));
                outer.add(r.status());
                JsonArray responses = r.json().getAsJsonArray("responses");
                assertEquals(400, responses.get(0).getAsJsonObject().get("status").getAsInt());
            }
            assertEquals(java.util.Set.of(400, 424), outer, "424 and the item's own status both occur");
            Http.Resp fine = http.graph("POST", "/$batch", token, batch(addRef("ok", team.id(), bob.id(), true)));
            assertEquals(200, fine.status(), "a batch whose items all succeed keeps its 200");
        }
    }

    @Test
    void throttledItemsCanCarryADecimalRetryAfterOrNoneAtAll() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .writeQuota(WriteQuota.of(1, Duration.ofMillis(2500)))
                .hostility(Hostility.builder().decimalRetryAfter(true).build()).start()) {
            FakeGroup team = fake.directory().addGroup("Team");
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "GroupMember.ReadWrite.All"));
            String[] users = new String[4];
            for (int i = 0; i < users.length; i++) {
                users[i] = fake.directory().addUser("u" + i + "@contoso.com").id();
            }
            JsonArray responses = http.graph("POST", "/$batch", token, batch(addRef("1", team.id(), users[0], true),
                    addRef("2", team.id(), users[1], true))).json().getAsJsonArray("responses");
            JsonObject throttled = byStatus(responses, 429);
            String retryAfter = throttled.getAsJsonObject("headers").get("Retry-After").getAsString();
            assertTrue(retryAfter.matches("\\d+\\.\\d{3}"), retryAfter);
            assertEquals(2.5, Double.parseDouble(retryAfter), 0.001);

            fake.hostility(Hostility.builder().batchRetryAfterMissing(1).build());
            fake.advanceTime(Duration.ofSeconds(3));
            JsonArray again = http.graph("POST", "/$batch", token, batch(addRef("3", team.id(), users[2], true),
                    addRef("4", team.id(), users[3], true))).json().getAsJsonArray("responses");
            JsonObject bare = byStatus(again, 429);
            assertNull(bare.getAsJsonObject("headers").get("Retry-After"));
            // not told when to come back: an immediate retry is not a retry-discipline violation
            String id = bare.get("id").getAsString();
            http.graph("POST", "/$batch", token, batch(addRef(id, team.id(), users[Integer.parseInt(id) - 1], true)));
            assertEquals(List.of(), fake.violations());
        }
    }

    private static JsonObject byStatus(JsonArray responses, int status) {
        for (JsonElement e : responses) {
            if (e.getAsJsonObject().get("status").getAsInt() == status) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no item with status " + status + " in " + responses);
    }

    @Test
    void aTokenWithoutRolesGetsGraphsAccessDeniedWhenRealistic() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().build());
            Http http = new Http(fake);
            String token = http.accessToken(app);
            Http.Resp plain = http.get("/groups", token);
            assertEquals(403, plain.status());
            assertEquals("Authorization_RequestDenied", plain.errorCode(), "the default, as before");
            fake.hostility(Hostility.builder().rolelessAccessDenied(true).build());
            Http.Resp r = http.get("/groups", token);
            assertEquals(403, r.status());
            assertEquals("AccessDenied", r.errorCode());
            assertEquals("Either scp or roles claim need to be present in the token.",
                    r.json().getAsJsonObject("error").get("message").getAsString());
        }
    }

    @Test
    void aTokenMintedBeforeAConsentChangeKeepsItsRolesForUpTo24Hours() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().realistic().start()) {
            FakeApp app = Sdk.app(fake, "Group.Read.All");
            Http http = new Http(fake);
            Http.Resp minted = http.token(app.tenantId(), Http.form("grant_type", "client_credentials", "client_id",
                    app.clientId(), "client_secret", app.clientSecret(), "scope",
                    "https://graph.microsoft.com/.default"));
            assertEquals(86400, minted.json().get("expires_in").getAsInt());
            String old = minted.json().get("access_token").getAsString();
            fake.adminConsent(app, false);
            fake.advanceTime(Duration.ofHours(23));
            assertEquals(200, http.get("/groups", old).status(), "the old token still carries its roles");
            Http.Resp fresh = http.get("/groups", http.accessToken(app));
            assertEquals(403, fresh.status());
            assertEquals("AccessDenied", fresh.errorCode());
            fake.advanceTime(Duration.ofHours(2));
            assertEquals(401, http.get("/groups", old).status(), "expired after 24 h");
        }
    }

    @Test
    void theRealisticSwitchTurnsEveryBehaviourOnAndTheDefaultLeavesThemOff() {
        Hostility r = Hostility.realistic(3);
        assertEquals(3, r.seed());
        assertTrue(!r.guestsAllowed() && r.removeMissingAsBadRequest() > 0 && r.strictBindPermission()
                && r.membersPerWrite() > 0 && !r.readLag().isZero() && !r.newGroupInvisibleUpTo().isZero()
                && r.expiredDeltaAsGone() > 0 && r.batchOuterFailure() > 0 && r.decimalRetryAfter()
                && r.batchRetryAfterMissing() > 0 && r.batchContentTypeRequired() && r.rolelessAccessDenied()
                && r.tokenLifetime().equals(Duration.ofHours(24)) && r.countWithoutHeaderIgnored()
                && r.membersHideServicePrincipals() && r.orLimitCountsAllClauses(), r.toString());
        Hostility d = Hostility.DEFAULT;
        assertTrue(d.guestsAllowed() && d.removeMissingAsBadRequest() == 0 && !d.strictBindPermission()
                && d.membersPerWrite() == 0 && d.readLag().isZero() && d.newGroupInvisibleUpTo().isZero()
                && d.expiredDeltaAsGone() == 0 && d.batchOuterFailure() == 0 && !d.decimalRetryAfter()
                && d.batchRetryAfterMissing() == 0 && !d.batchContentTypeRequired() && !d.rolelessAccessDenied()
                && d.tokenLifetime().equals(Duration.ofSeconds(3599)) && !d.countWithoutHeaderIgnored()
                && !d.membersHideServicePrincipals() && !d.orLimitCountsAllClauses(), d.toString());
        try (FakeGraphTenant fake = FakeGraphTenant.builder().realistic(9).build()) {
            assertEquals(9, fake.hostility().seed());
            assertTrue(!fake.hostility().guestsAllowed());
        }
    }
}
