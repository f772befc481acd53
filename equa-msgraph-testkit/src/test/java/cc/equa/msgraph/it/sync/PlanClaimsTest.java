package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanAuthenticator;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.plan.StoredPlanKeys;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeDirectoryObject;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Apply never trusts a plan's own claims: every change is checked against the team and the directory as they are at
 * apply time. Forged plans are built in memory from a genuine plan's content with the fingerprints left intact and
 * signed with the organization's own plan key (a stolen key), so only the per-change checks stand between them and
 * the group. Forged JSON without the key is {@code ForgedPlanTest}'s subject.
 */
class PlanClaimsTest {

    static final SyncOptions ADMINS_OWN = SyncOptions.builder().ownerRoles(Set.of("Admin")).build();

    /**
     * Forge a plan and sign it with the organization's own plan key, as an attacker who had stolen the key could:
     * the plan's authentication passes, so only apply's per-change checks stand between the forgery and the group.
     */
    static SyncPlan forge(SyncFixture f, SyncPlan plan, List<PlannedChange> additions,
            List<PlannedChange> ownerAdditions, List<PlannedChange> removals, boolean guardTripped) {
        PlanContent c = PlanAccess.content(plan);
        return new PlanAuthenticator(new StoredPlanKeys(f.settings)).seal(SyncFixture.ORG, PlanAccess.create(
                new PlanContent(c.planId(), c.kind(), c.organization(), c.groupId(), c.createdAt(),
                c.options(), c.requested(), c.includeProtected(), c.fingerprint(), c.groupFingerprint(),
                c.teamFingerprint(), c.userMembers(), c.removalLimit(), guardTripped,
                guardTripped ? c.guardReason() : null, additions, removals, c.unchanged(), c.skipped(),
                c.protectedMembers(), c.notInTeam(), ownerAdditions)), "forge a plan");
    }

    static List<PlannedChange> plus(List<PlannedChange> list, PlannedChange... more) {
        List<PlannedChange> out = new ArrayList<>(list);
        out.addAll(List.of(more));
        return out;
    }

    /** Every write of this kind the fake saw (batch items included, the batch envelope not) for this object. */
    static List<RecordedCall> writesFor(SyncFixture f, String objectId, PlannedChange.Action action) {
        return f.fake.journal().calls(c -> !c.path().endsWith("/$batch") && switch (action) {
            case ADD -> c.method().equals("PATCH") && c.body().orElse("").contains(objectId);
            case ADD_OWNER -> c.method().equals("POST") && c.path().contains("/owners/")
                    && c.body().orElse("").contains(objectId);
            case REMOVE -> c.method().equals("DELETE") && c.path().contains(objectId);
        });
    }

    static ChangeResult resultFor(SyncResult result, String objectId, PlannedChange.Action action) {
        return result.changes().stream().filter(r -> r.change().directoryObjectId().equals(objectId)
                && r.change().action() == action).findFirst().orElseThrow();
    }

    static void assertRefused(SyncFixture f, SyncResult result, String objectId, PlannedChange.Action action,
            String why) {
        ChangeResult r = resultFor(result, objectId, action);
        assertEquals(ChangeResult.Outcome.FAILED, r.outcome(), r.toString());
        assertTrue(r.reason() != null && r.reason().startsWith("refused: ") && r.reason().contains(why),
                r.reason());
        assertEquals(null, r.requestId(), "no request is made for a refused change");
        assertEquals(List.of(), writesFor(f, objectId, action));
        List<AuditEvent> events = f.audit.events().stream().filter(e -> objectId.equals(e.subject())
                && e.outcome().equals("failed")).toList();
        assertFalse(events.isEmpty(), "a refused change is audited");
        assertTrue(events.stream().allMatch(e -> e.detail() != null && e.detail().startsWith("refused: ")));
    }

    @Test
    void theRemovalGuardIsRecomputedFromTheRemovalsAndTheGroupsCurrentSize() {
        try (SyncFixture f = new SyncFixture()) {
            List<String> ids = SyncScenariosTest.usersFor(f, 20);
            f.fake.directory().addMembers(f.groupId, ids);
            f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(5));
            SyncPlan plan = f.org.planSync();
            assertEquals(15, plan.removals().size());
            assertTrue(plan.removalGuardTripped());
            SyncPlan forged = forge(f, plan, plan.additions(), plan.ownerAdditions(), plan.removals(), false);
            assertFalse(forged.removalGuardTripped());
            f.fake.journal().clear();

            MsGraphException e = assertThrows(MsGraphException.class, () -> f.org.applySync(forged));

            assertEquals(ErrorKind.REMOVAL_GUARD, e.kind());
            assertTrue(e.reason().contains("15 removals exceed the allowed 10"), e.reason());
            assertEquals(0, f.fake.journal().count("DELETE", "/groups/*/members/*/$ref"));
            assertEquals(20, f.members().size());
            // the override still works on the genuine plan
            SyncResult forced = f.org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());
            assertEquals(15, forced.applied());
        }
    }

    @Test
    void anAdditionThatIsNotACurrentTeamMembersMatchedUserIsRefused() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String eve = f.user("eve@evil.test");
            String mallory = f.user("mallory@evil.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(List.of(ann), plan.additions().stream().map(PlannedChange::directoryObjectId).toList());
            SyncPlan forged = forge(f, plan, plus(plan.additions(),
                    // an outsider shown beside a team member's address
                    new PlannedChange(PlannedChange.Action.ADD, eve, "ann@acme.test", "t1"),
                    // an outsider claimed for a team member who does not exist
                    new PlannedChange(PlannedChange.Action.ADD, mallory, "mallory@evil.test", "t9")),
                    List.of(), List.of(), false);
            f.fake.journal().clear();

            SyncResult result = f.org.applySync(forged);

            assertEquals(ChangeResult.Outcome.APPLIED, resultFor(result, ann, PlannedChange.Action.ADD).outcome());
            assertRefused(f, result, eve, PlannedChange.Action.ADD, "not the user");
            assertRefused(f, result, mallory, PlannedChange.Action.ADD, "not a current Equa team member");
            assertEquals(List.of(ann), f.members());
            assertEquals(1, result.applied());
            assertEquals(2, result.failed());
        }
    }

    @Test
    void anAdditionWhoseAddressNoLongerResolvesToItsUserIsRefused() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            // after the review a second account claims the address: the team is unchanged, the group too, but the
            // address no longer places one person
            f.user(FakeUser.builder().displayName("Ann 2").mail("ann@acme.test").userPrincipalName("ann2@acme.test"));

            SyncResult result = f.org.applySync(plan);

            assertRefused(f, result, ann, PlannedChange.Action.ADD, "several");
            assertEquals(List.of(), f.members());
        }
    }

    @Test
    void anOwnerAdditionNeedsACurrentTeamMemberWithAnOwnerRole() {
        try (SyncFixture f = new SyncFixture("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "User.Read.All")) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String eve = f.user("eve@evil.test");
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann", "ann@acme.test").withRoles(Set.of("Admin")),
                    TeamMember.individual("t2", "Bob", "bob@acme.test").withRoles(Set.of("Board"))));
            SyncPlan plan = f.org.planSync(ADMINS_OWN);
            assertEquals(List.of(ann), plan.ownerAdditions().stream().map(PlannedChange::directoryObjectId).toList());
            SyncPlan forged = forge(f, plan, plan.additions(), plus(plan.ownerAdditions(),
                    new PlannedChange(PlannedChange.Action.ADD_OWNER, bob, "bob@acme.test", "t2"),
                    new PlannedChange(PlannedChange.Action.ADD_OWNER, eve, "ann@acme.test", "t1")),
                    List.of(), false);
            f.fake.journal().clear();

            SyncResult result = f.org.applySync(forged);

            assertEquals(ChangeResult.Outcome.APPLIED,
                    resultFor(result, ann, PlannedChange.Action.ADD_OWNER).outcome());
            assertRefused(f, result, bob, PlannedChange.Action.ADD_OWNER, "owner role");
            assertEquals(1, f.fake.journal().count("POST", "/groups/*/owners/$ref"));
            assertRefused(f, result, eve, PlannedChange.Action.ADD_OWNER, "not the user");
            assertEquals(Set.of(ann), f.fake.directory().owners(f.groupId).stream().map(FakeDirectoryObject::id)
                    .collect(Collectors.toSet()));
        }
    }

    @Test
    void aRemovalOfAProtectedMemberIsRefusedUnlessExplicitlyIncluded() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String founder = f.user("founder@acme.test");
            String printer = f.fake.directory().addDevice("Printer").id();
            f.fake.directory().addMembers(f.groupId, ann, founder, printer);
            f.fake.directory().addOwners(f.groupId, founder);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(List.of(), plan.removals());
            SyncPlan forged = forge(f, plan, List.of(), List.of(), List.of(
                    new PlannedChange(PlannedChange.Action.REMOVE, founder, "founder@acme.test", null),
                    new PlannedChange(PlannedChange.Action.REMOVE, printer, "device " + printer, null)), false);
            f.fake.journal().clear();

            SyncResult result = f.org.applySync(forged);

            assertRefused(f, result, founder, PlannedChange.Action.REMOVE, "owner");
            assertRefused(f, result, printer, PlannedChange.Action.REMOVE, "not a user");
            assertEquals(Set.of(ann, founder, printer), Set.copyOf(f.members()));

            // an explicit removal that does include protected members is a genuine request and is applied
            f.audit.clear();
            SyncPlan explicit = f.org.planRemoveMembers(List.of("founder@acme.test"), true);
            assertEquals(List.of(founder), explicit.removals().stream().map(PlannedChange::directoryObjectId)
                    .toList());
            assertEquals(1, f.org.applySync(explicit).applied());
            assertFalse(f.members().contains(founder));
        }
    }

    @Test
    void aMirrorRemovalOfSomeoneMatchedToACurrentTeamMemberIsRefused() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user(FakeUser.builder().displayName("Ann").mail("ann@acme.test")
                    .userPrincipalName("ann@acme.test").otherMails("ann.private@example.test"));
            String bob = f.user("bob@acme.test");
            String leaver = f.user("leaver@acme.test");
            f.fake.directory().addMembers(f.groupId, ann, bob, leaver);
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann", "ann.private@example.test"),
                    TeamMember.individual("t2", "Bob", "bob@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(List.of(leaver), plan.removals().stream().map(PlannedChange::directoryObjectId).toList());
            SyncPlan forged = forge(f, plan, List.of(), List.of(), plus(plan.removals(),
                    new PlannedChange(PlannedChange.Action.REMOVE, ann, "ann@acme.test", null),
                    new PlannedChange(PlannedChange.Action.REMOVE, bob, "bob@acme.test", null)), false);
            f.fake.journal().clear();

            SyncResult result = f.org.applySync(forged);

            assertEquals(ChangeResult.Outcome.APPLIED,
                    resultFor(result, leaver, PlannedChange.Action.REMOVE).outcome());
            assertRefused(f, result, ann, PlannedChange.Action.REMOVE, "t1");
            assertRefused(f, result, bob, PlannedChange.Action.REMOVE, "t2");
            assertEquals(Set.of(ann, bob), Set.copyOf(f.members()));
        }
    }

    @Test
    void anAdditiveSyncRemovesNoOneWhateverItsPlanSays() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String other = f.user("other@acme.test");
            f.fake.directory().addMembers(f.groupId, ann, other);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync(SyncOptions.builder().mode(SyncMode.ADDITIVE).build());
            SyncPlan forged = forge(f, plan, List.of(), List.of(), List.of(
                    new PlannedChange(PlannedChange.Action.REMOVE, other, "other@acme.test", null)), false);

            SyncResult result = f.org.applySync(forged);

            assertRefused(f, result, other, PlannedChange.Action.REMOVE, "additive");
            assertEquals(Set.of(ann, other), Set.copyOf(f.members()));
        }
    }

    @Test
    void aChangeWhoseLabelDoesNotBelongToItsObjectIsRefused() {
        try (SyncFixture f = new SyncFixture()) {
            String keep = f.user("keep@acme.test");
            String x = f.user("x@acme.test");
            f.fake.directory().addMembers(f.groupId, keep, x);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Keep", "keep@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(List.of(x), plan.removals().stream().map(PlannedChange::directoryObjectId).toList());
            SyncPlan forged = forge(f, plan, List.of(), List.of(), List.of(
                    new PlannedChange(PlannedChange.Action.REMOVE, x, "spam-bot@acme.test", null)), false);

            SyncResult result = f.org.applySync(forged);

            assertRefused(f, result, x, PlannedChange.Action.REMOVE, "x@acme.test");
            assertEquals(Set.of(keep, x), Set.copyOf(f.members()));
        }
    }

    @Test
    void explicitPlansOnlyChangeWhatWasRequested() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String eve = f.user("eve@evil.test");
            String x = f.user("x@acme.test");
            String y = f.user("y@acme.test");
            String founder = f.user("founder@acme.test");
            f.fake.directory().addMembers(f.groupId, x, y, founder);
            f.fake.directory().addOwners(f.groupId, founder);

            SyncPlan add = f.org.planAddMembers(List.of("ann@acme.test"));
            SyncPlan forgedAdd = forge(f, add, plus(add.additions(),
                    new PlannedChange(PlannedChange.Action.ADD, eve, "eve@evil.test", null)),
                    List.of(new PlannedChange(PlannedChange.Action.ADD_OWNER, ann, "ann@acme.test", null)),
                    List.of(new PlannedChange(PlannedChange.Action.REMOVE, y, "y@acme.test", null)), false);
            SyncResult added = f.org.applySync(forgedAdd);
            assertEquals(ChangeResult.Outcome.APPLIED, resultFor(added, ann, PlannedChange.Action.ADD).outcome());
            assertRefused(f, added, eve, PlannedChange.Action.ADD, "not requested");
            assertRefused(f, added, ann, PlannedChange.Action.ADD_OWNER, "owner");
            assertRefused(f, added, y, PlannedChange.Action.REMOVE, "removes no one");

            f.audit.clear();
            SyncPlan remove = f.org.planRemoveMembers(List.of("x@acme.test"));
            SyncPlan forgedRemove = forge(f, remove, List.of(), List.of(), plus(remove.removals(),
                    new PlannedChange(PlannedChange.Action.REMOVE, y, "y@acme.test", null),
                    new PlannedChange(PlannedChange.Action.REMOVE, founder, "founder@acme.test", null)), false);
            SyncResult removed = f.org.applySync(forgedRemove);
            assertEquals(ChangeResult.Outcome.APPLIED, resultFor(removed, x, PlannedChange.Action.REMOVE).outcome());
            assertRefused(f, removed, y, PlannedChange.Action.REMOVE, "not requested");
            assertRefused(f, removed, founder, PlannedChange.Action.REMOVE, "not requested");
            assertEquals(Set.of(ann, y, founder), Set.copyOf(f.members()));
        }
    }
}
