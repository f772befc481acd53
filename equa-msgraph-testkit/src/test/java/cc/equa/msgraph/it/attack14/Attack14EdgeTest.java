package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Edges around issue 14: odd Retry-After values, the manage probe under 400-for-404, 410 Location, races. */
class Attack14EdgeTest {

    @Test
    void oddRetryAfterValuesOnThrottledItemsNeverEscapeRawOrRetryAtOnce() {
        // a date in the past means "now" (RFC 9110); values that overflow a long are in Attack14BreaksTest
        String[] values = {"0.0001", "-1", "abc", "1e3", "99999999999999999999", "", "0,5", "NaN", "Infinity",
            " 2 "};
        List<String> problems = new ArrayList<>();
        for (String v : values) {
            try (A14 f = new A14(Hostility.DEFAULT, A14.FULL)) {
                f.users("p", 3);
                f.team.set(A14.ORG, A14.teamOf("p", 3));
                SyncPlan plan = f.org.planSync();
                f.fake.faults().add(FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS)
                        .status(429).code("TooManyRequests").header("Retry-After", v).times(2).build());
                Instant before = f.fake.clock().instant();
                try (MicrosoftIntegration m = f.builder().retries(4, Duration.ofMinutes(10)).build()) {
                    SyncResult r = m.organization(A14.ORG).applySync(plan);
                    f.assertResultTells(r);
                    if (!r.isComplete()) {
                        problems.add("'" + v + "': incomplete " + r.render());
                    }
                } catch (MsGraphException e) {
                    f.assertGoodError(e);
                } catch (RuntimeException raw) {
                    problems.add("'" + v + "': raw " + raw);
                }
                List<RecordedCall> patches = f.fake.journal().calls("PATCH", "/groups/*");
                for (int i = 1; i < patches.size(); i++) {
                    if (!patches.get(i).time().isAfter(patches.get(i - 1).time())) {
                        problems.add("'" + v + "': a throttled bind was re-sent at once");
                    }
                }
                Duration waited = Duration.between(before, f.fake.clock().instant());
                if (waited.compareTo(Duration.ofMinutes(15)) > 0) {
                    problems.add("'" + v + "': waited " + waited + " past the 10-minute retry budget");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theManageProbeIsAllowedWhicheverWayGraphAnswersTheRandomNonMember() {
        List<String> problems = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) {
            try (A14 f = new A14(Hostility.realistic(seed), A14.LEAST)) {
                f.user("ann@acme.test");
                ConnectionReport r = f.org.testConnection();
                CapabilityCheck manage = r.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow();
                if (manage.status() != CapabilityCheck.Status.ALLOWED) {
                    problems.add("seed " + seed + ": " + manage.status() + "\n" + r.render());
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aGoneDeltaLinkIsNotFollowedToTheHostItsLocationNames() {
        try (A14 f = new A14(Hostility.builder().deltaLinkLifetime(Duration.ofMinutes(10)).expiredDeltaAsGone(1.0)
                .build(), A14.LEAST)) {
            String ann = f.user("ann@acme.test");
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
            f.org.planSync();
            f.org.planSync();
            f.fake.advanceTime(Duration.ofMinutes(20));
            f.fake.faults().add(FaultRule.on("GET", "/groups/delta").scope(FaultRule.Scope.REQUESTS).status(410)
                    .code("resyncRequired").header("Location", "https://127.0.0.1:" + f.fake.port()
                            + "/v1.0/groups/delta?$filter=id%20eq%20'" + f.groupId + "'&$select=members")
                    .times(FaultRule.ALWAYS).build());
            f.fake.directory().addMembers(f.groupId, ann);
            SyncPlan plan = f.org.planSync();
            assertFalse(plan.hasChanges(), plan.render());
            for (RecordedCall c : f.fake.journal().calls()) {
                assertFalse(c.header("Host").orElse("").startsWith("127.0.0.1"), "followed Location to " + c);
            }
        }
    }

    @Test
    void throttledLookupsAreRetriedOnlyAfterRetryAfter() {
        try (A14 f = new A14(Hostility.builder().decimalRetryAfter(true).build(), A14.LEAST)) {
            f.users("p", 45);
            f.team.set(A14.ORG, A14.teamOf("p", 45));
            f.fake.faults().add(FaultRule.on("GET", "/users").scope(FaultRule.Scope.BATCH_ITEMS).status(429)
                    .code("TooManyRequests").retryAfter(Duration.ofSeconds(3)).times(6).build());
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").scope(FaultRule.Scope.REQUESTS)
                    .status(429).code("TooManyRequests").retryAfter(Duration.ofSeconds(4)).times(1).build());
            SyncPlan plan = f.org.planSync();
            assertEquals(45, plan.additions().size(), plan.render());
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void twoNodesCreatingTheSameGroupAtTheSameMomentYieldOneGroup() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            try (A14 f = new A14(Hostility.builder().newGroupInvisibleUpTo(Duration.ofSeconds(60)).seed(seed).build(),
                    "Group.Create", "GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All")) {
                f.org.unlinkGroup();
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<String> linked = new ArrayList<>();
                try (MicrosoftIntegration one = f.integration(); MicrosoftIntegration two = f.integration()) {
                    List<Future<LinkedGroup>> futures = List.of(
                            pool.submit(() -> one.organization(A14.ORG).createGroup(NewGroup.named("Cap Table"))),
                            pool.submit(() -> two.organization(A14.ORG).createGroup(NewGroup.named("Cap Table"))));
                    for (Future<LinkedGroup> fut : futures) {
                        try {
                            linked.add(fut.get().group().id());
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertTrue(e.getCause() instanceof MsGraphException, "raw " + e.getCause());
                            f.assertGoodError((MsGraphException) e.getCause());
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
                long groups = f.fake.directory().groups().stream().filter(g -> g.displayName().equals("Cap Table"))
                        .count();
                assertEquals(1, groups, "seed " + seed + ": two nodes created " + groups + " groups");
                assertTrue(linked.stream().distinct().count() <= 1, "seed " + seed + ": linked " + linked);
            }
        }
    }
}
