package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fix17: a sync abandoned past maxRunTime sends nothing when its hung host call finally returns. */
class AbandonedRunTest {

    private AttackWorld world;
    private AttackWorld.Runs runs;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch returned = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        runs = new AttackWorld.Runs();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        world.close();
    }

    @Test
    void anAbandonedSyncWhoseTeamLookupReturnsLateWritesNothing() throws InterruptedException {
        AttackWorld.Org org = world.addOrg("late", 2, 0, 1);                 // +2 -1 once the team is known
        world.hooks.put(org.id(), (id, call, real) -> {
            boolean released = false;
            while (!released) {
                try {
                    released = release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // deaf to the abandonment's interrupt, like a blocking host call
                }
            }
            returned.countDown();
            return real;
        });
        FleetScheduler fleet = world.started(world.node("bounded", runs).maxRunTime(Duration.ofSeconds(1)));
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, Duration.ofHours(1),
                Duration.ZERO));
        SyncRun abandoned = runs.first(org.id());
        assertEquals(SyncOutcome.FAILED, abandoned.outcome(), abandoned.toString());
        assertEquals(ErrorKind.UNEXPECTED, abandoned.errorIfAny().orElseThrow().kind());
        assertTrue(abandoned.errorIfAny().orElseThrow().getMessage().contains("maximum run time"),
                abandoned.toString());

        // Later runs only hold plans, so any write to the group is the abandoned worker's.
        AttackWorld.await(() -> {
            try {
                fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, Duration.ofHours(1),
                        Duration.ZERO));
                return true;
            } catch (MsGraphException busy) {
                return false;                                   // the abandoned run's completion is being stored
            }
        }, Duration.ofSeconds(10), "schedule changed");
        release.countDown();
        assertTrue(returned.await(30, TimeUnit.SECONDS), "the hung lookup returned");
        // While the abandoned worker has not finished, a run fails at once; the first HELD run comes after it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int n = 2; ; n++) {
            AttackWorld.await(() -> fleet.syncNow(org.id()), Duration.ofSeconds(10), "sync made due");
            SyncRun next = runs.nth(org.id(), n);
            if (next.outcome() != SyncOutcome.FAILED) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the abandoned worker never finished");
        }
        assertTrue(world.writesTo(org).isEmpty(), "the abandoned sync wrote: " + world.writesTo(org));
    }
}
