package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two nodes applying one plan at once, and the pacer, under the realistic profile. */
class Attack14ConcurrencyAndPacingTest {

    @Test
    void twoNodesApplyingTheSamePlanAtOnceLoseNothingAndFailOnlyTheGuest() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            try (A14 f = new A14(Hostility.realistic(seed), A14.LEAST)) {
                Set<String> target = new HashSet<>(f.users("p", 50));
                List<String> leavers = f.users("c", 4);
                f.fake.directory().addMembers(f.groupId, leavers);
                String gwen = f.guest("gwen");
                List<TeamMember> team = new ArrayList<>(A14.teamOf("p", 50));
                team.add(TeamMember.individual("g", "Gwen", "gwen@partner.test"));
                f.team.set(A14.ORG, team);
                String json = f.org.planSync().toJson();
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try (MicrosoftIntegration one = f.integration(); MicrosoftIntegration two = f.integration()) {
                    Future<SyncResult> a = pool.submit(() -> one.organization(A14.ORG).applySync(SyncPlan.fromJson(
                            json)));
                    Future<SyncResult> b = pool.submit(() -> two.organization(A14.ORG).applySync(SyncPlan.fromJson(
                            json)));
                    for (Future<SyncResult> fut : List.of(a, b)) {
                        try {
                            SyncResult r = fut.get();
                            f.assertResultTells(r);
                            for (ChangeResult c : r.failures()) {
                                assertEquals(gwen, c.change().directoryObjectId(), "seed " + seed + ": "
                                        + r.render());
                            }
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertTrue(e.getCause() instanceof MsGraphException, "seed " + seed + ": raw " + e
                                    .getCause());
                            f.assertGoodError((MsGraphException) e.getCause());
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertEquals(target, f.members(), "seed " + seed);
                assertEquals(List.of(), f.fake.violations(), "seed " + seed);
            }
        }
    }

    private static void paced(String[] roles, int n) {
        try (A14 f = new A14(Hostility.realistic(9), roles)) {
            f.fake.writeQuota(WriteQuota.of(300, Duration.ofSeconds(15)));
            Set<String> ids = new HashSet<>(f.users("p", n));
            f.team.set(A14.ORG, A14.teamOf("p", n));
            try (MicrosoftIntegration m = f.builder().writeQuota(300, Duration.ofSeconds(15))
                    .retries(6, Duration.ofHours(1)).build()) {
                SyncPlan plan = m.organization(A14.ORG).planSync();
                f.fake.journal().clear();
                SyncResult r = m.organization(A14.ORG).applySync(plan);
                assertTrue(r.isComplete(), r.render());
                f.assertResultTells(r);
            }
            assertEquals(ids, f.members());
            List<RecordedCall> writes = f.fake.journal().writes();
            long throttled = writes.stream().filter(c -> c.status() == 429).count();
            assertTrue(throttled * 100 <= writes.size(), String.join(",", roles) + ": " + throttled + " of "
                    + writes.size() + " write requests throttled");
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void underTheRealisticProfileBindsCostingSevenWritesStayUnderOnePercent429s() {
        paced(A14.FULL, 4000);
    }

    @Test
    void underTheRealisticProfileRefFallbackStaysUnderOnePercent429s() {
        paced(A14.LEAST, 3000);
    }
}
