package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One fault at every position of a plan + apply under the realistic profile (guest in the team, non-members removed
 * answered 400, strict bind, read lag, envelope variants): only MsGraphExceptions escape, every reported outcome is
 * true, and plan/apply again converges with no violation.
 */
class Attack14FaultSweepTest {

    private static final int TEAM = 45;

    private static FaultRule.Builder base(String kind, FaultRule.Builder b) {
        return switch (kind) {
            case "500" -> b.status(500).code("InternalServerError");
            case "503" -> b.status(503).code("ServiceUnavailable");
            case "502html" -> b.status(502).body("text/html", "<html><body>502 Bad Gateway</body></html>");
            case "truncated" -> b.status(200).body("application/json", "{\"value\":[{\"id\":\"");
            case "garbage" -> b.status(200).body("application/json", "{\"responses\":[{\"id\":\"1\",\"status\"");
            case "disconnect" -> b.disconnect();
            case "lost" -> b.applyThenDisconnect();
            case "403item" -> b.status(403).code("Authorization_RequestDenied")
                    .message("Insufficient privileges to complete the operation.");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static final class Setup {
        final A14 f;
        final Set<String> target = new HashSet<>();
        final Set<String> leavers = new HashSet<>();

        Setup(long seed) {
            f = new A14(Hostility.realistic(seed), A14.LEAST);
            target.addAll(f.users("p", TEAM));
            for (int i = 0; i < 3; i++) {
                leavers.add(f.user("c" + i + "@acme.test"));
            }
            f.fake.directory().addMembers(f.groupId, new ArrayList<>(leavers));
            f.guest("gwen");
            List<TeamMember> team = new ArrayList<>(A14.teamOf("p", TEAM));
            team.add(3, TeamMember.individual("g", "Gwen", "gwen@partner.test"));
            f.team.set(A14.ORG, team);
        }
    }

    /** Run plan + apply once; return a failure description or null. */
    private static String once(Setup s, String label) {
        try {
            SyncPlan plan = s.f.org.planSync();
            SyncResult r = s.f.org.applySync(plan, ApplyOptions.defaults());
            s.f.assertResultTells(r);
            return null;
        } catch (MsGraphException e) {
            try {
                s.f.assertGoodError(e);
            } catch (AssertionError a) {
                return label + ": " + a.getMessage();
            }
            return null;
        } catch (AssertionError a) {
            return label + ": " + a.getMessage();
        } catch (RuntimeException raw) {
            return label + ": raw " + raw;
        }
    }

    private static String converge(Setup s, String label) {
        for (int i = 0; i < 4; i++) {
            String err = once(s, label + " converge#" + i);
            if (err != null) {
                return err;
            }
        }
        s.f.fake.advanceTime(Duration.ofMinutes(16));
        SyncPlan last;
        try {
            last = s.f.org.planSync();
        } catch (RuntimeException e) {
            return label + ": final plan threw " + e;
        }
        Set<String> adds = new HashSet<>();
        last.additions().stream().map(PlannedChange::directoryObjectId).forEach(adds::add);
        if (adds.size() != 1 || !last.removals().isEmpty()) {
            return label + ": did not converge (only the guest should be left):\n" + last.render();
        }
        if (!s.f.members().equals(s.target)) {
            return label + ": group " + s.f.members().size() + " members, expected " + s.target.size();
        }
        if (!s.f.fake.violations().isEmpty()) {
            return label + ": violations " + s.f.fake.violations();
        }
        return null;
    }

    private static int cleanRequestCount(Function<RecordedCall, Boolean> counted) {
        Setup s = new Setup(1);
        try (A14 f = s.f) {
            once(s, "clean");
            return (int) f.fake.journal().calls().stream().filter(counted::apply).count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "503", "502html", "truncated", "garbage", "disconnect", "lost"})
    void oneFaultOnTheWireAtEveryPosition(String kind) {
        int n = cleanRequestCount(c -> c.kind() == RecordedCall.Kind.GRAPH || c.kind() == RecordedCall.Kind.TOKEN);
        List<String> failures = new ArrayList<>();
        int fired = 0;
        for (int k = 0; k <= n; k++) {
            Setup s = new Setup(1);
            try (A14 f = s.f) {
                f.fake.faults().add(base(kind, FaultRule.on("*", "/**").scope(FaultRule.Scope.REQUESTS)).skip(k)
                        .times(1).build());
                String label = kind + "@request " + k + "/" + n;
                String err = once(s, label);
                if (f.fake.journal().calls().stream().anyMatch(c -> c.fault().isPresent())) {
                    fired++;
                }
                f.fake.faults().clear();
                if (err == null) {
                    err = converge(s, label);
                }
                if (err != null) {
                    failures.add(err);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
        assertTrue(fired >= n / 2, "the fault fired in only " + fired + " runs of " + n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "503", "lost", "403item"})
    void oneFaultOnABatchItemAtEveryPosition(String kind) {
        int n = cleanRequestCount(c -> c.kind() == RecordedCall.Kind.BATCH_ITEM);
        List<String> failures = new ArrayList<>();
        int fired = 0;
        for (int k = 0; k <= n; k += 2) {
            Setup s = new Setup(2);
            try (A14 f = s.f) {
                f.fake.faults().add(base(kind, FaultRule.on("*", "/**").scope(FaultRule.Scope.BATCH_ITEMS)).skip(k)
                        .times(1).build());
                String label = kind + "@item " + k + "/" + n;
                String err = once(s, label);
                if (f.fake.journal().calls().stream().anyMatch(c -> c.fault().isPresent())) {
                    fired++;
                }
                f.fake.faults().clear();
                if (err == null) {
                    err = converge(s, label);
                }
                if (err != null) {
                    failures.add(err);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
        assertTrue(fired >= n / 2, "the fault fired in only " + fired + " runs of " + n);
    }
}
