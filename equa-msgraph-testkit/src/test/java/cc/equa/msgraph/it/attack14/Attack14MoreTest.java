package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.MemberKind;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** More issue 14 combinations under the realistic profile. */
class Attack14MoreTest {

    private static Set<String> ids(List<PlannedChange> changes) {
        return changes.stream().map(PlannedChange::directoryObjectId).collect(Collectors.toSet());
    }

    @Test
    void aLoneGuestUnderTheRealisticProfileIsNeverAPermissionDenial() {
        List<String> problems = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) {
            for (String[] roles : List.of(A14.LEAST, A14.FULL)) {
                try (A14 f = new A14(Hostility.realistic(seed), roles)) {
                    f.guest("gwen");
                    try {
                        SyncResult r = f.org.applySync(f.org.planAddMembers(List.of("gwen@partner.test")));
                        if (r.failed() != 1 || r.failures().get(0).reasonIfAny().orElse("").contains("ReadWrite")) {
                            problems.add("seed " + seed + " " + roles[0] + ": " + r.render());
                        }
                    } catch (RuntimeException e) {
                        problems.add("seed " + seed + " " + roles[0] + ": threw " + e);
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void ownersAddedBySyncAreNotReAddedByAReplanUnderTheRealisticProfile() {
        try (A14 f = new A14(Hostility.realistic(8), A14.FULL)) {
            String ann = f.user("ann@acme.test");
            f.users("p", 5);
            List<TeamMember> team = new ArrayList<>(A14.teamOf("p", 5));
            team.add(new TeamMember("a", MemberKind.INDIVIDUAL, "Ann", "ann@acme.test", null, Set.of("admin"),
                    InvitationStatus.JOINED));
            f.team.set(A14.ORG, team);
            SyncOptions opts = SyncOptions.builder().ownerRoles(List.of("admin")).build();
            SyncPlan plan = f.org.planSync(opts);
            assertTrue(ids(plan.ownerAdditions()).contains(ann), plan.render());
            SyncResult r = f.org.applySync(plan);
            assertTrue(r.isComplete(), r.render());
            assertTrue(f.fake.directory().owners(f.groupId).stream().anyMatch(o -> o.id().equals(ann)));
            SyncPlan again = f.org.planSync(opts);
            assertFalse(again.hasChanges(), again.render());
        }
    }

    @Test
    void aStalePlanReplannedInsideApplyRightAfterAnApplyOnlySendsWhatIsLeft() {
        try (A14 f = new A14(Hostility.realistic(12), A14.FULL)) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String carl = f.user("carl@acme.test");
            String dora = f.user("dora@acme.test");
            TeamMember a = TeamMember.individual("a", "Ann", "ann@acme.test");
            TeamMember b = TeamMember.individual("b", "Bob", "bob@acme.test");
            TeamMember c = TeamMember.individual("c", "Carl", "carl@acme.test");
            TeamMember d = TeamMember.individual("d", "Dora", "dora@acme.test");
            f.team.set(A14.ORG, List.of(a, b));
            assertTrue(f.org.applySync(f.org.planSync()).isComplete());
            f.team.set(A14.ORG, List.of(a, b, c));
            SyncPlan p2 = f.org.planSync();
            assertEquals(Set.of(carl), ids(p2.additions()), p2.render());
            f.team.set(A14.ORG, List.of(a, b, c, d));
            f.fake.journal().clear();
            SyncResult r = f.org.applySync(p2, ApplyOptions.builder().replanIfStale(true).build());
            assertTrue(r.replanned(), r.render());
            assertEquals(Set.of(carl, dora), r.changes().stream().map(ChangeResult::change)
                    .map(PlannedChange::directoryObjectId).collect(Collectors.toSet()), r.render());
            assertEquals(Set.of(ann, bob, carl, dora), f.members());
        }
    }

    @Test
    void removingSixtyByAddressStaysWithinTheOrLimitAndCountsNon2xxAsDone() {
        try (A14 f = new A14(Hostility.realistic(14), A14.LEAST)) {
            List<String> ids = f.users("m", 70);
            f.fake.directory().addMembers(f.groupId, ids);
            SyncPlan plan = f.org.planRemoveMembers(A14.mails("m", 60));
            assertEquals(60, plan.removals().size(), plan.render());
            assertEquals(0, f.fake.journal().calls(c -> c.status() == 400 && c.method().equals("GET")).size());
            SyncResult r = f.org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());
            assertTrue(r.isComplete(), r.render());
            assertEquals(10, f.members().size());
            SyncResult twice = f.org.applySync(SyncPlan.fromJson(plan.toJson()),
                    ApplyOptions.builder().allowMassRemoval(true).build());
            assertTrue(twice.isComplete(), twice.render());
            assertEquals(60, twice.alreadyInState(), twice.render());
        }
    }

    @Test
    void aRolelessTokenIsDiagnosedAsMissingConsentWhicheverCodeGraphAnswers() {
        for (boolean accessDenied : new boolean[] {false, true}) {
            try (A14 f = new A14(Hostility.builder().rolelessAccessDenied(accessDenied).build(), A14.LEAST)) {
                f.fake.adminConsent(f.app, false);
                f.user("ann@acme.test");
                f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
                cc.equa.msgraph.MsGraphException e = org.junit.jupiter.api.Assertions.assertThrows(
                        cc.equa.msgraph.MsGraphException.class, () -> f.org.planSync());
                f.assertGoodError(e);
                assertEquals(cc.equa.msgraph.ErrorKind.PERMISSION, e.kind(), e.getMessage());
                assertTrue((e.reason() + " " + e.remediation()).toLowerCase().contains("consent"),
                        "AccessDenied " + accessDenied + ": " + e.getMessage());
                cc.equa.msgraph.ConnectionReport r = f.org.testConnection();
                assertEquals(cc.equa.msgraph.ConnectionVerdict.FAILED, r.verdict());
                assertTrue(r.render().toLowerCase().contains("consent"), r.render());
            }
        }
    }
}
