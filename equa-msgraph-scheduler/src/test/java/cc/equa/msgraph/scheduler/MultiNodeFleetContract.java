package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.spi.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three scheduler nodes on one database (each with its own {@link cc.equa.msgraph.MicrosoftIntegration} and its own
 * data source), many organizations on the fake, each its own tenant and app. The same contract runs on H2 and on a
 * real PostgreSQL server.
 */
abstract class MultiNodeFleetContract {

    /** Organizations in the round test; see BENCHMARKS.md (S6) for the throughput this gives. */
    static final int ORGANIZATIONS = Integer.getInteger("fleet.test.organizations", 500);
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Duration HOUR = Duration.ofHours(1);
    /**
     * A live node is declared dead after MISSED_HEARTBEATS x HEARTBEAT without a heartbeat; on 2 shared cores a
     * busy node's heartbeat thread was seen lagging more than a second, so shorter settings revive live syncs (a
     * second run of the same organization, harmless but not "exactly once").
     */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final int MISSED_HEARTBEATS = 5;

    /** A new data source on the shared database: every call is another node's own connection source. */
    abstract DataSource nodeDataSource();

    private FleetWorld world;
    private final List<FleetScheduler> nodes = new ArrayList<>();
    private String taskTable;
    private String heldTable;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        world = new FleetWorld();
        int n = TABLES.incrementAndGet();
        taskTable = "fleet_tasks_" + n + "_" + ProcessHandle.current().pid();
        heldTable = "fleet_held_" + n + "_" + ProcessHandle.current().pid();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(FleetScheduler::close);
        release.countDown();
        world.close();
    }

    private FleetScheduler node(String name, int threads, FleetListener... listeners) {
        FleetScheduler.Builder b = FleetScheduler.builder().integration(world.integration())
                .dataSource(nodeDataSource()).tables(taskTable, heldTable).node(name).threads(threads)
                .policy(SyncPolicy.APPLY_WITHIN_GUARD).interval(HOUR).jitter(Duration.ZERO)
                .pollingInterval(Duration.ofMillis(50)).heartbeat(HEARTBEAT, MISSED_HEARTBEATS)
                .shutdownMaxWait(Duration.ofMillis(200)).retryAfterFailure(Duration.ofSeconds(1));
        for (FleetListener l : listeners) {
            b.listener(l);
        }
        FleetScheduler node = b.start();
        nodes.add(node);
        return node;
    }

    @Test
    void everyOrganizationIsSyncedExactlyOncePerRoundAcrossThreeNodes() throws SQLException {
        for (int i = 0; i < ORGANIZATIONS; i++) {
            world.addOrg(i, 3, 1, 1);                               // +2 -1 each
        }
        RecordingListener runs = new RecordingListener();
        FleetScheduler a = node("node-a", 4, runs);
        node("node-b", 4, runs);
        node("node-c", 4, runs);
        for (FleetWorld.Org org : world.orgs) {
            a.schedule(org.id());
        }

        runs.await(r -> true, ORGANIZATIONS, Duration.ofSeconds(120));
        Await.until(() -> pickedRows() == 0, Duration.ofSeconds(10));

        List<SyncRun> all = runs.runs();
        assertEquals(ORGANIZATIONS, all.size(), "one run per organization in the round");
        Set<OrganizationId> synced = new HashSet<>();
        all.forEach(r -> assertTrue(synced.add(r.organization()), "synced twice: " + r.organization()));
        all.forEach(r -> assertEquals(SyncOutcome.APPLIED, r.outcome(), r.toString()));
        Set<String> usedNodes = new HashSet<>();
        all.forEach(r -> usedNodes.add(r.node()));
        assertEquals(Set.of("node-a", "node-b", "node-c"), usedNodes, "the round is spread over the nodes");
        assertSynced();
        assertEquals(ORGANIZATIONS, pendingRows(), "every organization stays scheduled for the next round");
    }

    @Test
    void aNodeKilledMidApplyHasItsOrganizationsFinishedByTheOthersWithNoLostOrDuplicatedChange()
            throws InterruptedException, SQLException {
        int count = 40;
        world.addOrg(0, 30, 0, 3);                                   // +30 -3: the node dies between the two
        for (int i = 1; i < count; i++) {
            world.addOrg(i, 3, 1, 1);
        }
        RecordingListener runs = new RecordingListener();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicReference<OrganizationId> frozenOrg = new AtomicReference<>();
        CountDownLatch frozen = new CountDownLatch(1);
        FleetListener freezeMidApply = new FleetListener() {
            @Override
            public void changeSettled(OrganizationId organization, ChangeResult result, int completed, int total) {
                if (organization.value().equals("org-0") && completed < total
                        && killed.compareAndSet(false, true)) {
                    frozenOrg.set(organization);
                    frozen.countDown();
                    // The node "dies" here: this thread never sends the rest of the plan, and ignores the
                    // interrupt of the shutdown, so its execution stays picked with no more heartbeats.
                    boolean released = false;
                    while (!released) {
                        try {
                            released = release.await(1, TimeUnit.HOURS);
                        } catch (InterruptedException e) {
                            // a dead node does not react
                        }
                    }
                }
            }
        };
        FleetScheduler c = node("node-c", 2, runs, freezeMidApply);
        for (FleetWorld.Org org : world.orgs) {
            c.schedule(org.id());
        }
        assertTrue(frozen.await(60, TimeUnit.SECONDS), "node-c reached the middle of the big apply");
        c.close();                                                   // heartbeats stop; the frozen row stays picked
        nodes.remove(c);
        assertEquals(1, pickedRows(), "the dead node's execution is left picked");

        node("node-a", 4, runs);
        node("node-b", 4, runs);
        // every organization finished: applied, or found up to date by a, b after node-c's shutdown interrupted a
        // sync of it whose writes had already gone out (the interval is an hour: one round)
        Await.until(() -> world.orgs.stream().allMatch(org -> runs.runs(org.id()).stream().anyMatch(r ->
                r.outcome() == SyncOutcome.APPLIED
                        || r.outcome() == SyncOutcome.UP_TO_DATE && !r.node().equals("node-c"))),
                Duration.ofSeconds(90));
        Await.until(() -> pickedRows() == 0, Duration.ofSeconds(10));

        SyncRun revived = runs.runs(frozenOrg.get()).stream().filter(r -> r.outcome() == SyncOutcome.APPLIED)
                .findFirst().orElseThrow();
        assertNotEquals("node-c", revived.node(), "another node finished the dead node's organization");
        assertTrue(revived.applied() > 0 && revived.applied() < 33,
                "the other node applied only what the dead node had not: " + revived);
        for (FleetWorld.Org org : world.orgs) {
            List<SyncRun> all = runs.runs(org.id());
            List<SyncRun> done = all.stream().filter(r -> r.outcome() == SyncOutcome.APPLIED).toList();
            List<SyncRun> interrupted = all.stream().filter(r -> r.outcome() == SyncOutcome.FAILED).toList();
            // One complete run per organization, or (node-c's shutdown interrupted its apply after the writes went
            // out, before it could report them) an interrupted run on node-c and an up-to-date one elsewhere.
            assertTrue(done.size() == 1 || done.isEmpty() && !interrupted.isEmpty(), "one complete run: " + all);
            interrupted.forEach(r -> assertEquals("node-c", r.node(), r.toString()));
            all.stream().filter(r -> r.outcome() == SyncOutcome.UP_TO_DATE)
                    .forEach(r -> assertNotEquals("node-c", r.node(), r.toString()));
            assertTrue(all.stream().allMatch(r -> r.outcome() == SyncOutcome.APPLIED
                    || r.outcome() == SyncOutcome.FAILED || r.outcome() == SyncOutcome.UP_TO_DATE), all.toString());
        }
        assertSynced();
    }

    /** Every group equals its team; every change sent exactly once; quota never exceeded; no violation. */
    private void assertSynced() {
        for (FleetWorld.Org org : world.orgs) {
            assertEquals(new HashSet<>(org.teamUserIds()), world.members(org), "group of " + org.id());
        }
        Map<String, Integer> adds = world.additionsSent();
        int expectedAdds = world.orgs.stream()
                .mapToInt(o -> o.teamUserIds().size() - (int) o.initialMemberIds().stream()
                        .filter(o.teamUserIds()::contains).count()).sum();
        assertEquals(expectedAdds, adds.size(), "every missing member added");
        adds.forEach((pair, times) -> assertEquals(1, times, "added more than once: " + pair));
        world.removalsSent().forEach((path, times) -> assertEquals(1, times, "removed more than once: " + path));
        assertEquals(0, world.throttled(), "the write quota was never exceeded");
        assertTrue(world.fake.violations().isEmpty(), world.fake.violations().toString());
        assertFalse(world.orgs.isEmpty());
    }

    private int pickedRows() {
        return count("select count(*) from " + taskTable + " where picked = true");
    }

    private int pendingRows() {
        return count("select count(*) from " + taskTable);
    }

    private int count(String sql) {
        try (Connection c = nodeDataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
