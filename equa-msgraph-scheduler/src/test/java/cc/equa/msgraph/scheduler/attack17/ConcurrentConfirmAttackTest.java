package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.JdbcHeldPlanStore;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two admins on two nodes confirm the same held plan at the same moment. */
class ConcurrentConfirmAttackTest {

    private AttackWorld world;
    private AttackWorld.Runs runs;
    private volatile CyclicBarrier bothRead;

    /** The JDBC store; while {@link #bothRead} is set, get() returns only once both nodes have read the row. */
    private final class RacingStore implements HeldPlanStore {
        private final HeldPlanStore jdbc = JdbcHeldPlanStore.create(world.db);

        @Override
        public void put(HeldPlan plan) {
            jdbc.put(plan);
        }

        @Override
        public Optional<HeldPlan> latest(OrganizationId organization) {
            return jdbc.latest(organization);
        }

        @Override
        public Optional<HeldPlan> get(OrganizationId organization, String planId) {
            Optional<HeldPlan> found = jdbc.get(organization, planId);
            CyclicBarrier barrier = bothRead;
            if (barrier != null) {
                try {
                    barrier.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException(e);
                }
            }
            return found;
        }

        @Override
        public List<HeldPlan> list(OrganizationId organization) {
            return jdbc.list(organization);
        }

        @Override
        public boolean remove(OrganizationId organization, String planId) {
            return jdbc.remove(organization, planId);
        }

        @Override
        public int removeAll(OrganizationId organization) {
            return jdbc.removeAll(organization);
        }
    }

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        runs = new AttackWorld.Runs();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void theSamePlanConfirmedOnTwoNodesAtOnceIsAppliedOnce() throws Exception {
        AttackWorld.Org org = world.addOrg("race", 2, 1, 1);                 // +p1 -former0
        FleetScheduler a = world.started(world.node("node-a", runs).heldPlans(new RacingStore()));
        FleetScheduler b = world.started(world.node("node-b", runs).heldPlans(new RacingStore()));
        a.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, Duration.ofHours(1),
                Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(org.id()).outcome());
        HeldPlan held = a.heldPlans().latest(org.id()).orElseThrow();
        world.fake.journal().clear();
        world.audit.clear();

        bothRead = new CyclicBarrier(2);
        CompletableFuture<Object> onA = CompletableFuture.supplyAsync(() -> confirm(a, held, "admin-a"));
        CompletableFuture<Object> onB = CompletableFuture.supplyAsync(() -> confirm(b, held, "admin-b"));
        List<Object> outcomes = new ArrayList<>(List.of(onA.get(60, TimeUnit.SECONDS),
                onB.get(60, TimeUnit.SECONDS)));

        HashSet<String> expected = new HashSet<>(org.teamUserIds());
        assertEquals(expected, world.members(org), "the plan is in place: " + outcomes);
        List<RecordedCall> removals = world.deletes();
        List<AuditEvent> applied = world.audit.events().stream().filter(e -> e.outcome().equals("applied")).toList();
        int appliedTotal = outcomes.stream().filter(o -> o instanceof SyncResult)
                .mapToInt(o -> ((SyncResult) o).applied()).sum();
        assertEquals(2, applied.size(), "one 'applied' audit event per change, not per confirm: " + applied);
        assertEquals(2, appliedTotal, "the two confirms together applied the two changes once: " + outcomes);
        // Observed: both confirms read the row, both apply; the second sends the DELETE again (404 -> "already in
        // state") and both report success to their admin. One confirm should win and the other be refused.
        assertEquals(1, removals.size(), "the removal was sent once, not by both confirms: " + removals
                + " outcomes " + outcomes);
        assertEquals(1, outcomes.stream().filter(o -> o instanceof InvalidInputException).count(),
                "the second confirm of the same held plan is refused (no longer held): " + outcomes);
    }

    private static Object confirm(FleetScheduler node, HeldPlan held, String actor) {
        try {
            return node.confirm(held.organization(), held.planId(), ApplyOptions.builder().actor(actor).build());
        } catch (MsGraphException e) {
            return e;
        }
    }

    @Test
    void aPlanConfirmedOnOneNodeCannotBeConfirmedAgainOnAnother() throws ExecutionException {
        AttackWorld.Org org = world.addOrg("again", 2, 1, 1);
        FleetScheduler a = world.started(world.node("node-a", runs));
        FleetScheduler b = world.started(world.node("node-b", runs));
        a.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, Duration.ofHours(1),
                Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(org.id()).outcome());
        HeldPlan held = b.heldPlans().latest(org.id()).orElseThrow();
        assertTrue(a.confirm(org.id(), held.planId(), ApplyOptions.defaults()).isComplete());
        int deletes = world.deletes().size();
        assertThrows(InvalidInputException.class,
                () -> b.confirm(org.id(), held.planId(), ApplyOptions.defaults()));
        assertEquals(deletes, world.deletes().size());
        // A copy of the row put back after the confirm is a replay: the change is in place, nothing is sent.
        b.heldPlans().put(held);
        int writes = world.fake.journal().writes().size();
        SyncResult replay = b.confirm(org.id(), held.planId(), ApplyOptions.defaults());
        assertEquals(0, replay.applied(), replay.toString());
        assertEquals(writes, world.fake.journal().writes().size(), "a replayed plan sends no write");
    }
}
