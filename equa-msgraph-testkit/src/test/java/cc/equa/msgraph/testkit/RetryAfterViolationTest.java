package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retry-before-Retry-After check keys on the request (app, method, path, query, body hash): items of one
 * {@code $batch} are never retries of each other, a later batch after the largest Retry-After is clean, and a real
 * early retry is still caught.
 */
class RetryAfterViolationTest {

    private static String bind(String groupId, String userId) {
        return "{\"id\":\"" + userId + "-" + groupId + "\",\"method\":\"PATCH\",\"url\":\"/groups/"
                + groupId + "\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"members@odata.bind\":"
                + "[\"https://graph.microsoft.com/v1.0/directoryObjects/" + userId + "\"]}}";
    }

    private static String batch(String... items) {
        return "{\"requests\":[" + String.join(",", items) + "]}";
    }

    private static FakeGraphTenant fake() {
        return FakeGraphTenant.builder().virtualTime().start();
    }

    @Test
    void siblingBindItemsThrottledInOneBatchAndRetriedAfterRetryAfterAreNoViolation() {
        try (FakeGraphTenant fake = fake()) {
            FakeGroup g = fake.directory().addGroup("Board");
            String u1 = fake.directory().addUser("u1@c.com").id();
            String u2 = fake.directory().addUser("u2@c.com").id();
            String u3 = fake.directory().addUser("u3@c.com").id();
            fake.faults().add(FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(429)
                    .retryAfter(Duration.ofSeconds(5)).times(3).build());
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "GroupMember.ReadWrite.All"));
            String body = batch(bind(g.id(), u1), bind(g.id(), u2), bind(g.id(), u3));
            Http.Resp first = http.graph("POST", "/$batch", token, body);
            assertEquals(200, first.status());
            assertEquals(3, count(first.body(), "\"status\":429"));
            assertEquals(List.of(), fake.violations(), "siblings in one batch are not retries of each other");
            fake.advanceTime(Duration.ofSeconds(5));
            Http.Resp again = http.graph("POST", "/$batch", token, body);
            assertEquals(3, count(again.body(), "\"status\":204"));
            assertEquals(List.of(), fake.violations(), "the retry waited for Retry-After");
            assertEquals(3, fake.directory().memberIds(g.id()).size());
        }
    }

    @Test
    void identicalItemsInOneBatchAreNotRetriesButTheSameBatchResentEarlyIs() {
        try (FakeGraphTenant fake = fake()) {
            FakeGroup g = fake.directory().addGroup("Board");
            String get = "{\"id\":\"%s\",\"method\":\"GET\",\"url\":\"/groups/" + g.id() + "\"}";
            fake.faults().add(FaultRule.on("GET", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(429)
                    .retryAfter(Duration.ofSeconds(10)).times(2).build());
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "Group.Read.All"));
            String body = batch(String.format(get, "a"), String.format(get, "b"));
            assertEquals(2, count(http.graph("POST", "/$batch", token, body).body(), "\"status\":429"));
            assertEquals(List.of(), fake.violations());
            fake.advanceTime(Duration.ofSeconds(3));
            assertEquals(2, count(http.graph("POST", "/$batch", token, body).body(), "\"status\":200"));
            assertEquals(1, fake.violations().size(), fake.violations().toString());
            Violation v = fake.violations().get(0);
            assertEquals(Violation.Kind.RETRY_BEFORE_RETRY_AFTER, v.kind());
            assertEquals("/v1.0/groups/" + g.id(), v.path());
        }
    }

    @Test
    void aLaterBatchIsJudgedAgainstEachItemsOwnRetryAfter() {
        try (FakeGraphTenant fake = fake()) {
            FakeGroup g1 = fake.directory().addGroup("One");
            FakeGroup g2 = fake.directory().addGroup("Two");
            String u = fake.directory().addUser("u@c.com").id();
            fake.faults().add(FaultRule.on("PATCH", "/groups/" + g1.id()).scope(FaultRule.Scope.BATCH_ITEMS)
                    .status(429).retryAfter(Duration.ofSeconds(5)).build());
            fake.faults().add(FaultRule.on("PATCH", "/groups/" + g2.id()).scope(FaultRule.Scope.BATCH_ITEMS)
                    .status(429).retryAfter(Duration.ofSeconds(10)).build());
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "GroupMember.ReadWrite.All"));
            String body = batch(bind(g1.id(), u), bind(g2.id(), u));
            assertEquals(2, count(http.graph("POST", "/$batch", token, body).body(), "\"status\":429"));
            fake.advanceTime(Duration.ofSeconds(6));
            assertEquals(2, count(http.graph("POST", "/$batch", token, body).body(), "\"status\":204"));
            assertEquals(1, fake.violations().size(), "only the item told to wait 10 s came back early");
            assertEquals("/v1.0/groups/" + g2.id(), fake.violations().get(0).path());
        }
    }

    @Test
    void aDifferentWriteToTheSamePathIsNotARetry() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .writeQuota(WriteQuota.of(1, Duration.ofSeconds(30))).start()) {
            FakeGroup g = fake.directory().addGroup("Board");
            String u1 = fake.directory().addUser("u1@c.com").id();
            String u2 = fake.directory().addUser("u2@c.com").id();
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "GroupMember.ReadWrite.All"));
            assertEquals(204, addRef(http, token, g.id(), u1).status());
            assertEquals(429, addRef(http, token, g.id(), u2).status());
            fake.advanceTime(Duration.ofSeconds(1));
            assertEquals(429, addRef(http, token, g.id(), u1).status());
            assertEquals(List.of(), fake.violations(), "adding another member is not a retry of the throttled add");
            assertEquals(429, addRef(http, token, g.id(), u2).status());
            assertEquals(1, fake.violations().size(), "re-sending the throttled add early is");
        }
    }

    private static Http.Resp addRef(Http http, String token, String groupId, String userId) {
        return http.graph("POST", "/groups/" + groupId + "/members/$ref", token,
                "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/" + userId + "\"}");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
