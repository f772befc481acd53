package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.ConnectionVerdict;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Issue 14 read-side attacks: read lag, delta, tokens and consent, through the public API. */
class Attack14ReadsTest {

    private static final Duration LAG = Duration.ofSeconds(30);

    private static Set<String> ids(List<PlannedChange> changes) {
        return changes.stream().map(PlannedChange::directoryObjectId).collect(Collectors.toSet());
    }

    @Test
    void aTeamChangeRightAfterAnApplyIsPlannedDespiteReadsThatStillShowTheOldGroup() {
        try (A14 f = new A14(Hostility.builder().readLag(LAG).build(), A14.LEAST)) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String carl = f.user("carl@acme.test");
            String dora = f.user("dora@acme.test");
            f.fake.directory().addMembers(f.groupId, carl, dora);
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test"),
                    TeamMember.individual("b", "Bob", "bob@acme.test"),
                    TeamMember.individual("d", "Dora", "dora@acme.test")));
            SyncResult first = f.org.applySync(f.org.planSync());
            assertTrue(first.isComplete(), first.render());
            assertEquals(Set.of(ann, bob, dora), f.members());

            // the team changes within the lag: Ann leaves, Carl comes back
            f.team.set(A14.ORG, List.of(TeamMember.individual("b", "Bob", "bob@acme.test"),
                    TeamMember.individual("c", "Carl", "carl@acme.test"),
                    TeamMember.individual("d", "Dora", "dora@acme.test")));
            SyncPlan next = f.org.planSync();
            assertEquals(Set.of(carl), ids(next.additions()), next.render());
            assertEquals(Set.of(ann), ids(next.removals()), next.render());
            SyncResult r = f.org.applySync(next);
            assertTrue(r.isComplete(), r.render());
            assertEquals(Set.of(bob, carl, dora), f.members());
            f.assertResultTells(r);
        }
    }

    @Test
    void anotherNodesRemovalReachesThisNodesDeltaStateOnceTheLagHasPassed() {
        try (A14 f = new A14(Hostility.builder().readLag(Duration.ofSeconds(5)).build(), A14.LEAST)) {
            String ann = f.user("ann@acme.test");
            f.user("bob@acme.test");
            f.fake.directory().addMembers(f.groupId, ann);
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test"),
                    TeamMember.individual("b", "Bob", "bob@acme.test")));
            // this node builds its delta-checked state
            assertTrue(f.org.applySync(f.org.planSync()).isComplete());
            f.fake.advanceTime(Duration.ofMinutes(1));
            assertFalse(f.org.planSync().hasChanges());
            f.fake.advanceTime(Duration.ofSeconds(1));
            // a second node removes Ann on someone's request
            try (MicrosoftIntegration other = f.integration()) {
                SyncPlan rm = other.organization(A14.ORG).planRemoveMembers(List.of("ann@acme.test"));
                assertTrue(other.organization(A14.ORG).applySync(rm).isComplete());
            }
            assertFalse(f.members().contains(ann));
            f.org.planSync(); // within the lag: may not see it yet, and takes a new delta link
            f.fake.advanceTime(Duration.ofMinutes(2));
            SyncPlan later = f.org.planSync();
            assertEquals(Set.of(ann), ids(later.additions()),
                    "two minutes after another node's removal this node still trusts a state with Ann in it:\n"
                            + later.render());
        }
    }

    @Test
    void aConnectionTestAfterConsentIsRevokedDoesNotPassOnTheOld24HourToken() {
        try (A14 f = new A14(Hostility.builder().rolelessAccessDenied(true).tokenLifetime(Duration.ofHours(24))
                .build(), A14.LEAST)) {
            f.user("ann@acme.test");
            ConnectionReport ok = f.org.testConnection();
            assertTrue(ok.passed(), ok.render());
            f.org.planSync(); // a token is cached for the runtime
            f.fake.adminConsent(f.app, false);
            ConnectionReport after = f.org.testConnection();
            assertEquals(ConnectionVerdict.FAILED, after.verdict(), after.render());
            assertTrue(after.render().toLowerCase().contains("consent"), after.render());
        }
    }

    @Test
    void aRolelessTokenOnPlanIsDiagnosedAsMissingConsent() {
        try (A14 f = new A14(Hostility.builder().rolelessAccessDenied(true).build(), A14.LEAST)) {
            f.fake.adminConsent(f.app, false);
            f.user("ann@acme.test");
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
            MsGraphException e = assertThrows(MsGraphException.class, () -> f.org.planSync());
            f.assertGoodError(e);
            assertEquals(ErrorKind.PERMISSION, e.kind(), e.getMessage());
            assertTrue((e.reason() + e.remediation()).toLowerCase().contains("consent"), e.getMessage());
            assertEquals(List.of(), f.fake.journal().writes());
        }
    }

    @Test
    void aRolelessTokenOnApplyIsPermissionDeniedBeforeAnyWrite() {
        try (A14 f = new A14(Hostility.builder().rolelessAccessDenied(true).tokenLifetime(Duration.ofMinutes(10))
                .build(), A14.LEAST)) {
            f.user("ann@acme.test");
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            f.fake.adminConsent(f.app, false);
            f.fake.advanceTime(Duration.ofMinutes(11)); // the old token expired
            f.fake.journal().clear();
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> f.org.applySync(plan));
            f.assertGoodError(e);
            assertTrue((e.reason() + e.remediation()).toLowerCase().contains("consent"), e.getMessage());
            assertTrue(f.fake.journal().writes().size() <= 1, f.fake.journal().writes().toString());
            assertEquals(Set.of(), f.members());
        }
    }

    @Test
    void theManageProbeWithGroupMemberReadWriteAllIsAllowedUnderTheStrictBind() {
        try (A14 f = new A14(Hostility.realistic(3), A14.LEAST)) {
            f.user("ann@acme.test");
            ConnectionReport r = f.org.testConnection();
            CapabilityCheck manage = r.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow();
            assertEquals(CapabilityCheck.Status.ALLOWED, manage.status(), r.render());
            assertNotEquals(ConnectionVerdict.FAILED, r.verdict(), r.render());
        }
    }

    @Test
    void aPlanMadeBeforeAnApplyOnTheSameRuntimeAppliesAsAlreadyDoneWithoutWritesDuringTheLag() {
        try (A14 f = new A14(Hostility.builder().readLag(LAG).removeMissingAsBadRequest(1.0).build(), A14.LEAST)) {
            f.users("p", 25);
            String carl = f.user("carl@acme.test");
            f.fake.directory().addMembers(f.groupId, carl);
            f.team.set(A14.ORG, A14.teamOf("p", 25));
            SyncPlan p1 = f.org.planSync();
            SyncPlan p2 = SyncPlan.fromJson(p1.toJson());
            assertTrue(f.org.applySync(p1).isComplete());
            f.fake.journal().clear();
            SyncResult r = f.org.applySync(p2, ApplyOptions.defaults());
            assertTrue(r.isComplete(), r.render());
            assertEquals(0, r.failed());
            assertEquals(26, r.alreadyInState(), r.render());
            f.assertResultTells(r);
            assertEquals(List.of(), f.fake.journal().writes(), "own writes are known: nothing sent again");
        }
    }
}
