package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.spi.HeldPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What stays held, what can be put into the held table, and schedule changes while a sync runs. */
class HeldLifecycleAttackTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private AttackWorld world;
    private AttackWorld.Runs runs;
    private FleetScheduler fleet;

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        runs = new AttackWorld.Runs();
        fleet = world.started(world.node("life", runs));
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void repeatedSyncsKeepOneHeldPlanAndAnUpToDateSyncLeavesNone() {
        AttackWorld.Org org = world.addOrg("repeat", 2, 1, 1);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(org.id()).outcome());
        for (int n = 2; n <= 4; n++) {
            AttackWorld.await(() -> fleet.syncNow(org.id()), Duration.ofSeconds(10), "syncNow");
            assertEquals(SyncOutcome.HELD, runs.nth(org.id(), n).outcome());
        }
        assertEquals(1, fleet.heldPlans().list(org.id()).size(), "superseded plans are no longer held");

        // Someone fixes the group by hand: the next sync is up to date and nothing is left to review.
        world.fake.directory(org.tenantId()).addMembers(org.groupId(), org.teamUserIds().get(1));
        world.fake.directory(org.tenantId()).removeMember(org.groupId(), org.strangerIds().get(0));
        AttackWorld.await(() -> fleet.syncNow(org.id()), Duration.ofSeconds(10), "syncNow");
        assertEquals(SyncOutcome.UP_TO_DATE, runs.nth(org.id(), 5).outcome());
        assertEquals(List.of(), fleet.heldPlans().list(org.id()), "an up-to-date sync leaves nothing held");
    }

    /**
     * The scheduler only ever holds team-sync plans. A genuinely signed plan of another kind — here an admin's
     * remove-members plan with includeProtected (it removes an owner), made elsewhere in the app and never applied
     * — written into the held table with plausible counts, is confirmed like a held plan and removes the owner.
     */
    @Test
    void aSignedPlanTheSchedulerNeverHeldIsNotConfirmable() {
        AttackWorld.Org org = world.addOrg("foreign-kind", 1, 1, 1);
        String owner = org.teamUserIds().get(0);
        world.fake.directory(org.tenantId()).addOwners(org.groupId(), owner);
        SyncPlan foreign = world.integration().organization(org.id())
                .planRemoveMembers(List.of("p0@foreignkind.test"), true);
        assertEquals(SyncPlan.Kind.REMOVE_MEMBERS, foreign.kind());
        assertEquals(1, foreign.removals().size());
        fleet.heldPlans().put(new HeldPlan(org.id(), foreign.planId(), foreign.createdAt(), Instant.now(),
                foreign.fingerprint(), 0, 1, 0, false, foreign.toJson()));

        try {
            fleet.confirm(org.id(), foreign.planId(), ApplyOptions.defaults());
        } catch (InvalidInputException expected) {
            assertTrue(world.members(org).contains(owner));
            return;
        }
        fail("a remove-members plan (includeProtected) the scheduler never held was confirmed; owner still a"
                + " member: " + world.members(org).contains(owner));
    }

    /** fix17: a signed team-sync plan made with a laxer removal guard than the scheduler's is not confirmable. */
    @Test
    void aTeamSyncPlanMadeWithOtherOptionsThanTheSchedulersIsNotConfirmable() {
        AttackWorld.Org org = world.addOrg("lax-guard", 1, 1, 3);
        Set<String> before = world.members(org);
        SyncPlan lax = world.integration().organization(org.id()).planSync(cc.equa.msgraph.SyncOptions.builder()
                .removalGuard(new cc.equa.msgraph.RemovalGuard(100, 100)).build());
        assertEquals(SyncPlan.Kind.TEAM_SYNC, lax.kind());
        assertEquals(3, lax.removals().size());
        fleet.heldPlans().put(new HeldPlan(org.id(), lax.planId(), lax.createdAt(), Instant.now(),
                lax.fingerprint(), lax.additions().size(), lax.removals().size(), lax.ownerAdditions().size(),
                lax.removalGuardTripped(), lax.toJson()));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fleet.confirm(org.id(), lax.planId(), ApplyOptions.defaults()));
        assertTrue(e.getMessage().contains("sync options"), e.getMessage());
        assertEquals(before, world.members(org));
    }

    @Test
    void changingOrRemovingAScheduleWhileItsSyncRunsIsATypedConflict() throws InterruptedException {
        AttackWorld.Org org = world.addOrg("busy", 2, 0, 0);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        world.hooks.put(org.id(), (id, call, real) -> {
            entered.countDown();
            try {
                go.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real;
        });
        OrganizationSchedule s = OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO);
        fleet.schedule(org.id(), s);
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        try {
            assertEquals(ErrorKind.CONFLICT, assertThrows(MsGraphException.class,
                    () -> fleet.unschedule(org.id())).kind());
            assertEquals(ErrorKind.CONFLICT, assertThrows(MsGraphException.class, () -> fleet.schedule(org.id(),
                    OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO))).kind());
            assertEquals(false, fleet.syncNow(org.id()));
        } finally {
            go.countDown();
        }
        assertEquals(SyncOutcome.APPLIED, runs.first(org.id()).outcome());
        AttackWorld.await(() -> {
            try {
                return fleet.unschedule(org.id());
            } catch (MsGraphException e) {
                return false;
            }
        }, Duration.ofSeconds(10), "unschedule after the run");
        assertTrue(fleet.scheduleOf(org.id()).isEmpty());
    }

    @Test
    void closingTwiceIsHarmlessAndHeldPlansSurviveUnscheduling() {
        AttackWorld.Org org = world.addOrg("closing", 2, 1, 1);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(org.id()).outcome());
        AttackWorld.await(() -> {
            try {
                return fleet.unschedule(org.id());
            } catch (MsGraphException e) {
                return false;
            }
        }, Duration.ofSeconds(10), "unschedule");
        HeldPlan held = fleet.heldPlans().latest(org.id()).orElseThrow();
        fleet.close();
        fleet.close();
        // Confirming needs no running node; a stale plan's "fresh plan" request must not fail the confirm.
        assertTrue(fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()).isComplete());
        assertEquals(Set.copyOf(org.teamUserIds()), world.members(org));
    }

    @Test
    void confirmingWhileTheOrganizationIsDisabledOrDisconnectedIsTypedSendsNothingAndKeepsThePlan() {
        AttackWorld.Org org = world.addOrg("paused-confirm", 2, 1, 1);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(org.id()).outcome());
        HeldPlan held = fleet.heldPlans().latest(org.id()).orElseThrow();
        Set<String> before = world.members(org);
        var organization = world.integration().organization(org.id());
        organization.disable();
        int writes = world.fake.journal().writes().size();
        MsGraphException disabled = assertThrows(MsGraphException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(ErrorKind.DISABLED, disabled.kind());
        organization.enable();
        organization.disconnect();
        MsGraphException gone = assertThrows(MsGraphException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(ErrorKind.NOT_CONNECTED, gone.kind());
        assertEquals(writes, world.fake.journal().writes().size());
        assertEquals(before, world.members(org));
        assertTrue(fleet.heldPlans().get(org.id(), held.planId()).isPresent(), "the plan stays held");
    }
}
