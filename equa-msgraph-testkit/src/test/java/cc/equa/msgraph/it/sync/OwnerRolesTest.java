package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeDirectoryObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Equa admins as group owners: opt-in owner roles, owner additions in the plan, never an owner removal. */
class OwnerRolesTest {

    static final SyncOptions ADMINS_OWN = SyncOptions.builder().ownerRoles(Set.of("Admin")).build();

    static Set<String> owners(SyncFixture f) {
        return f.fake.directory().owners(f.groupId).stream().map(FakeDirectoryObject::id)
                .collect(Collectors.toSet());
    }

    @Test
    void teamMembersWithAnOwnerRoleAreAddedAsOwnersAndOwnersAreNeverRemoved() {
        try (SyncFixture f = new SyncFixture("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "User.Read.All")) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String carol = f.user("carol@acme.test");
            String founder = f.user("founder@acme.test");
            f.fake.directory().addMembers(f.groupId, founder);
            f.fake.directory().addOwners(f.groupId, founder);
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann", "Ann@Acme.test").withRoles(Set.of("Admin", "Board")),
                    TeamMember.individual("t2", "Bob", "bob@acme.test").withRoles(Set.of("Board")),
                    TeamMember.individual("t3", "Carol", "carol@acme.test").withRoles(Set.of("Admin"))));

            SyncPlan plan = f.org.planSync(ADMINS_OWN);

            assertEquals(Set.of(ann, bob, carol), ids(plan.additions()));
            assertEquals(List.of(ann, carol), plan.ownerAdditions().stream()
                    .map(PlannedChange::directoryObjectId).toList());
            assertTrue(plan.ownerAdditions().stream().allMatch(c -> c.action() == PlannedChange.Action.ADD_OWNER));
            assertEquals(List.of("t1", "t3"), plan.ownerAdditions().stream()
                    .map(c -> c.teamMemberIdIfAny().orElseThrow()).toList());
            assertEquals(List.of(), plan.removals());
            assertEquals(KeepReason.OWNER, plan.protectedMembers().get(0).reason());
            assertEquals(5, plan.changes().size());
            assertTrue(plan.render().contains("2 to make owner"), plan.render());
            assertTrue(plan.render().contains("add owner"), plan.render());
            f.fake.journal().clear();

            SyncResult result = f.org.applySync(plan, ApplyOptions.builder().actor("admin@equa.cc").build());

            assertTrue(result.isComplete(), result.render());
            assertEquals(5, result.applied());
            assertEquals(Set.of(ann, carol, founder), owners(f));
            assertEquals(Set.of(ann, bob, carol, founder), Set.copyOf(f.members()));
            assertEquals(2, f.fake.journal().count("POST", "/groups/*/owners/$ref"));
            assertEquals(0, f.fake.journal().count("DELETE", "/groups/*/owners/*/$ref"));
            assertEquals(List.of(), f.fake.violations());
            List<AuditEvent> ownerEvents = f.audit.events().stream().filter(e -> e.action().equals("owner.add"))
                    .toList();
            assertEquals(Set.of(ann, carol), ownerEvents.stream().map(AuditEvent::subject)
                    .collect(Collectors.toSet()));
            assertTrue(ownerEvents.stream().allMatch(e -> e.outcome().equals("applied")
                    && "admin@equa.cc".equals(e.actor())));
            assertFalse(f.org.planSync(ADMINS_OWN).hasChanges());

            // Ann loses the admin role and Carol leaves the team: a mirror sync removes neither as owner, and Carol,
            // an owner now, is kept in the group too.
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann", "ann@acme.test").withRoles(Set.of("Board")),
                    TeamMember.individual("t2", "Bob", "bob@acme.test").withRoles(Set.of("Board"))));
            SyncPlan later = f.org.planSync(ADMINS_OWN.toBuilder().mode(SyncMode.MIRROR).build());
            assertFalse(later.hasChanges(), later.render());
            assertTrue(later.protectedMembers().stream().anyMatch(k -> k.directoryObjectId().equals(carol)
                    && k.reason() == KeepReason.OWNER));
            assertEquals(Set.of(ann, carol, founder), owners(f));
        }
    }

    @Test
    void anOwnerAddedMeanwhileCountsAsDoneAndTheDefaultOptionsLeaveOwnersAlone() {
        try (SyncFixture f = new SyncFixture("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "User.Read.All")) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String founder = f.user("founder@acme.test");
            f.fake.directory().addOwners(f.groupId, founder);
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann", "ann@acme.test").withRoles(Set.of("Admin")),
                    TeamMember.individual("t2", "Bob", "bob@acme.test").withRoles(Set.of("Admin"))));

            SyncPlan withoutOwners = f.org.planSync();
            assertEquals(List.of(), withoutOwners.ownerAdditions());
            assertEquals(3, JsonParser.parseString(withoutOwners.toJson()).getAsJsonObject().get("version")
                    .getAsInt());

            SyncPlan plan = f.org.planSync(ADMINS_OWN);
            assertEquals(2, plan.ownerAdditions().size());
            // The JSON form carries the owner additions (authenticated version 3) and applies exactly what was reviewed.
            SyncPlan reviewed = SyncPlan.fromJson(plan.toJson());
            assertEquals(plan.ownerAdditions(), reviewed.ownerAdditions());
            assertEquals(3, JsonParser.parseString(plan.toJson()).getAsJsonObject().get("version").getAsInt());
            f.fake.directory().addOwners(f.groupId, bob);

            SyncResult result = f.org.applySync(reviewed, ApplyOptions.defaults());

            assertTrue(result.isComplete(), result.render());
            assertFalse(result.replanned(), "an owner added meanwhile does not make the plan stale");
            ChangeResult bobOwner = result.changes().stream()
                    .filter(r -> r.change().action() == PlannedChange.Action.ADD_OWNER
                            && r.change().directoryObjectId().equals(bob))
                    .findFirst().orElseThrow();
            assertEquals(ChangeResult.Outcome.ALREADY_IN_STATE, bobOwner.outcome());
            assertEquals(Set.of(ann, bob, founder), owners(f));
            assertEquals(1, f.fake.journal().count("POST", "/groups/*/owners/$ref"));
        }
    }

    @Test
    void withoutGroupReadWriteAllOwnerAdditionsFailWithTheRemedyAndMembersStillSync() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann", "ann@acme.test").withRoles(Set.of("Admin"))));
            SyncPlan plan = f.org.planSync(ADMINS_OWN);

            SyncResult result = f.org.applySync(plan, ApplyOptions.defaults());

            assertFalse(result.isComplete());
            assertEquals(1, result.applied());
            assertEquals(List.of(ann), f.members());
            ChangeResult failed = result.failures().get(0);
            assertEquals(PlannedChange.Action.ADD_OWNER, failed.change().action());
            assertEquals(403, (int) failed.httpStatus());
            assertTrue(failed.reason().contains("Group.ReadWrite.All"), failed.reason());
            assertEquals(Set.of(), owners(f));
            assertTrue(f.audit.events().stream().anyMatch(e -> e.action().equals("owner.add")
                    && e.outcome().equals("failed")));
        }
    }

    private static Set<String> ids(List<PlannedChange> changes) {
        return changes.stream().map(PlannedChange::directoryObjectId).collect(Collectors.toSet());
    }
}
