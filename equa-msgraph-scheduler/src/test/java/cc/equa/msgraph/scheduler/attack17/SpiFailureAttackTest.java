package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.InMemoryHeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host code that fails: a held-plan store that cannot store, a listener that throws an Error. */
class SpiFailureAttackTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private AttackWorld world;
    private AttackWorld.Runs runs;

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        runs = new AttackWorld.Runs();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    /** A store whose put fails (the host's database is down for that table). */
    private static final class BrokenStore implements HeldPlanStore {
        private final HeldPlanStore memory = new InMemoryHeldPlanStore();

        @Override
        public void put(HeldPlan plan) {
            throw new IllegalStateException("held-plan table is read-only");
        }

        @Override
        public Optional<HeldPlan> latest(OrganizationId organization) {
            return memory.latest(organization);
        }

        @Override
        public Optional<HeldPlan> get(OrganizationId organization, String planId) {
            return memory.get(organization, planId);
        }

        @Override
        public List<HeldPlan> list(OrganizationId organization) {
            return memory.list(organization);
        }

        @Override
        public boolean remove(OrganizationId organization, String planId) {
            return memory.remove(organization, planId);
        }

        @Override
        public int removeAll(OrganizationId organization) {
            return memory.removeAll(organization);
        }
    }

    @Test
    void aStoreThatCannotHoldFailsTheRunTypedAndAppliesNothingItShouldHaveHeld() {
        AttackWorld.Org review = world.addOrg("cannot-hold", 2, 1, 1);
        AttackWorld.Org guard = world.addOrg("cannot-hold-guard", 1, 1, 11);
        Set<String> reviewBefore = world.members(review);
        Set<String> guardBefore = world.members(guard);
        FleetScheduler fleet = world.started(world.node("broken-store", runs).heldPlans(new BrokenStore()));
        fleet.schedule(review.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        fleet.schedule(guard.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));

        for (AttackWorld.Org org : List.of(review, guard)) {
            SyncRun run = runs.first(org.id());
            assertEquals(SyncOutcome.FAILED, run.outcome(), run.toString());
            assertTrue(run.errorIfAny().isPresent(), "the failure is reported: " + run);
            assertTrue(run.heldPlanIdIfAny().isEmpty(), "no plan id claimed as held: " + run);
        }
        assertEquals(reviewBefore, world.members(review));
        assertEquals(guardBefore, world.members(guard));
        assertEquals(0, world.deletes().size());
    }

    /**
     * FleetListener: "An exception thrown here is logged and ignored: it never changes a sync." A LinkageError (a
     * Micrometer version skew, a missing optional class) is not caught: db-scheduler records the execution as
     * failed, no sync runs and no syncFinished is ever reported, for every organization, on every run.
     */
    @Test
    void aListenerThrowingAnErrorNeitherChangesTheSyncNorWedgesTheOrganization() {
        AttackWorld.Org org = world.addOrg("listener-error", 3, 1, 1);
        FleetListener hostile = new FleetListener() {
            @Override
            public void syncStarted(OrganizationId organization, SyncPolicy policy) {
                // What a Micrometer version older than the one ObservationFleetListener was built against throws.
                throw new NoSuchMethodError("'io.micrometer.observation.Observation"
                        + " io.micrometer.observation.Observation.highCardinalityKeyValue(java.lang.String,"
                        + " java.lang.String)'");
            }

            @Override
            public void changeSettled(OrganizationId organization, ChangeResult result, int completed, int total) {
                throw new NoClassDefFoundError("io/micrometer/observation/Observation");
            }
        };
        FleetScheduler fleet = world.started(world.node("err", hostile, runs));
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));
        SyncRun run = runs.first(org.id());
        assertEquals(SyncOutcome.APPLIED, run.outcome(), "a listener's throwable never changes a sync: " + run);
        assertEquals(new HashSet<>(org.teamUserIds()), world.members(org));
        AttackWorld.await(() -> fleet.nextRun(org.id()).orElseThrow().isAfter(run.started().plus(
                Duration.ofMinutes(30))), Duration.ofSeconds(10), "the organization is scheduled again normally");
    }
}
