package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.AuthenticationException;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FaultRule;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * Identity outages, refused tokens and unusable answers, through the real SDK and azure-identity against the fake:
 * outages are retried and reported as outages, a 401 renews the token once, paging cycles end, a malformed answer is
 * an {@link MsGraphException}.
 */
class TransportRecoveryTest {

    /** Entra's answer during an outage (AADSTS90033, HTTP 503), shaped like its documented error response. */
    static final String AADSTS90033 = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"AADSTS90033: A"
            + " transient error has occurred. Please try again.\\r\\nTrace ID: 0f0e0d0c-0b0a-0908-0706-050403020100"
            + "\\r\\nCorrelation ID: 11111111-1111-1111-1111-111111111111\\r\\nTimestamp: 2026-01-01 00:00:00Z\","
            + "\"error_codes\":[90033],\"timestamp\":\"2026-01-01 00:00:00Z\","
            + "\"trace_id\":\"0f0e0d0c-0b0a-0908-0706-050403020100\","
            + "\"correlation_id\":\"11111111-1111-1111-1111-111111111111\"}";

    static FaultRule.Builder tokenOutage() {
        // Retry-After keeps MSAL from its own one-second retry (it retries a 5xx only without Retry-After)
        return FaultRule.on("POST", "/*/oauth2/v2.0/token").status(503).header("Retry-After", "1")
                .body("application/json; charset=utf-8", AADSTS90033);
    }

    private static void teamOfTwo(SyncFixture f) {
        f.user("ann@acme.test");
        f.user("bob@acme.test");
        f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test"),
                TeamMember.individual("t2", "Bob", "bob@acme.test")));
    }

    private static int tokenRequests(SyncFixture f) {
        return f.fake.journal().tokenRequests();
    }

    @Test
    void aSignInOutageIsRetriedWithBackoffAndThePlanSucceeds() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            f.fake.faults().add(tokenOutage().times(2).build());
            SyncPlan plan = f.org.planSync();
            assertEquals(2, plan.additions().size());
            assertEquals(3, tokenRequests(f));
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void aSignInOutageThatPersistsIsReportedAsAnOutageNotAsWrongCredentials() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            f.fake.faults().add(tokenOutage().times(FaultRule.ALWAYS).build());
            MsGraphException e = assertThrows(MsGraphException.class, f.org::planSync);
            assertEquals(ErrorKind.SERVICE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("sign-in service is unavailable; nothing was lost; try again later"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("Client Secret"), e.getMessage());
            assertFalse(e instanceof AuthenticationException, "hosts ask for new credentials on that");
            assertTrue(tokenRequests(f) > 1, "retried: " + tokenRequests(f));
        }
    }

    @Test
    void anApplyThatLosesItsTokenMidwayReturnsWhatItAppliedAndWhatItDidNot() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            String leaver = f.user("leaver@acme.test");
            f.fake.directory().addMembers(f.groupId, leaver);
            SyncPlan plan = f.org.planSync();
            assertEquals(2, plan.additions().size());
            assertEquals(1, plan.removals().size());
            // the additions' batch goes through; the removal's batch is refused (401), and the token endpoint is down
            // from then on, so the token cannot be renewed
            f.fake.faults().add(FaultRule.on("DELETE", "/groups/*/members/*/$ref").scope(FaultRule.Scope.BATCH_ITEMS)
                    .status(401).code("InvalidAuthenticationToken").message("Access token has expired or is not yet"
                            + " valid.").times(FaultRule.ALWAYS).build());
            f.fake.faults().add(tokenOutage().times(FaultRule.ALWAYS).build());

            SyncResult result = f.org.applySync(plan);

            assertEquals(2, result.applied(), result.render());
            assertEquals(1, result.failed(), result.render());
            ChangeResult removal = result.changes().stream()
                    .filter(c -> c.change().directoryObjectId().equals(leaver)).findFirst().orElseThrow();
            assertEquals(ChangeResult.Outcome.FAILED, removal.outcome());
            assertTrue(removal.reasonIfAny().orElseThrow().contains("sign-in service"), removal.reasonIfAny().orElseThrow());
            assertTrue(f.members().contains(leaver));
            assertEquals(3, f.members().size());
        }
    }

    @Test
    void a401InsideBatchRenewsTheTokenOnceAndRetriesOnlyTheRefusedItems() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            SyncPlan plan = f.org.planSync();
            int before = tokenRequests(f);
            f.fake.faults().add(FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(401)
                    .code("InvalidAuthenticationToken").message("Access token has expired or is not yet valid.")
                    .header("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\"").build());

            SyncResult result = f.org.applySync(plan);

            assertTrue(result.isComplete(), result.render());
            assertEquals(2, result.applied());
            assertEquals(before + 1, tokenRequests(f), "one fresh token");
            assertEquals(2, f.members().size());
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void aSecond401IsAnAuthenticationFailureWithGraphsCode() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            SyncPlan plan = f.org.planSync();
            int before = tokenRequests(f);
            f.fake.faults().add(FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(401)
                    .code("InvalidAuthenticationToken").times(FaultRule.ALWAYS).build());

            SyncResult result = f.org.applySync(plan);

            assertEquals(2, result.failed(), result.render());
            for (ChangeResult c : result.changes()) {
                assertEquals(401, c.httpStatusIfAny().orElseThrow());
                assertEquals("InvalidAuthenticationToken", c.errorCode());
            }
            assertEquals(before + 1, tokenRequests(f), "renewed once, not in a loop");
        }
    }

    @Test
    void a401OnAReadRenewsTheTokenOnceAndTheReadSucceeds() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            f.org.planSync();
            int before = tokenRequests(f);
            // a change out of band, so the next plan's delta round sees it and reads the members again (since issue
            // 17 the first plan remembers the group with a delta link, and an unchanged group is not read again)
            f.fake.directory().addMembers(f.groupId, f.user("outsider@acme.test"));
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").scope(FaultRule.Scope.REQUESTS).status(401)
                    .code("InvalidAuthenticationToken").build());
            SyncPlan plan = f.org.planSync();
            assertEquals(2, plan.additions().size());
            assertEquals(before + 1, tokenRequests(f));
        }
    }

    @Test
    void aSecond401OnAReadIsAnAuthenticationFailureWithGraphsCode() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").scope(FaultRule.Scope.REQUESTS).status(401)
                    .code("InvalidAuthenticationToken").times(FaultRule.ALWAYS).build());
            AuthenticationException e = assertThrows(AuthenticationException.class, f.org::planSync);
            assertEquals(401, e.httpStatus().orElseThrow());
            assertEquals("InvalidAuthenticationToken", e.graphErrorCode().orElseThrow());
        }
    }

    @Test
    void aMembersNextLinkCycleIsReportedWithTheRequestIdNotFollowed() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            String base = f.fake.cloud().graphBaseUrl() + "/groups/" + f.groupId + "/members?$skiptoken=";
            for (String token : new String[] {"A", "B", "A"}) {
                f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").scope(FaultRule.Scope.REQUESTS)
                        .status(200).header("request-id", "page-" + token)
                        .body("application/json", "{\"value\":[],\"@odata.nextLink\":\"" + base + token + "\"}")
                        .build());
            }
            MsGraphException e = assertThrows(MsGraphException.class, f.org::planSync);
            assertTrue(e.reason().contains("cycle"), e.getMessage());
            assertEquals("page-A", e.requestId().orElseThrow());
        }
    }

    @Test
    void aMemberWithoutAnIdIsAnMsGraphException() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").scope(FaultRule.Scope.REQUESTS).status(200)
                    .header("request-id", "no-id").body("application/json",
                            "{\"value\":[{\"@odata.type\":\"#microsoft.graph.user\",\"mail\":\"x@acme.test\"}]}")
                    .build());
            MsGraphException e = assertThrows(MsGraphException.class, f.org::planSync);
            assertEquals("no-id", e.requestId().orElseThrow(), e.getMessage());
        }
    }

    @Test
    void serverErrorsOnLookupItemsAreRetriedLikeWrites() {
        for (int status : new int[] {500, 502}) {
            try (SyncFixture f = new SyncFixture()) {
                teamOfTwo(f);
                f.fake.faults().add(FaultRule.on("GET", "/users").scope(FaultRule.Scope.BATCH_ITEMS).status(status)
                        .times(2).build());
                SyncPlan plan = f.org.planSync();
                assertEquals(2, plan.additions().size(), "HTTP " + status);
            }
        }
    }

    @Test
    void malformedBatchAnswersAreMsGraphExceptionsNeverRawOnes() {
        String[] bodies = {
            "[]",
            "\"responses\"",
            "{\"responses\":{}}",
            "{\"responses\":[{\"status\":200,\"body\":{\"value\":[]}}]}",
            "{\"responses\":[{\"id\":\"99\",\"status\":200,\"body\":{\"value\":[]}}]}",
            "{\"responses\":[{\"id\":\"1\",\"status\":\"two hundred\",\"body\":{\"value\":[]}}]}",
            "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":[]}]}",
            "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[]}},"
                    + "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[]}}]}",
            "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[{\"id\":[1]}]}}]}",
            "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[{\"id\":\"u\",\"accountEnabled\":[]}]}}]}",
            "{\"responses\":[{\"id\":\"1\",\"status\":200,\"headers\":{\"Retry-After\":[1]},\"body\":{\"value\":[7]}}]}",
            "not json at all",
        };
        Set<String> seen = new HashSet<>();
        for (String body : bodies) {
            try (SyncFixture f = new SyncFixture()) {
                teamOfTwo(f);
                f.fake.faults().add(FaultRule.on("POST", "/$batch").scope(FaultRule.Scope.REQUESTS).status(200)
                        .header("request-id", "batch-rid").body("application/json", body)
                        .times(FaultRule.ALWAYS).build());
                try {
                    f.org.planSync();
                } catch (MsGraphException expected) {
                    seen.add(expected.kind().name());
                    assertEquals("batch-rid", expected.requestId().orElse(null), body + ": " + expected.getMessage());
                } catch (RuntimeException raw) {
                    throw new AssertionError("a raw " + raw.getClass().getName() + " escaped for " + body, raw);
                }
            }
        }
        assertFalse(seen.isEmpty());
    }

    @Test
    void aServiceFailureThatOutlastsTheRetriesCarriesTheServersLastRetryAfter() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            f.fake.faults().add(FaultRule.on("GET", "/users").scope(FaultRule.Scope.BATCH_ITEMS).status(503)
                    .retryAfter(java.time.Duration.ofSeconds(7)).times(FaultRule.ALWAYS).build());
            MsGraphException e = assertThrows(MsGraphException.class, f.org::planSync);
            assertEquals(ErrorKind.SERVICE, e.kind());
            assertEquals(java.time.Duration.ofSeconds(7), e.retryAfter().orElseThrow(), e.getMessage());
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void theConnectionTestCallsASignInOutageAnOutage() {
        try (SyncFixture f = new SyncFixture()) {
            f.fake.faults().add(tokenOutage().times(FaultRule.ALWAYS).build());
            cc.equa.msgraph.ConnectionReport report = f.org.testConnection();
            assertFalse(String.join("\n", report.messages()).contains("Client Secret"), report.render());
            assertTrue(String.join("\n", report.messages()).contains("sign-in service is unavailable"), report.render());
            assertEquals(cc.equa.msgraph.AuthFailure.SERVICE_UNAVAILABLE, report.tokenFailure());
        }
    }

    @Test
    void aGroupsListingWhoseLinksCycleEndsWithTheRequestId() {
        try (SyncFixture f = new SyncFixture()) {
            String base = f.fake.cloud().graphBaseUrl() + "/groups?$top=100&$skiptoken=";
            for (String token : new String[] {"A", "B", "A"}) {
                f.fake.faults().add(FaultRule.on("GET", "/groups").scope(FaultRule.Scope.REQUESTS).status(200)
                        .header("request-id", "list-" + token)
                        .body("application/json", "{\"value\":[],\"@odata.nextLink\":\"" + base + token + "\"}")
                        .build());
            }
            cc.equa.msgraph.GroupPage page = f.org.groups(cc.equa.msgraph.GroupQuery.all());
            page = f.org.groups(cc.equa.msgraph.GroupQuery.page(page.nextPageTokenIfAny().orElseThrow()));
            String token = page.nextPageTokenIfAny().orElseThrow();
            MsGraphException e = assertThrows(MsGraphException.class,
                    () -> f.org.groups(cc.equa.msgraph.GroupQuery.page(token)));
            assertTrue(e.reason().contains("cycle"), e.getMessage());
            assertEquals("list-A", e.requestId().orElseThrow());
        }
    }

    @Test
    void a401OnTheBatchItselfRenewsTheTokenAndResendsTheSameBatch() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            SyncPlan plan = f.org.planSync();
            int before = tokenRequests(f);
            f.fake.faults().add(FaultRule.on("POST", "/$batch").scope(FaultRule.Scope.REQUESTS).status(401)
                    .code("InvalidAuthenticationToken").build());
            SyncResult result = f.org.applySync(plan);
            assertTrue(result.isComplete(), result.render());
            assertEquals(2, f.members().size());
            assertEquals(before + 1, tokenRequests(f));
        }
    }

    @Test
    void aDroppedConnectionToTheTokenEndpointIsRetried() {
        try (SyncFixture f = new SyncFixture()) {
            teamOfTwo(f);
            f.fake.faults().add(FaultRule.on("POST", "/*/oauth2/v2.0/token").disconnect().times(2).build());
            SyncPlan plan = f.org.planSync();
            assertEquals(2, plan.additions().size());
            assertEquals(3, tokenRequests(f));
        }
    }
}
