package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes scheduling the same organizations at the same moment (both see "not scheduled yet"). */
class ConcurrentScheduleAttackTest {

    private AttackWorld world;

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void racingSchedulesOfOneOrganizationCreateOneRowAndOnlyTypedErrors() throws Exception {
        FleetScheduler a = world.started(world.node("race-a"));
        FleetScheduler b = world.started(world.node("race-b"));
        // A far schedule so that no sync runs during the race (no Graph needed).
        OrganizationSchedule later = OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, Duration.ofDays(1),
                Duration.ofHours(23));
        int orgs = 30;
        List<String> problems = new ArrayList<>();
        int created = 0;
        for (int i = 0; i < orgs; i++) {
            OrganizationId id = OrganizationId.of("racy-" + i);
            CyclicBarrier start = new CyclicBarrier(2);
            boolean custom = i % 2 == 0;
            CompletableFuture<Object> onA = CompletableFuture.supplyAsync(() -> attempt(a, id, later, start, custom));
            CompletableFuture<Object> onB = CompletableFuture.supplyAsync(() -> attempt(b, id, later, start, custom));
            for (Object o : List.of(onA.get(30, TimeUnit.SECONDS), onB.get(30, TimeUnit.SECONDS))) {
                if (Boolean.TRUE.equals(o)) {
                    created++;
                } else if (o instanceof RuntimeException e && !(e instanceof MsGraphException)) {
                    problems.add(id + ": " + e);
                }
            }
            if (custom) {
                assertEquals(later, a.scheduleOf(id).orElseThrow());
            } else {
                a.scheduleOf(id).orElseThrow();
            }
        }
        if (!problems.isEmpty()) {
            fail("untyped errors from racing schedule() calls: " + problems);
        }
        assertEquals(orgs, world.dumpTable(cc.equa.msgraph.scheduler.FleetSchema.DEFAULT_TASK_TABLE).size());
        assertEquals(orgs, created, "exactly one schedule() per organization reports it new");
    }

    private static Object attempt(FleetScheduler node, OrganizationId id, OrganizationSchedule s,
            CyclicBarrier start, boolean custom) {
        try {
            start.await(10, TimeUnit.SECONDS);
            return custom ? node.schedule(id, s) : node.schedule(id);
        } catch (RuntimeException e) {
            return e;
        } catch (Exception e) {
            return new IllegalStateException(e);
        }
    }
}
