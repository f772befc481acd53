package cc.equa.msgraph.it.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint the library calls answers with a malformed body (raw-body faults). Whatever Graph says, the public
 * API may only throw an MsGraphException, and a rendered result or report may carry no raw control character.
 */
class GraphBodyFuzzTest {

    static final List<String> BODIES = List.of(
            "not json", "", "[]", "null",
            "{\"value\": 5}", "{\"value\": [5]}", "{\"value\": [null]}", "{\"value\": [{}]}",
            "{\"value\": [{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"\\u202e\\n  remove x\"}]}",
            "{\"value\": [], \"@odata.nextLink\": \"not a url\"}",
            "{\"responses\": 5}", "{\"responses\": [5]}",
            "{\"responses\": [{\"id\": \"1\", \"status\": \"x\"}]}",
            "{\"responses\": [{\"id\": 1, \"status\": 200.5, \"headers\": 5, \"body\": {\"value\": 7}}]}",
            "{\"id\": null}",
            "{\"error\": {\"code\": \"x\\u001b[31m\", \"message\": \"line\\nremove everyone@acme.test\\u202e\"}}",
            "[".repeat(5_000) + "]".repeat(5_000));

    static final Map<String, List<String>> PATHS = Map.of(
            "/groups", List.of("testConnection", "groups", "search", "createGroup"),
            "/groups/*", List.of("linkedGroup", "linkGroup", "planSync", "testConnection"),
            "/groups/*/members", List.of("members", "planSync", "applySync"),
            "/groups/*/owners", List.of("members", "planAdd", "applySync"),
            "/users", List.of("planSync", "planAdd", "createGroup"),
            "/$batch", List.of("planSync", "planAdd", "applySync"),
            "/groups/delta", List.of("planSync"));

    static final List<Integer> STATUSES = List.of(200);

    /** The operations a host would call, each against the current fake state. */
    static Map<String, Function<AttackFixture, Object>> operations(String planJson) {
        Map<String, Function<AttackFixture, Object>> ops = new LinkedHashMap<>();
        ops.put("testConnection", f -> check(f.org.testConnection()));
        ops.put("groups", f -> f.org.groups(GroupQuery.all()).toString());
        ops.put("search", f -> f.org.groups(GroupQuery.search("board")).toString());
        ops.put("linkedGroup", f -> f.org.linkedGroup().toString());
        ops.put("members", f -> f.org.members().toString());
        ops.put("planSync", f -> f.org.planSync().render());
        ops.put("planAdd", f -> f.org.planAddMembers(List.of("new@acme.test")).render());
        ops.put("applySync", f -> check(f.org.applySync(SyncPlan.fromJson(planJson))));
        ops.put("linkGroup", f -> f.org.linkGroup(f.groupId).toString());
        ops.put("createGroup", f -> f.org.createGroup(NewGroup.named("X").owners("ann@acme.test")).toString());
        return ops;
    }

    static String check(ConnectionReport r) {
        String s = r.render();
        AttackFixture.noRawControls("report", s);
        AttackFixture.noRawControls("report.toString", r.toString());
        return s;
    }

    static String check(SyncResult r) {
        String s = r.render();
        AttackFixture.noRawControls("result", s);
        r.changes().forEach(c -> AttackFixture.noRawControls("change", c.toString()));
        return s;
    }

    @Test
    void malformedBodiesOnEveryEndpointOnlyEverRaiseMsGraphExceptions() throws Throwable {
        List<String> breaks = new ArrayList<>();
        try (AttackFixture f = new AttackFixture()) {
            f.member("leaver@acme.test");
            f.user("ann@acme.test");
            f.user("new@acme.test");
            f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
            for (String path : PATHS.keySet()) {
                for (int status : STATUSES) {
                    for (String body : BODIES) {
                        if (status != 200 && !body.contains("error")) {
                            continue;
                        }
                        f.fake.faults().clear();
                        f.settings.update(AttackFixture.ORG, s -> s.withLinkedGroupId(f.groupId));
                        String plan = f.org.planSync().toJson();
                        f.fake.faults().add(FaultRule.on("*", path).status(status).scope(FaultRule.Scope.ALL)
                                .body("application/json", body).times(FaultRule.ALWAYS).build());
                        for (Map.Entry<String, Function<AttackFixture, Object>> op : operations(plan).entrySet()) {
                            if (!PATHS.get(path).contains(op.getKey())) {
                                continue;
                            }
                            f.settings.update(AttackFixture.ORG, s -> s.withLinkedGroupId(f.groupId));
                            String where = op.getKey() + " " + path + " " + status + " " + abbrev(body);
                            try {
                                bounded(() -> op.getValue().apply(f));
                            } catch (java.util.concurrent.TimeoutException e) {
                                breaks.add(where + " -> no answer within 8 s (hang)");
                                throw new AssertionError(String.join("\n", breaks));
                            } catch (MsGraphException e) {
                                if (hasRawControl(e.getMessage()) || hasRawControl(e.toString())) {
                                    breaks.add(where + " -> raw control in message: " + abbrev(e.getMessage()));
                                }
                                java.util.Optional<String> link = f.settings.load(AttackFixture.ORG).orElseThrow()
                                        .linkedGroupIdIfAny();
                                if (!link.equals(java.util.Optional.of(f.groupId))) {
                                    breaks.add(where + " -> failed (" + e.kind() + ") but changed the stored link to "
                                            + link);
                                }
                            } catch (Throwable t) {
                                breaks.add(where + " -> " + t.getClass().getName() + ": "
                                        + abbrev(String.valueOf(t.getMessage())));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), breaks.stream().distinct().limit(60).toList(), breaks.size() + " breaks");
    }

    static <T> T bounded(java.util.concurrent.Callable<T> call) throws Throwable {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(call);
        Thread t = new Thread(task, "attack-op");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(8, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
    }

    /**
     * A token endpoint (or a proxy in front of it) answering 200 with JSON that holds an array: the sign-in must end
     * (an MsGraphException) rather than wait forever. Found by this suite: msal4j's JSON reader spins on such a body
     * (one CPU, for good) and the library waits on it without a bound.
     */
    @Test
    void aTokenResponseWithAnArrayMemberEndsInsteadOfHangingForever() throws Throwable {
        try (AttackFixture f = new AttackFixture()) {
            List<String> hangs = new ArrayList<>();
            // found by the fuzz: "{", "[]", "null", "5", "{\"id\": null}", "{\"error\": 5}" end; a token response with
            // an array member (such as {"value": [], ...} or {"responses": [...]}) never does.
            for (String body : List.of("{", "{\"value\": [], \"@odata.nextLink\": 5}")) {
                f.fake.faults().clear();
                f.fake.faults().add(FaultRule.on("POST", "/*/oauth2/v2.0/token").status(200)
                        .body("application/json", body).times(FaultRule.ALWAYS).build());
                try (MicrosoftIntegration fresh = f.integration()) {
                    OrganizationIntegration o = fresh.organization(AttackFixture.ORG);
                    try {
                        bounded(() -> o.testConnection());
                    } catch (MsGraphException e) {
                        // a typed failure is the right outcome
                    } catch (java.util.concurrent.TimeoutException e) {
                        hangs.add(abbrev(body));
                    }
                }
            }
            assertEquals(List.of(), hangs, "token responses after which testConnection never returns");
        }
    }

    static boolean hasRawControl(String s) {
        try {
            AttackFixture.noRawControls("x", s);
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }

    static String abbrev(String s) {
        String t = s.replace("\n", "\\n");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    @Test
    void tokenEndpointOutagesAreServiceProblemsNotWrongCredentials() {
        String aadsts90033 = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"AADSTS90033: A transient"
                + " error has occurred. Please try again.\",\"error_codes\":[90033],\"timestamp\":\"2026-11-30"
                + " 05:00:00Z\",\"trace_id\":\"t\",\"correlation_id\":\"c\"}";
        List<String> breaks = new ArrayList<>();
        Map<String, FaultRule> rules = new LinkedHashMap<>();
        rules.put("503 aadsts90033", FaultRule.on("POST", "/*/oauth2/v2.0/token").status(503)
                .body("application/json", aadsts90033).times(FaultRule.ALWAYS).build());
        rules.put("500 json", FaultRule.on("POST", "/*/oauth2/v2.0/token").status(500)
                .body("application/json", "{\"error\":\"server_error\",\"error_description\":\"AADSTS50000:"
                        + " There was an error issuing a token.\",\"error_codes\":[50000]}")
                .times(FaultRule.ALWAYS).build());
        rules.put("disconnect", FaultRule.on("POST", "/*/oauth2/v2.0/token").disconnect().times(FaultRule.ALWAYS)
                .build());
        rules.put("200 garbage", FaultRule.on("POST", "/*/oauth2/v2.0/token").status(200)
                .body("application/json", "{\"token_type\":\"Bearer\",\"access_token\":5}").times(FaultRule.ALWAYS)
                .build());
        rules.put("200 html", FaultRule.on("POST", "/*/oauth2/v2.0/token").status(200)
                .body("text/html", "<html>captive portal</html>").times(FaultRule.ALWAYS).build());
        for (Map.Entry<String, FaultRule> rule : rules.entrySet()) {
            try (AttackFixture f = new AttackFixture()) {
                f.user("ann@acme.test");
                f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
                f.fake.faults().add(rule.getValue());
                boolean outage = !rule.getKey().startsWith("200");
                try (MicrosoftIntegration fresh = f.integration()) {
                    OrganizationIntegration o = fresh.organization(AttackFixture.ORG);
                    try {
                        ConnectionReport r = o.testConnection(ClientSecretCredentials.of(f.app.tenantId(),
                                f.app.clientId(), f.app.clientSecret()));
                        String text = r.render();
                        // The report's first line names the credential kind ("client secret for app … in tenant
                        // …"): that describes, it does not blame. What the admin is told to do is in the messages.
                        String advice = String.join("\n", r.messages());
                        if (outage && (blamesCredentials(advice) || r.tokenFailureIfAny().isPresent()
                                && r.tokenFailureIfAny().get() != cc.equa.msgraph.AuthFailure.NETWORK
                                && r.tokenFailureIfAny().get() != cc.equa.msgraph.AuthFailure.SERVICE_UNAVAILABLE)) {
                            breaks.add(rule.getKey() + " testConnection blames credentials: "
                                    + r.tokenFailureIfAny() + " / " + text);
                        }
                    } catch (Throwable t) {
                        if (!(t instanceof MsGraphException)) {
                            breaks.add(rule.getKey() + " testConnection raw " + t);
                        }
                    }
                    try {
                        o.planSync();
                        breaks.add(rule.getKey() + " planSync succeeded without a token");
                    } catch (MsGraphException e) {
                        if (outage && (e.kind() == cc.equa.msgraph.ErrorKind.AUTHENTICATION
                                || blamesCredentials(e.getMessage()))) {
                            breaks.add(rule.getKey() + " planSync blames credentials: " + e.getClass().getSimpleName()
                                    + " " + e.kind() + " " + e.getMessage());
                        }
                    } catch (Throwable t) {
                        breaks.add(rule.getKey() + " planSync raw " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), breaks);
    }

    static boolean blamesCredentials(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return t.contains("client secret") || t.contains("tenant id") || t.contains("new credentials");
    }

    @Test
    void aMembersNextLinkToAPlainHttpHostNeverReceivesTheToken() throws Exception {
        try (java.net.ServerSocket trap = new java.net.ServerSocket(0, 5,
                java.net.InetAddress.getLoopbackAddress()); AttackFixture f = new AttackFixture()) {
            trap.setSoTimeout(500);
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                for (int k = 0; k < 20 && !trap.isClosed(); k++) {
                try (java.net.Socket s = trap.accept()) {
                    s.setSoTimeout(2000);
                    byte[] buf = new byte[8192];
                    int n = s.getInputStream().read(buf);
                    if (n > 0) {
                            seen.add(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"value\":[]}"
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException ignored) {
                    // nothing came
                }
                }
            });
            t.start();
            f.member("leaver@acme.test");
            for (String host : List.of("http://127.0.0.1:" + trap.getLocalPort(),
                    "http://localhost:" + trap.getLocalPort())) {
                f.fake.faults().clear();
                f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").status(200)
                        .body("application/json", "{\"value\": [], \"@odata.nextLink\": \"" + host + "/v1.0/groups/"
                                + f.groupId + "/members?$skiptoken=x\"}").times(1).build());
                try {
                    f.org.members();
                } catch (MsGraphException e) {
                    // refusing a foreign next link is right
                }
            }
            trap.close();
            t.join(3000);
            for (String req : seen) {
                assertTrue(!req.toLowerCase(java.util.Locale.ROOT).contains("authorization:"),
                        "the bearer token was sent over plain HTTP to a host Graph's next link named: "
                                + req.lines().filter(l -> !l.toLowerCase(java.util.Locale.ROOT)
                                        .startsWith("authorization")).limit(3).toList());
            }
        }
    }
}
