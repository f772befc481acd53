package cc.equa.msgraph.it.attack16b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupPage;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A hostile Graph (faults rewriting the listing's answer) hands out next links to other hosts, other resources,
 * other API versions, malformed links, cycles and never-ending empty pages.
 */
class HostileNextLinkTest extends TokenHarness {

    private static final String GROUP = "{\"id\":\"11111111-2222-3333-4444-555555555555\",\"displayName\":\"Evil\","
            + "\"groupTypes\":[\"Unified\"],\"mailEnabled\":true,\"securityEnabled\":false,\"visibility\":\"Private\","
            + "\"mailNickname\":\"evil\",\"createdDateTime\":\"2026-01-01T00:00:00Z\"}";

    private static String body(String nextLinkJson, boolean withGroup) {
        return "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#groups\",\"value\":["
                + (withGroup ? GROUP : "") + "]" + (nextLinkJson == null ? "" : ",\"@odata.nextLink\":" + nextLinkJson)
                + "}";
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    private void answerListingsWith(String body, int times) {
        fake.faults().add(FaultRule.on("GET", "/groups").scope(FaultRule.Scope.REQUESTS).status(200)
                .body("application/json", body).times(times).build());
    }

    /** Outcome of listing and then following whatever token came back. */
    private String listAndFollow(OrganizationIntegration org) {
        GroupPage first;
        try {
            first = org.groups(GroupQuery.all().pageSize(2));
        } catch (MsGraphException e) {
            return "refused on listing: " + e.getClass().getSimpleName();
        }
        Optional<String> token = first.nextPageTokenIfAny();
        if (token.isEmpty()) {
            return "no token";
        }
        try {
            org.groups(GroupQuery.page(token.get()));
            return "FOLLOWED";
        } catch (MsGraphException e) {
            return "refused on follow: " + e.getClass().getSimpleName();
        } catch (RuntimeException e) {
            return "UNTYPED " + e;
        }
    }

    @Test
    void nextLinksToAnotherHostNeverCarryTheBearerThere() {
        try (FakeGraphTenant other = FakeGraphTenant.builder().virtualTime().start()) {
            InMemorySettingsStore s = new InMemorySettingsStore();
            MicrosoftIntegration node = MicrosoftIntegration.builder().settings(s).audit(new RecordingAuditSink())
                    .cloud(fake.cloud()).trustCertificates(List.of(fake.caCertificate(), other.caCertificate()))
                    .clock(fake.clock()).sleeper(fake.sleeper()).build();
            extra.add(node);
            OrganizationIntegration org = node.organization(OrganizationId.of("acme"));
            connect(org);
            int p1 = fake.port();
            int p2 = other.port();
            List<String> links = List.of(
                    "https://localhost:" + p2 + "/v1.0/groups?$top=2&$skiptoken=abc",
                    "https://127.0.0.1:" + p1 + "/v1.0/groups?$top=2&$skiptoken=abc",
                    "https://attacker@localhost:" + p2 + "/v1.0/groups?$skiptoken=abc",
                    "https://localhost:" + p1 + "@localhost:" + p2 + "/v1.0/groups?$skiptoken=abc",
                    "http://localhost:" + p1 + "/v1.0/groups?$skiptoken=abc",
                    "//localhost:" + p2 + "/v1.0/groups?$skiptoken=abc",
                    "https://localhost:" + p2 + "\\@localhost:" + p1 + "/v1.0/groups?$skiptoken=abc",
                    "HTTPS://LOCALHOST:" + p2 + "/v1.0/groups?$skiptoken=abc");
            List<String> bad = new ArrayList<>();
            for (String link : links) {
                fake.faults().clear();
                answerListingsWith(body(json(link), true), 1);
                fake.journal().clear();
                String outcome = listAndFollow(org);
                List<RecordedCall> elsewhere = other.journal().calls();
                List<String> hosts = fake.journal().calls().stream()
                        .map(c -> c.header("Host").orElse("?")).filter(h -> !h.startsWith("localhost:" + p1))
                        .toList();
                if (!elsewhere.isEmpty() || !hosts.isEmpty() || outcome.startsWith("UNTYPED")
                        || outcome.equals("FOLLOWED")) {
                    bad.add(link + " -> " + outcome + ", other host got " + elsewhere.size() + " " + hosts);
                }
                other.journal().clear();
            }
            assertEquals(List.of(), bad);
        }
    }

    @Test
    void nextLinksToOtherResourcesOrVersionsAreNotFollowed() {
        connect(acme);
        String base = "https://localhost:" + fake.port();
        List<String> links = List.of(
                base + "/v1.0/users?$top=2&$skiptoken=abc",
                base + "/beta/groups?$top=2&$skiptoken=abc",
                base + "/v1.0/groups/../users?$skiptoken=abc",
                base + "/v1.0/groups/%2e%2e/users?$skiptoken=abc",
                base + "/v1.0/groups/11111111-2222-3333-4444-555555555555/members?$skiptoken=abc",
                base + "/v1.0/me?$skiptoken=abc",
                base + "/v1.0/$batch?$skiptoken=abc",
                "/v1.0/users?$skiptoken=abc");
        List<String> bad = new ArrayList<>();
        for (String link : links) {
            fake.faults().clear();
            answerListingsWith(body(json(link), true), 1);
            fake.journal().clear();
            String outcome = listAndFollow(acme);
            List<String> strays = fake.journal().calls().stream()
                    .filter(c -> c.kind() != RecordedCall.Kind.TOKEN && !c.path().equals("/v1.0/groups"))
                    .map(c -> c.method() + " " + c.path()).toList();
            if (!strays.isEmpty() || outcome.startsWith("UNTYPED") || outcome.equals("FOLLOWED")) {
                bad.add(link + " -> " + outcome + ", strays " + strays);
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void malformedNextLinksAreTypedErrors() {
        connect(acme);
        String base = "https://localhost:" + fake.port();
        List<String> nextLinks = List.of("42", "{}", "[]", "null", "true", json(""), json(" "),
                json(base + "/v1.0/groups?$skiptoken=a\r\nX-Evil: 1"),
                json(base + "/v1.0/groups?$skiptoken=" + "a".repeat(2_000_000)),
                json("javascript:alert(1)"), json("file:///etc/passwd"), json("https://"),
                json(base + "/v1.0/groups?$skiptoken=\u0000"));
        List<String> bad = new ArrayList<>();
        for (String nl : nextLinks) {
            fake.faults().clear();
            answerListingsWith(body(nl, true), 1);
            String outcome;
            try {
                outcome = listAndFollow(acme);
            } catch (RuntimeException e) {
                outcome = "UNTYPED " + e;
            }
            if (outcome.startsWith("UNTYPED") || outcome.equals("FOLLOWED")) {
                bad.add(nl.substring(0, Math.min(80, nl.length())) + " -> " + outcome);
            }
        }
        assertEquals(List.of(), bad);
    }

    /**
     * Graph pointing a listing at itself (or two links at each other) forever: every call stays bounded, and the
     * caller's paging loop ends, either because a cycle is refused with a typed error or by the caller's own limit.
     */
    @Test
    void aCyclicListingKeepsEveryCallBoundedAndEndsTyped() {
        connect(acme);
        String base = "https://localhost:" + fake.port() + "/v1.0/groups?$top=2&$skiptoken=";
        answerListingsWith(body(json(base + "loop"), false), FaultRule.ALWAYS);
        assertEquals("cycle refused", page(25));
        fake.faults().clear();
        for (int i = 0; i < 60; i++) {
            answerListingsWith(body(json(base + (i % 2 == 0 ? "A" : "B")), true), 1);
        }
        String twoCycle = page(25);
        assertTrue(twoCycle.equals("cycle refused") || twoCycle.equals("still paging"), twoCycle);
    }

    private String page(int limit) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            GroupPage page = acme.groups(GroupQuery.all().pageSize(2));
            for (int i = 0; i < limit && page.hasNextPage(); i++) {
                fake.journal().clear();
                try {
                    page = acme.groups(GroupQuery.page(page.nextPageTokenIfAny().orElseThrow()));
                } catch (MsGraphException e) {
                    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
                    assertTrue(fake.journal().count("GET", "/groups") <= 3, fake.journal().calls().toString());
                    return "cycle refused";
                }
                int gets = fake.journal().count("GET", "/groups");
                assertTrue(gets <= 3, "one page call sent " + gets + " listing requests");
            }
            return page.hasNextPage() ? "still paging" : "ended";
        });
    }

    /** Empty pages that never end: a single groups() call must not chase them internally without bound. */
    @Test
    void aFirstListingOfEndlessEmptyPagesReturnsPromptly() {
        connect(acme);
        String next = "https://localhost:" + fake.port() + "/v1.0/groups?$top=2&$skiptoken=more";
        answerListingsWith(body(json(next), false), FaultRule.ALWAYS);
        fake.journal().clear();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> acme.groups(GroupQuery.all().pageSize(2)));
        int gets = fake.journal().count("GET", "/groups");
        assertTrue(gets <= 3, "one listing call sent " + gets + " requests");
    }
}
