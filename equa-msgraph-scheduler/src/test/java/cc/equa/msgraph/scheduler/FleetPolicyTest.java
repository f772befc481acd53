package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each policy on one node (embedded H2), through the real SDK over HTTPS to the fake. */
class FleetPolicyTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private FleetWorld world;
    private MicrosoftIntegration microsoft;
    private RecordingListener runs;
    private FleetScheduler fleet;

    @BeforeEach
    void setUp() {
        world = new FleetWorld();
        microsoft = world.integration();
        runs = new RecordingListener();
        fleet = FleetScheduler.builder().integration(microsoft).node("solo").listener(runs)
                .pollingInterval(Duration.ofMillis(50)).heartbeat(Duration.ofMillis(200), 4)
                .shutdownMaxWait(Duration.ofSeconds(5)).start();
    }

    @AfterEach
    void tearDown() {
        fleet.close();
        world.close();
    }

    private Set<String> expectedAfterSync(FleetWorld.Org org) {
        return new HashSet<>(org.teamUserIds());
    }

    @Test
    void reviewEverythingHoldsTheWholePlanAndAppliesNothingUntilConfirmed() {
        FleetWorld.Org org = world.addOrg(1, 3, 1, 1);
        Set<String> before = world.members(org);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));

        SyncRun run = runs.awaitRun(org.id(), 1);
        assertEquals(SyncOutcome.HELD, run.outcome());
        assertEquals(3, run.heldChanges());
        assertEquals(0, run.applied());
        assertEquals(before, world.members(org), "nothing applied");
        HeldPlan held = fleet.heldPlans().latest(org.id()).orElseThrow();
        assertEquals(run.heldPlanIdIfAny().orElseThrow(), held.planId());
        assertEquals(2, held.additions());
        assertEquals(1, held.removals());
        assertFalse(held.toString().contains("@org1.test"), "no addresses in toString: " + held);

        SyncResult result = fleet.confirm(org.id(), held.planId(), ApplyOptions.builder().actor("admin").build());
        assertTrue(result.isComplete());
        assertEquals(3, result.applied());
        assertEquals(expectedAfterSync(org), world.members(org));
        assertTrue(fleet.heldPlans().list(org.id()).isEmpty(), "a confirmed plan is no longer held");
        assertTrue(world.fake.violations().isEmpty(), world.fake.violations().toString());
    }

    @Test
    void applyAdditionsHoldRemovalsAddsAtOnceAndHoldsOnlyTheRemoval() {
        FleetWorld.Org org = world.addOrg(2, 4, 1, 1);
        String stranger = org.initialMemberIds().get(1);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS, HOUR,
                Duration.ZERO));

        SyncRun run = runs.awaitRun(org.id(), 1);
        assertEquals(SyncOutcome.APPLIED_AND_HELD, run.outcome());
        assertEquals(3, run.applied());
        Set<String> expected = expectedAfterSync(org);
        expected.add(stranger);
        assertEquals(expected, world.members(org), "additions applied, the removal not");
        HeldPlan held = fleet.heldPlans().latest(org.id()).orElseThrow();
        assertEquals(0, held.additions());
        assertEquals(1, held.removals());

        fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults());
        assertEquals(expectedAfterSync(org), world.members(org));
        assertEquals(0, world.fake.journal().calls(c -> c.method().equals("DELETE")
                && !c.path().endsWith("/$ref")).size(), "removals only through $ref");
    }

    @Test
    void applyAdditionsHoldRemovalsAppliesAPlanOfAdditionsOnlyWithoutAnExtraPlan() {
        FleetWorld.Org org = world.addOrg(3, 3, 0, 0);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS, HOUR,
                Duration.ZERO));

        SyncRun run = runs.awaitRun(org.id(), 1);
        assertEquals(SyncOutcome.APPLIED, run.outcome());
        assertEquals(expectedAfterSync(org), world.members(org));
        assertTrue(fleet.heldPlans().list(org.id()).isEmpty());
    }

    @Test
    void applyWithinGuardAppliesEverythingWhenTheGuardHolds() {
        FleetWorld.Org org = world.addOrg(4, 3, 1, 1);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));

        SyncRun run = runs.awaitRun(org.id(), 1);
        assertEquals(SyncOutcome.APPLIED, run.outcome());
        assertEquals(3, run.applied());
        assertEquals(expectedAfterSync(org), world.members(org));
        assertTrue(fleet.heldPlans().list(org.id()).isEmpty());
    }

    @Test
    void applyWithinGuardHoldsEverythingWhenTheGuardTrips() {
        // 1 team member already in the group, 11 former members: removing 11 of 12 exceeds max(10, 10 %).
        FleetWorld.Org org = world.addOrg(5, 2, 1, 11);
        Set<String> before = world.members(org);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));

        SyncRun run = runs.awaitRun(org.id(), 1);
        assertEquals(SyncOutcome.HELD, run.outcome());
        assertEquals(before, world.members(org), "nothing applied, not even the addition");
        HeldPlan held = fleet.heldPlans().latest(org.id()).orElseThrow();
        assertTrue(held.removalGuardTripped());

        MsGraphException refused = assertThrows(MsGraphException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(ErrorKind.REMOVAL_GUARD, refused.kind());
        assertEquals(before, world.members(org));
        fleet.confirm(org.id(), held.planId(), ApplyOptions.builder().allowMassRemoval(true).build());
        assertEquals(expectedAfterSync(org), world.members(org));
    }

    @Test
    void aStaleHeldPlanIsRefusedForgottenAndReplanned() {
        FleetWorld.Org org = world.addOrg(6, 3, 1, 0);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        HeldPlan held = fleet.heldPlans().latest(org.id()).orElseGet(() -> {
            runs.awaitRun(org.id(), 1);
            return fleet.heldPlans().latest(org.id()).orElseThrow();
        });
        // The team changes after the plan was held: the plan no longer says what a sync would do.
        world.fake.directory(org.tenantId()).addUser("newcomer@org6.test");
        world.team.add(org.id(), cc.equa.msgraph.spi.TeamMember.individual("t-new", "Newcomer",
                "newcomer@org6.test"));

        MsGraphException stale = assertThrows(MsGraphException.class,
                () -> fleet.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(ErrorKind.STALE_PLAN, stale.kind());
        assertTrue(fleet.heldPlans().get(org.id(), held.planId()).isEmpty(), "the stale plan is forgotten");
        SyncRun fresh = runs.awaitRun(org.id(), 2);
        assertEquals(SyncOutcome.HELD, fresh.outcome());
        assertEquals(3, fresh.heldChanges(), "the fresh plan holds the newcomer too");
    }

    @Test
    void aHeldRowWhoseJsonIsAnotherOrganizationsPlanIsRefused() {
        FleetWorld.Org a = world.addOrg(7, 2, 0, 0);
        FleetWorld.Org b = world.addOrg(8, 2, 0, 0);
        SyncPlan bPlan = microsoft.organization(b.id()).planSync();
        fleet.heldPlans().put(new HeldPlan(a.id(), bPlan.planId(), bPlan.createdAt(), Instant.now(),
                bPlan.fingerprint(), 2, 0, 0, false, bPlan.toJson()));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fleet.confirm(a.id(), bPlan.planId(), ApplyOptions.defaults()));
        assertEquals("planId", e.problems().get(0).field());
        assertTrue(world.members(b).isEmpty(), "nothing applied to either organization");
        assertTrue(world.members(a).isEmpty());
    }

    @Test
    void confirmingAPlanThatIsNotHeldIsAnInputError() {
        FleetWorld.Org org = world.addOrg(9, 1, 0, 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fleet.confirm(org.id(), "no-such-plan", ApplyOptions.defaults()));
        assertEquals("planId", e.problems().get(0).field());
    }

    @Test
    void syncNowRunsAnOrganizationAgainBeforeItsInterval() {
        FleetWorld.Org org = world.addOrg(10, 2, 0, 0);
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.APPLIED, runs.awaitRun(org.id(), 1).outcome());
        world.team.add(org.id(), cc.equa.msgraph.spi.TeamMember.individual("t9", "Late", "p0@org10.test"));

        // syncNow answers false while the first run is still completing (its row is picked until then).
        Await.until(() -> fleet.syncNow(org.id()), Duration.ofSeconds(10));
        assertEquals(SyncOutcome.UP_TO_DATE, runs.awaitRun(org.id(), 2).outcome());
        assertEquals(2, runs.runs(org.id()).size());
    }

    @Test
    void theNextRunComesAfterTheIntervalPlusAtMostTheJitter() {
        FleetWorld.Org org = world.addOrg(11, 1, 0, 0);
        Duration jitter = Duration.ofMinutes(10);
        Instant before = Instant.now();
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, jitter));
        Instant firstDue = fleet.nextRun(org.id()).orElseThrow();
        assertTrue(!firstDue.isBefore(before.minusSeconds(1)) && !firstDue.isAfter(Instant.now().plus(jitter)),
                "the first run is due now plus at most the jitter: " + firstDue);

        fleet.syncNow(org.id());
        SyncRun run = runs.awaitRun(org.id(), 1);
        Await.until(() -> fleet.nextRun(org.id()).orElseThrow().isAfter(run.started().plus(Duration.ofMinutes(30))),
                Duration.ofSeconds(10));
        Instant next = fleet.nextRun(org.id()).orElseThrow();
        assertTrue(!next.isBefore(run.started().plus(HOUR)) && !next.isAfter(Instant.now().plus(HOUR).plus(jitter)),
                "next run " + next + " after a run started " + run.started());
    }

    @Test
    void jitterSpreadsOrganizationsScheduledTogether() {
        Set<Instant> due = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            OrganizationId id = OrganizationId.of("spread-" + i);
            fleet.schedule(id, OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, Duration.ofHours(2), HOUR));
            due.add(fleet.nextRun(id).orElseThrow());
        }
        assertTrue(due.size() > 10, "20 organizations scheduled together get spread over the jitter: " + due);
        assertTrue(fleet.nextRun(OrganizationId.of("not-scheduled")).isEmpty());
    }

    @Test
    void anOrganizationThatIsNotUsableIsSkippedWithoutAnyRequest() {
        OrganizationId unknown = OrganizationId.of("never-connected");
        world.fake.journal().clear();
        fleet.schedule(unknown, OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));

        assertEquals(SyncOutcome.SKIPPED, runs.awaitRun(unknown, 1).outcome());
        assertEquals(List.of(), world.fake.journal().calls(c -> c.kind() != RecordedCall.Kind.OTHER));
    }

    @Test
    void syncNowOfAnUnscheduledOrganizationIsATypedError() {
        MsGraphException e = assertThrows(MsGraphException.class,
                () -> fleet.syncNow(OrganizationId.of("not-scheduled")));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
    }

    @Test
    void aScheduleCanBeReadChangedAndRemoved() {
        OrganizationId id = OrganizationId.of("later");
        OrganizationSchedule daily = OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, Duration.ofDays(1),
                Duration.ofHours(1));
        assertTrue(fleet.schedule(id, daily));
        assertEquals(daily, fleet.scheduleOf(id).orElseThrow());
        OrganizationSchedule hourly = OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO);
        assertFalse(fleet.schedule(id, hourly));
        assertEquals(hourly, fleet.scheduleOf(id).orElseThrow());
        assertTrue(fleet.unschedule(id));
        assertTrue(fleet.scheduleOf(id).isEmpty());
        assertFalse(fleet.unschedule(id));
    }
}
