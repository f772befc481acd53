package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.scheduler.FleetSchema;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.TeamMember;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The held-plan table is a trust boundary: a row edited in the database and then confirmed must be refused and
 * nothing removed.
 */
class HeldPlanTamperAttackTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final String HELD = FleetSchema.DEFAULT_HELD_PLAN_TABLE;

    private AttackWorld world;
    private AttackWorld.Runs runs;
    private FleetScheduler fleet;

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        runs = new AttackWorld.Runs();
        fleet = world.started(world.node("tamper", runs));
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    /** Schedule under REVIEW_EVERYTHING and return the plan it holds. */
    private HeldPlan held(AttackWorld.Org org) {
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(org.id()).outcome());
        return fleet.heldPlans().latest(org.id()).orElseThrow();
    }

    private void assertNothingWritten(AttackWorld.Org org, Set<String> before) {
        assertEquals(before, world.members(org), "group unchanged");
        assertEquals(0, world.deletes().size(), "no DELETE sent: " + world.deletes());
    }

    @Test
    void editedPlanJsonIsRefusedAndNothingRemoved() {
        AttackWorld.Org org = world.addOrg("tamper-json", 2, 1, 2);
        Set<String> before = world.members(org);
        HeldPlan held = held(org);
        String stranger = org.strangerIds().get(0);
        assertTrue(held.planJson().contains(stranger));
        // Retarget a removal at a team member who is already in the group.
        String swapped = held.planJson().replace(stranger, org.teamUserIds().get(0));
        world.update("update " + HELD + " set plan_json = ? where plan_id = ?", swapped, held.planId());

        assertThrows(InvalidInputException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertNothingWritten(org, before);
    }

    @Test
    void plansSwappedBetweenOrganizationsAreRefused() {
        AttackWorld.Org a = world.addOrg("swap-a", 1, 0, 1);
        AttackWorld.Org b = world.addOrg("swap-b", 1, 0, 1);
        Set<String> beforeA = world.members(a);
        Set<String> beforeB = world.members(b);
        HeldPlan ha = held(a);
        HeldPlan hb = held(b);
        // Swap the JSON of the two rows, keeping each row's own ids.
        world.update("update " + HELD + " set plan_json = ? where plan_id = ?", hb.planJson(), ha.planId());
        world.update("update " + HELD + " set plan_json = ? where plan_id = ?", ha.planJson(), hb.planId());
        assertThrows(InvalidInputException.class, () -> fleet.confirm(a.id(), ha.planId(), ApplyOptions.defaults()));
        assertThrows(InvalidInputException.class, () -> fleet.confirm(b.id(), hb.planId(), ApplyOptions.defaults()));
        // Also move B's row (its own JSON) under A's organization and id.
        world.update("update " + HELD + " set plan_json = ? where plan_id = ?", hb.planJson(), ha.planId());
        world.update("delete from " + HELD + " where plan_id = ?", hb.planId());
        world.update("update " + HELD + " set plan_id = ? where plan_id = ?", hb.planId(), ha.planId());
        assertThrows(InvalidInputException.class, () -> fleet.confirm(a.id(), hb.planId(), ApplyOptions.defaults()));
        assertNothingWritten(a, beforeA);
        assertNothingWritten(b, beforeB);
    }

    @Test
    void organizationColumnRewrittenToAnotherOrganizationIsRefused() {
        AttackWorld.Org a = world.addOrg("col-a", 1, 0, 1);
        AttackWorld.Org b = world.addOrg("col-b", 1, 0, 1);
        Set<String> beforeA = world.members(a);
        Set<String> beforeB = world.members(b);
        HeldPlan ha = held(a);
        world.update("update " + HELD + " set organization_id = ? where plan_id = ?", b.id().value(), ha.planId());
        assertThrows(InvalidInputException.class, () -> fleet.confirm(b.id(), ha.planId(), ApplyOptions.defaults()));
        assertNothingWritten(a, beforeA);
        assertNothingWritten(b, beforeB);
    }

    @Test
    void planIdColumnRewrittenIsRefused() {
        AttackWorld.Org org = world.addOrg("col-id", 1, 0, 1);
        Set<String> before = world.members(org);
        HeldPlan held = held(org);
        world.update("update " + HELD + " set plan_id = 'renamed' where plan_id = ?", held.planId());
        assertThrows(InvalidInputException.class,
                () -> fleet.confirm(org.id(), "renamed", ApplyOptions.defaults()));
        assertNothingWritten(org, before);
    }

    @Test
    void anOldHeldPlanReplayedAfterTheGroupWasRelinkedIsRefused() {
        AttackWorld.Org org = world.addOrg("relink", 1, 0, 1);
        HeldPlan held = held(org);
        fleet.discard(org.id(), held.planId());
        // Another group is linked; the discarded row is put back (a backup restored, or an attacker with the row).
        String other = world.fake.directory(org.tenantId()).addGroup("other").id();
        String victim = world.fake.directory(org.tenantId()).addUser("victim@relink.test").id();
        world.fake.directory(org.tenantId()).addMembers(other, victim, org.strangerIds().get(0));
        world.settings.save(org.id(), world.settings.load(org.id()).orElseThrow().withLinkedGroupId(other));
        fleet.heldPlans().put(held);

        MsGraphException e = assertThrows(MsGraphException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(ErrorKind.STALE_PLAN, e.kind());
        assertEquals(0, world.deletes().size());
        assertEquals(Set.of(victim, org.strangerIds().get(0)),
                Set.copyOf(world.fake.directory(org.tenantId()).memberIds(other)));
    }

    @Test
    void anOldHeldPlanReplayedAfterTheTeamChangedIsRefused() {
        AttackWorld.Org org = world.addOrg("replay-team", 2, 1, 1);
        Set<String> before = world.members(org);
        HeldPlan held = held(org);
        fleet.discard(org.id(), held.planId());
        // The stranger joins the team (the admin's reason to discard the removal); the old row comes back.
        world.team.add(org.id(), TeamMember.individual("t-s", "Former", "former0@replayteam.test"));
        fleet.heldPlans().put(held);

        MsGraphException e = assertThrows(MsGraphException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(ErrorKind.STALE_PLAN, e.kind());
        assertNothingWritten(org, before);
    }

    /**
     * The review screen (README "Running many organizations") shows the row's counts, not the JSON. A row whose
     * counts were rewritten to hide its removals ("+1 -0") must not be confirmable: confirm has the authenticated
     * plan in hand and can see the row lies about it.
     */
    @Test
    void aRowWhoseSummaryHidesItsRemovalsIsRefused() {
        AttackWorld.Org org = world.addOrg("summary-lie", 2, 1, 1);
        Set<String> before = world.members(org);
        HeldPlan held = held(org);
        assertEquals(1, held.additions());
        assertEquals(1, held.removals());
        world.update("update " + HELD + " set removals = 0, removal_guard_tripped = false where plan_id = ?",
                held.planId());
        HeldPlan shown = fleet.heldPlans().latest(org.id()).orElseThrow();
        assertEquals(0, shown.removals(), "what the review screen shows");

        assertThrows(InvalidInputException.class,
                () -> fleet.confirm(org.id(), shown.planId(), ApplyOptions.defaults()),
                "a held row whose counts disagree with its authenticated plan must be refused");
        assertNothingWritten(org, before);
    }

    @Test
    void aRowWithAnUnparseableTimestampOrNegativeCountIsAStorageErrorNotAConfirm() {
        AttackWorld.Org org = world.addOrg("bad-row", 1, 0, 1);
        Set<String> before = world.members(org);
        HeldPlan held = held(org);
        world.update("update " + HELD + " set additions = -5 where plan_id = ?", held.planId());
        MsGraphException e = assertThrows(MsGraphException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(ErrorKind.STORAGE, e.kind());
        assertNothingWritten(org, before);
        world.update("update " + HELD + " set additions = 1, plan_json = '{\"format\":1}' where plan_id = ?",
                held.planId());
        assertThrows(InvalidInputException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertNothingWritten(org, before);
        assertFalse(world.fake.violations().iterator().hasNext(), world.fake.violations().toString());
    }
}
