package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.testkit.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Feed malformed Graph bodies (the fake's raw-body faults) to every response parser the library has, through the
 * public API: group members and owners, the {@code $batch} answers of lookups and writes, group delta, the groups
 * listing, a group's read, group creation and the connection test. Seeded and reproducible ({@code -Dfuzz.seed=}):
 * whatever the body, only an {@link MsGraphException} may escape, and it names the answer's request-id.
 */
class MalformedGraphBodiesFuzzTest {

    private record Target(String method, String path, String what, Consumer<SyncFixture> call) {
    }

    private static final String[] BODIES = {
        "", "null", "[]", "\"text\"", "42", "true", "{}", "not json", "{\"value\":", "<html>502</html>",
        "{\"value\":null}", "{\"value\":\"x\"}", "{\"value\":{}}", "{\"value\":[1,\"a\",null,[]]}",
        "{\"value\":[{}]}", "{\"value\":[{\"id\":null}]}", "{\"value\":[{\"id\":7}]}", "{\"value\":[{\"id\":[]}]}",
        "{\"value\":[{\"id\":\"x\",\"displayName\":{},\"mail\":[1],\"accountEnabled\":\"maybe\"}]}",
        "{\"value\":[{\"@odata.type\":\"#microsoft.graph.user\"}]}",
        "{\"value\":[],\"@odata.nextLink\":7}", "{\"value\":[],\"@odata.nextLink\":{}}",
        "{\"value\":[],\"@odata.nextLink\":\"https://evil.example/v1.0/groups\"}",
        "{\"value\":[],\"@odata.deltaLink\":[]}",
        "{\"id\":null}", "{\"id\":5,\"displayName\":[]}", "{\"id\":\"\",\"groupTypes\":\"Unified\"}",
        "{\"id\":\"g\",\"groupTypes\":[1,{}],\"membershipRule\":[],\"onPremisesSyncEnabled\":\"yes\"}",
        "{\"responses\":null}", "{\"responses\":{}}", "{\"responses\":[null,1,\"x\"]}",
        "{\"responses\":[{\"id\":1,\"status\":200}]}", "{\"responses\":[{\"id\":\"1\",\"status\":\"200\"}]}",
        "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":\"x\"}]}",
        "{\"responses\":[{\"id\":\"1\",\"status\":200,\"headers\":[],\"body\":{\"value\":[{\"id\":{}}]}}]}",
        "{\"responses\":[{\"id\":\"1\",\"status\":1e99}]}",
    };

    private static void teamOfTwo(SyncFixture f) {
        f.user("ann@acme.test");
        f.user("bob@acme.test");
        f.team.set(SyncFixture.ORG, List.of(cc.equa.msgraph.spi.TeamMember.individual("t1", "Ann", "ann@acme.test"),
                cc.equa.msgraph.spi.TeamMember.individual("t2", "Bob", "bob@acme.test")));
    }

    private static List<Target> targets() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("GET", "/groups/*/members", "plan (members)", f -> f.org.planSync()));
        t.add(new Target("GET", "/groups/*/owners", "plan (owners)", f -> f.org.planSync()));
        t.add(new Target("POST", "/$batch", "plan (lookups)", f -> f.org.planSync()));
        t.add(new Target("GET", "/groups/*/members", "members", f -> f.org.members()));
        t.add(new Target("GET", "/groups", "groups listing", f -> f.org.groups(GroupQuery.all())));
        t.add(new Target("GET", "/groups/*", "linked group", f -> f.org.linkedGroup()));
        t.add(new Target("GET", "/groups/*", "link group", f -> f.org.linkGroup(f.groupId)));
        t.add(new Target("POST", "/groups", "create group", f -> f.org.createGroup(NewGroup.named("Fuzz Board"))));
        t.add(new Target("GET", "/groups", "connection test", f -> f.org.testConnection()));
        t.add(new Target("GET", "/users", "connection test (users)", f -> f.org.testConnection()));
        t.add(new Target("GET", "/groups/delta", "plan (delta)", f -> {
            f.org.planSync();
            f.org.planSync();
            f.org.planSync();
        }));
        t.add(new Target("POST", "/$batch", "apply", f -> {
            SyncPlan plan = withoutFaults(f, () -> f.org.planSync());
            f.org.applySync(plan);
        }));
        return t;
    }

    /** Run without the fault under test (the apply target plans first), then put it back. */
    private static <T> T withoutFaults(SyncFixture f, java.util.function.Supplier<T> s) {
        f.fake.faults().clear();
        try {
            return s.get();
        } finally {
            pending.forEach(f.fake.faults()::add);
        }
    }

    private static final List<FaultRule> pending = new ArrayList<>();

    @Test
    void onlyMsGraphExceptionsEscapeWhateverTheBody() {
        long seed = Long.getLong("fuzz.seed", 20261130L);
        SplittableRandom random = new SplittableRandom(seed);
        List<Target> targets = targets();
        List<String> failures = new ArrayList<>();
        int cases = Integer.getInteger("fuzz.cases", 120);
        try (SyncFixture f = new SyncFixture("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "User.Read.All")) {
            teamOfTwo(f);
            for (int i = 0; i < cases; i++) {
                Target target = targets.get(i < targets.size() ? i : random.nextInt(targets.size()));
                String body = BODIES[random.nextInt(BODIES.length)];
                int status = random.nextInt(6) == 0 ? 400 + random.nextInt(200) : 200;
                String rid = "fuzz-" + i;
                FaultRule rule = FaultRule.on(target.method(), target.path()).scope(FaultRule.Scope.REQUESTS)
                        .status(status).header("request-id", rid).body("application/json", body)
                        .times(FaultRule.ALWAYS).build();
                pending.clear();
                pending.add(rule);
                f.fake.faults().clear();
                f.fake.faults().add(rule);
                try {
                    target.call().accept(f);
                } catch (MsGraphException expected) {
                    // the library's own answer; it must say which answer it could not use
                    if (expected.requestId().isEmpty() && expected.httpStatus().isEmpty()) {
                        failures.add("case " + i + " " + target.what() + " HTTP " + status + " " + body
                                + ": no request-id in " + expected.getMessage());
                    }
                } catch (RuntimeException raw) {
                    failures.add("case " + i + " " + target.what() + " HTTP " + status + " " + body + ": raw "
                            + raw);
                } finally {
                    f.fake.faults().clear();
                    pending.clear();
                }
            }
        }
        assertTrue(failures.isEmpty(), "seed " + seed + ":\n" + String.join("\n", failures));
    }
}
