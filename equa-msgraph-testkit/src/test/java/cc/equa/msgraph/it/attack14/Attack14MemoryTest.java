package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The runtime's memory of its own writes (read lag) and its token cache, attacked through the public API. */
class Attack14MemoryTest {

    private static Set<String> ids(List<PlannedChange> changes) {
        return changes.stream().map(PlannedChange::directoryObjectId).collect(Collectors.toSet());
    }

    @Test
    void writesThatFailedAreNotRememberedAsDoneWhileReadsLag() {
        try (A14 f = new A14(Hostility.builder().readLag(Duration.ofSeconds(30)).build(), A14.FULL)) {
            String ann = f.user("ann@acme.test");
            String carl = f.user("carl@acme.test");
            f.fake.directory().addMembers(f.groupId, carl);
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            f.fake.faults().add(FaultRule.on("*", "/groups/**").scope(FaultRule.Scope.BATCH_ITEMS).status(500)
                    .code("InternalServerError").times(FaultRule.ALWAYS).build());
            try {
                SyncResult r = f.org.applySync(plan);
                f.assertResultTells(r);
                assertEquals(2, r.failed(), r.render());
            } catch (MsGraphException e) {
                f.assertGoodError(e);
            }
            f.fake.faults().clear();
            assertEquals(Set.of(carl), f.members());
            SyncPlan again = f.org.planSync();
            assertEquals(Set.of(ann), ids(again.additions()), again.render());
            assertEquals(Set.of(carl), ids(again.removals()), again.render());
        }
    }

    @Test
    void aGuestRefusedIsNotRememberedAsAMember() {
        try (A14 f = new A14(Hostility.builder().readLag(Duration.ofSeconds(30)).guestsAllowed(false).build(),
                A14.FULL)) {
            String gwen = f.guest("gwen");
            f.team.set(A14.ORG, List.of(TeamMember.individual("g", "Gwen", "gwen@partner.test")));
            SyncResult r = f.org.applySync(f.org.planSync());
            assertEquals(1, r.failed(), r.render());
            SyncPlan again = f.org.planSync();
            assertEquals(Set.of(gwen), ids(again.additions()), again.render());
        }
    }

    @Test
    void reconnectingWithAnotherAppNeverWritesWithTheFirstAppsCachedToken() {
        try (A14 f = new A14(Hostility.builder().tokenLifetime(Duration.ofHours(24)).build(), A14.FULL)) {
            f.user("ann@acme.test");
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
            f.org.planSync(); // the first app's 24-hour token is cached
            FakeApp reader = f.fake.registerApp(AppRegistration.builder().roles("Group.Read.All", "User.Read.All")
                    .build());
            ConnectionReport r = f.org.connect(ClientSecretCredentials.of(reader.tenantId(), reader.clientId(),
                    reader.clientSecret()));
            assertTrue(r.saved(), r.render());
            f.org.linkGroup(f.groupId);
            SyncPlan plan = f.org.planSync();
            f.fake.journal().clear();
            assertThrows(PermissionDeniedException.class, () -> f.org.applySync(plan));
            for (RecordedCall c : f.fake.journal().calls()) {
                if (c.kind() == RecordedCall.Kind.GRAPH || c.kind() == RecordedCall.Kind.BATCH_ITEM) {
                    assertEquals(reader.clientId(), c.appId().orElse(""), "a call under the old app: " + c.path());
                }
            }
            assertEquals(Set.of(), f.members());
        }
    }

    @Test
    void everyPlanRightAfterAnApplySeesExactlyTheTruthUnderTheRealisticProfile() {
        try (A14 f = new A14(Hostility.realistic(21), A14.LEAST)) {
            int pool = 120;
            f.users("u", pool);
            SplittableRandom random = new SplittableRandom(21);
            Set<Integer> inTeam = new HashSet<>();
            for (int i = 0; i < 60; i++) {
                inTeam.add(i);
            }
            List<String> problems = new ArrayList<>();
            for (int cycle = 0; cycle < 12; cycle++) {
                List<TeamMember> team = new ArrayList<>();
                for (int i : inTeam) {
                    team.add(TeamMember.individual("u-t" + i, "U " + i, "u" + i + "@acme.test"));
                }
                f.team.set(A14.ORG, team);
                Set<String> truth = f.members();
                Set<String> wanted = inTeam.stream().map(i -> f.fake.directory().user("u" + i + "@acme.test")
                        .orElseThrow().id()).collect(Collectors.toSet());
                SyncPlan plan = f.org.planSync();
                Set<String> expectAdd = new HashSet<>(wanted);
                expectAdd.removeAll(truth);
                Set<String> expectRemove = new HashSet<>(truth);
                expectRemove.removeAll(wanted);
                if (!ids(plan.additions()).equals(expectAdd) || !ids(plan.removals()).equals(expectRemove)) {
                    problems.add("cycle " + cycle + ": plan adds " + ids(plan.additions()).size() + " (truth needs "
                            + expectAdd.size() + "), removes " + ids(plan.removals()).size() + " (truth needs "
                            + expectRemove.size() + ")");
                }
                SyncResult r = f.org.applySync(plan);
                f.assertResultTells(r);
                assertTrue(r.isComplete(), r.render());
                assertEquals(wanted, f.members(), "cycle " + cycle);
                // churn within the read lag: a few join, a few leave
                for (int k = 0; k < 4; k++) {
                    int join = random.nextInt(pool);
                    inTeam.add(join);
                    Integer[] current = inTeam.toArray(new Integer[0]);
                    inTeam.remove(current[random.nextInt(current.length)]);
                }
                f.fake.advanceTime(Duration.ofSeconds(2));
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void theRemovalGuardKnowsTheGroupsSizeWhenCountIsIgnored() {
        try (A14 f = new A14(Hostility.realistic(4), A14.LEAST)) {
            List<String> ids = f.users("m", 300);
            f.fake.directory().addMembers(f.groupId, ids);
            SyncPlan plan = f.org.planRemoveMembers(A14.mails("m", 25));
            assertEquals(25, plan.removals().size(), plan.render());
            assertFalse(plan.removalGuardTripped(), plan.render());
            assertEquals(30, plan.removalLimit(), plan.render());
        }
    }

    @Test
    void lookupsOfAddressesWithQuotesStayWithinTheOrLimit() {
        try (A14 f = new A14(Hostility.realistic(6), A14.FULL)) {
            List<TeamMember> team = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                String mail = "o'neil" + i + "@acme.test";
                f.user(mail);
                team.add(TeamMember.individual("t" + i, "O'Neil " + i, mail));
            }
            f.team.set(A14.ORG, team);
            SyncPlan plan = f.org.planSync();
            assertEquals(70, plan.additions().size(), plan.render());
            assertEquals(0, f.fake.journal().calls(c -> c.status() == 400).size(),
                    f.fake.journal().calls(c -> c.status() == 400).toString());
            assertTrue(f.org.applySync(plan).isComplete());
        }
    }
}
