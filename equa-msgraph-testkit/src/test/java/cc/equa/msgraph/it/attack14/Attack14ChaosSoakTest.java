package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded chaos (429/503/504/500 on Graph requests and batch items) on top of the realistic profile, with team churn
 * between rounds: only MsGraphExceptions, every reported outcome true, no early retry, and convergence once calm.
 */
class Attack14ChaosSoakTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void churnUnderChaosAndTheRealisticProfileConverges(long seed) {
        try (A14 f = new A14(Hostility.realistic(seed), seed % 2 == 0 ? A14.FULL : A14.LEAST)) {
            int pool = 90;
            f.users("u", pool);
            String gwen = f.guest("gwen");
            SplittableRandom random = new SplittableRandom(seed);
            Set<Integer> inTeam = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                inTeam.add(random.nextInt(pool));
            }
            f.fake.faults().chaos(seed, 0.15);
            List<String> problems = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                f.team.set(A14.ORG, team(inTeam));
                try {
                    SyncPlan plan = f.org.planSync();
                    SyncResult r = f.org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());
                    f.assertResultTells(r);
                } catch (MsGraphException e) {
                    f.assertGoodError(e);
                } catch (RuntimeException raw) {
                    problems.add("round " + round + ": raw " + raw);
                }
                for (int k = 0; k < 5; k++) {
                    int join = random.nextInt(pool);
                    inTeam.add(join);
                    Integer[] now = inTeam.toArray(new Integer[0]);
                    inTeam.remove(now[random.nextInt(now.length)]);
                }
                f.fake.advanceTime(Duration.ofSeconds(1 + random.nextInt(20)));
            }
            f.fake.faults().chaosOff();
            f.team.set(A14.ORG, team(inTeam));
            Set<String> wanted = inTeam.stream().map(i -> f.fake.directory().user("u" + i + "@acme.test")
                    .orElseThrow().id()).collect(Collectors.toSet());
            for (int i = 0; i < 2; i++) {
                Set<String> truth = f.members();
                SyncPlan plan = f.org.planSync();
                Set<String> expectAdd = new HashSet<>(wanted);
                expectAdd.removeAll(truth);
                Set<String> expectRemove = new HashSet<>(truth);
                expectRemove.removeAll(wanted);
                Set<String> adds = ids(plan.additions());
                adds.remove(gwen);
                if (!adds.equals(expectAdd) || !ids(plan.removals()).equals(expectRemove)) {
                    problems.add("calm plan " + i + " differs from the truth: adds " + adds.size() + " (needs "
                            + expectAdd.size() + ", phantom " + minus(adds, expectAdd).size() + ", missing "
                            + minus(expectAdd, adds).size() + "), removes " + plan.removals().size() + " (needs "
                            + expectRemove.size() + ", phantom " + minus(ids(plan.removals()), expectRemove).size()
                            + ", missing " + minus(expectRemove, ids(plan.removals())).size() + ")");
                }
                SyncResult r = f.org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());
                f.assertResultTells(r);
            }
            assertTrue(problems.isEmpty(), "seed " + seed + ":\n" + String.join("\n", problems));
            assertEquals(wanted, f.members(), "seed " + seed);
            f.fake.advanceTime(Duration.ofMinutes(16));
            SyncPlan calm = f.org.planSync();
            Set<String> left = calm.changes().stream().map(PlannedChange::directoryObjectId)
                    .collect(Collectors.toSet());
            assertTrue(left.size() <= 1, "seed " + seed + ": not converged\n" + calm.render());
            assertEquals(List.of(), f.fake.violations(), "seed " + seed);
        }
    }

    private static Set<String> ids(List<PlannedChange> changes) {
        return changes.stream().map(PlannedChange::directoryObjectId).collect(Collectors.toSet());
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> r = new HashSet<>(a);
        r.removeAll(b);
        return r;
    }

    private static List<TeamMember> team(Set<Integer> inTeam) {
        List<TeamMember> team = new ArrayList<>();
        for (int i : inTeam) {
            team.add(TeamMember.individual("u-t" + i, "U " + i, "u" + i + "@acme.test"));
        }
        team.add(TeamMember.individual("g", "Gwen", "gwen@partner.test"));
        return team;
    }
}
