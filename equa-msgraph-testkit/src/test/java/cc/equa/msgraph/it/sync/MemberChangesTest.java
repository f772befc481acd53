package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.testkit.FakeUser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MemberChangesTest {

    @Test
    void addByEmailMatchesReportsMissAndAmbiguityAndCountsExistingMembers() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            f.fake.directory().addMembers(f.groupId, bob);
            f.user(FakeUser.builder().displayName("A").mail("a1@acme.test").userPrincipalName("a1@acme.test")
                    .otherMails("shared@acme.test"));
            f.user(FakeUser.builder().displayName("B").mail("b1@acme.test").userPrincipalName("b1@acme.test")
                    .otherMails("shared@acme.test"));

            SyncPlan plan = f.org.planAddMembers(List.of("ANN@acme.test", "bob@acme.test", "ghost@acme.test",
                    "shared@acme.test", "bad address"));

            assertEquals(SyncPlan.Kind.ADD_MEMBERS, plan.kind());
            assertEquals(List.of(ann), plan.additions().stream().map(PlannedChange::directoryObjectId).toList());
            assertEquals(List.of(bob), plan.unchanged().stream().map(k -> k.directoryObjectId()).toList());
            Map<String, SkipReason> reasons = plan.skipped().stream()
                    .collect(Collectors.toMap(SkippedMember::teamMemberId, SkippedMember::reason));
            assertEquals(Map.of("ghost@acme.test", SkipReason.NO_MATCHING_USER,
                    "shared@acme.test", SkipReason.AMBIGUOUS_MATCH, "bad address", SkipReason.INVALID_EMAIL),
                    reasons);
            SyncPlan reviewed = SyncPlan.fromJson(plan.toJson());

            SyncResult result = f.org.applySync(reviewed, ApplyOptions.builder().actor("ops@equa.cc").build());

            assertEquals(1, result.applied());
            assertTrue(result.changes().get(0).requestIdIfAny().isPresent());
            assertEquals(Set.of(ann, bob), Set.copyOf(f.members()));
            assertEquals("ops@equa.cc", f.audit.events().get(0).actor());
            assertEquals("member.add", f.audit.events().get(0).action());
            SyncResult again = f.org.applySync(reviewed);
            assertEquals(ChangeResult.Outcome.ALREADY_IN_STATE, again.changes().get(0).outcome());
        }
    }

    @Test
    void removeChosenMembersNeverTouchesOwnersOrTheAppUnlessAllowed() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String owner = f.user("owner@acme.test");
            String outsider = f.user("outsider@acme.test");
            f.fake.directory().addMembers(f.groupId, ann, owner, f.app.servicePrincipalId());
            f.fake.directory().addOwners(f.groupId, owner);

            SyncPlan plan = f.org.planRemoveMembers(List.of("Ann@acme.test", "owner@acme.test", "outsider@acme.test",
                    f.app.servicePrincipalId()));

            assertEquals(List.of(ann), plan.removals().stream().map(PlannedChange::directoryObjectId).toList());
            assertTrue(plan.protectedMembers().stream().anyMatch(k -> k.directoryObjectId().equals(owner)
                    && k.reason() == KeepReason.OWNER));
            assertFalse(plan.removals().stream().anyMatch(c -> c.directoryObjectId()
                    .equalsIgnoreCase(f.app.servicePrincipalId())));
            assertTrue(plan.skipped().stream().anyMatch(s -> s.reason() == SkipReason.NOT_A_MEMBER
                    && s.candidateIds().contains(outsider)));

            SyncResult result = f.org.applySync(plan);
            assertEquals(1, result.applied());
            assertFalse(f.members().contains(ann));
            assertTrue(f.members().contains(owner));
            assertEquals(1, f.fake.journal().count("DELETE", "/groups/*/members/*/$ref"));
            assertEquals(List.of(), f.fake.violations());

            SyncPlan allowed = f.org.planRemoveMembers(List.of("owner@acme.test"), true);
            assertEquals(List.of(owner), allowed.removals().stream().map(PlannedChange::directoryObjectId).toList());
            assertTrue(f.org.applySync(allowed).isComplete());
            assertFalse(f.members().contains(owner));
        }
    }

    @Test
    void emptyRequestsAreRefusedBeforeAnyNetworkCall() {
        try (SyncFixture f = new SyncFixture()) {
            assertThrows(InvalidInputException.class, () -> f.org.planAddMembers(List.of()));
            assertEquals(0, f.fake.journal().calls().size());
        }
    }
}
