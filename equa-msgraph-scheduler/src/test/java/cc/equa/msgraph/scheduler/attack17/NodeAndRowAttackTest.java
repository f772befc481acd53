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

}
