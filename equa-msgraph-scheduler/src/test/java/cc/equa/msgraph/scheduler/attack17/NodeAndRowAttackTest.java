package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.FleetSchema;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.RecordedCall;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A frozen node that wakes up after its work was revived elsewhere; a task row edited in the database. */
class NodeAndRowAttackTest {

    private static final String TASKS = FleetSchema.DEFAULT_TASK_TABLE;
    private static final OrganizationSchedule GUARDED =
            OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, Duration.ofHours(1), Duration.ZERO);

    private AttackWorld world;
    private AttackWorld.Runs runs;
    private final CountDownLatch release = new CountDownLatch(1);

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

    private byte[] taskData(OrganizationId org) {
        try (Connection c = world.db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select task_data from " + TASKS + " where task_instance = ?")) {
            s.setString(1, org.value());
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "a task row for " + org);
                return r.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int rows(OrganizationId org, String where) {
        try (Connection c = world.db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from " + TASKS + " where task_instance = ?" + where)) {
            s.setString(1, org.value());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A node frozen mid-apply (a long GC pause, a suspended VM) is declared dead, its organization is revived and
     * finished by another node; when the frozen node wakes up it must not go on sending the rest of its old plan.
     */
    @Test
    void aFrozenNodeThatWakesUpAfterItsSyncWasRevivedSendsNoMoreWrites() throws InterruptedException {
        AttackWorld.Org big = world.addOrg("frozen", 30, 0, 3);              // +30 -3
        AtomicBoolean froze = new AtomicBoolean();
        CountDownLatch frozen = new CountDownLatch(1);
        FleetListener freeze = new FleetListener() {
            @Override
            public void changeSettled(OrganizationId organization, ChangeResult result, int completed, int total) {
                if (completed < total && froze.compareAndSet(false, true)) {
                    frozen.countDown();
                    boolean released = false;
                    while (!released) {
                        try {
                            released = release.await(1, TimeUnit.HOURS);
                        } catch (InterruptedException e) {
                            // frozen: deaf to the shutdown's interrupt
                        }
                    }
                }
            }
        };
        FleetScheduler c = world.started(world.node("node-c", runs, freeze).threads(1));
        c.schedule(big.id(), GUARDED);
        assertTrue(frozen.await(60, TimeUnit.SECONDS), "node-c froze mid-apply");
        c.close();                                                          // no more heartbeats from node-c
        world.started(world.node("node-a", runs));
        SyncRun revived = runs.await(r -> r.organization().equals(big.id()) && r.node().equals("node-a"), 1,
                Duration.ofSeconds(60)).get(0);
        assertEquals(SyncOutcome.APPLIED, revived.outcome(), revived.toString());
        assertEquals(new HashSet<>(big.teamUserIds()), world.members(big));
        AttackWorld.await(() -> rows(big.id(), " and picked = true") == 0, Duration.ofSeconds(10), "not picked");
        List<RecordedCall> writesWhenRevived = world.fake.journal().writes();
        // Meanwhile a former member rejoins the team and the group (the next sync would keep them).
        String rejoined = big.strangerIds().get(2);
        world.team.add(big.id(), cc.equa.msgraph.spi.TeamMember.individual("t-back", "Back", "former2@frozen.test"));
        world.fake.directory(big.tenantId()).addMembers(big.groupId(), rejoined);

        release.countDown();                                                // node-c wakes up
        SyncRun zombie = runs.await(r -> r.organization().equals(big.id()) && r.node().equals("node-c"), 1,
                Duration.ofSeconds(60)).get(0);
        List<RecordedCall> after = world.fake.journal().writes();
        assertTrue(world.members(big).contains(rejoined), "the woken node removed a current team member with its"
                + " old plan; its run: " + zombie + "; writes after waking: "
                + after.subList(writesWhenRevived.size(), after.size()).stream()
                        .map(w -> w.method() + " " + w.path() + " " + w.status()).toList());
        assertEquals(1, rows(big.id(), ""), "still scheduled once");
        assertEquals(writesWhenRevived.size(), after.size(), "the woken node re-sent "
                + (after.size() - writesWhenRevived.size()) + " writes of its old plan after another node had"
                + " finished the sync; its run: " + zombie);
    }

    private AttackWorld.Org heldVictim(FleetScheduler fleet) {
        AttackWorld.Org victim = world.addOrg("garbled", 2, 0, 2);
        fleet.schedule(victim.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, Duration.ofHours(1),
                Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(victim.id()).outcome());
        AttackWorld.await(() -> rows(victim.id(), " and picked = false") == 1, Duration.ofSeconds(10), "done");
        return victim;
    }

    private List<String> tamperings(OrganizationId victim) {
        String text = new String(taskData(victim), StandardCharsets.UTF_8);
        assertTrue(text.contains("REVIEW_EVERYTHING"), "the schedule is stored as text: " + text);
        List<String> all = List.of(text.replace("REVIEW_EVERYTHING", "APPLY_EVERYTHING"),
                text.replace("REVIEW_EVERYTHING", "review_everything"), "\u0000\u00ff{{{<?xml",
                text.replace(";3600000;0", ";-3600000;0"), text.replace(";3600000;0", ";0;0"),
                text.replace(";3600000;0", ";1000;99999999"),
                text.replace(";3600000;0", ";9223372036854775807;9223372036854775807"),
                text.replace("v1;", "v9;"), text + ";extra", "v1;" + "X".repeat(900));
        all.forEach(t -> assertNotEquals(text, t));
        return all;
    }

    private void tamper(OrganizationId victim, String data) {
        world.update("update " + TASKS + " set task_data = ?, execution_time = current_timestamp"
                + " where task_instance = ?", data.getBytes(StandardCharsets.UTF_8), victim.value());
    }

    @Test
    void aTaskRowWithGarbageDataNeverAppliesAndDoesNotStopOtherOrganizations() {
        FleetScheduler fleet = world.started(world.node("rows", runs));
        AttackWorld.Org victim = heldVictim(fleet);
        Set<String> before = world.members(victim);
        int i = 0;
        for (String tampered : tamperings(victim.id())) {
            tamper(victim.id(), tampered);
            AttackWorld.Org other = world.addOrg("bystander" + i++, 2, 0, 1);
            fleet.schedule(other.id(), GUARDED);
            assertEquals(SyncOutcome.APPLIED, runs.first(other.id()).outcome(), "after tampering " + tampered);
        }
        assertEquals(before, world.members(victim), "nothing applied for the tampered row");
        assertTrue(world.writesTo(victim).isEmpty(), world.writesTo(victim).toString());
        int victimCalls = world.fake.journal().calls(c -> victim.tenantId().equals(c.tenantId().orElse(null)))
                .size();
        assertTrue(victimCalls < 40, "a tampered row must not make the organization run in a loop: "
                + victimCalls + " requests, runs " + runs.of(victim.id()));
    }

    @Test
    void scheduleOfATamperedRowIsATypedStorageError() {
        FleetScheduler fleet = world.started(world.node("rows2", runs));
        AttackWorld.Org victim = heldVictim(fleet);
        for (String tampered : tamperings(victim.id())) {
            tamper(victim.id(), tampered);
            try {
                fleet.scheduleOf(victim.id());
            } catch (MsGraphException expected) {
                // a typed storage error is fine
            } catch (RuntimeException e) {
                fail("scheduleOf a row with task_data '" + tampered + "' let an untyped " + e
                        + " reach the caller", e);
            }
        }
    }
}
