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
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** syncNow, schedule, confirm with unknown, unusable and hostile organization ids. */
class HostileOrganizationAttackTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private AttackWorld world;
    private AttackWorld.Runs runs;
    private FleetScheduler fleet;

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        runs = new AttackWorld.Runs();
        fleet = world.started(world.node("hostile", runs));
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private List<RecordedCall> graphCalls() {
        return world.fake.journal().calls(c -> c.kind() != RecordedCall.Kind.OTHER);
    }

    @Test
    void syncNowOfAnUnknownOrganizationIsNotFoundAndCreatesNothing() {
        MsGraphException e = assertThrows(MsGraphException.class, () -> fleet.syncNow(OrganizationId.of("ghost")));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertTrue(fleet.scheduleOf(OrganizationId.of("ghost")).isEmpty(), "syncNow must not schedule it");
        assertEquals(List.of(), world.dumpTable(FleetSchema.DEFAULT_TASK_TABLE));
    }

    @Test
    void hostileIdsAreStoredAsDataAndMatchOnlyThemselves() {
        AttackWorld.Org victim = world.addOrg("org-1", 1, 0, 0);
        String sql = "x'); delete from " + FleetSchema.DEFAULT_TASK_TABLE + "; --";
        String longest = "\uD83D\uDE00".repeat(128);                             // 256 chars, 128 emoji
        List<OrganizationId> hostile = List.of(OrganizationId.of("org-%"), OrganizationId.of("org-_"),
                OrganizationId.of(sql), OrganizationId.of(longest), OrganizationId.of("a\\b"),
                OrganizationId.of("org-1 "));
        OrganizationSchedule later = OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO);
        fleet.schedule(victim.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.HELD, runs.first(victim.id()).outcome());
        for (OrganizationId id : hostile) {
            assertTrue(fleet.schedule(id, later), id.value());
            assertEquals(later, fleet.scheduleOf(id).orElseThrow());
            assertEquals(SyncOutcome.SKIPPED, runs.first(id).outcome(), id.value());
        }
        for (OrganizationId id : hostile) {
            assertTrue(fleet.unschedule(id), id.value());
            assertTrue(fleet.heldPlans().list(id).isEmpty());
            assertEquals(0, fleet.heldPlans().removeAll(id));
            assertThrows(InvalidInputException.class,
                    () -> fleet.confirm(id, "x' or '1'='1", ApplyOptions.defaults()));
        }
        // Nothing of org-1 was touched by the wildcard-like ids.
        assertEquals(SyncPolicy.REVIEW_EVERYTHING, fleet.scheduleOf(victim.id()).orElseThrow().policy());
        assertFalse(fleet.scheduleOf(OrganizationId.of("org_1")).isPresent());
        assertEquals(1, fleet.heldPlans().list(victim.id()).size());
        assertEquals(1, world.dumpTable(FleetSchema.DEFAULT_TASK_TABLE).size());
    }

    @Test
    void controlCharactersAndOverlongIdsNeverReachTheScheduler() {
        assertThrows(IllegalArgumentException.class, () -> OrganizationId.of("acme\n2026-11-30 INFO forged"));
        assertThrows(IllegalArgumentException.class, () -> OrganizationId.of("a".repeat(257)));
        assertThrows(IllegalArgumentException.class, () -> OrganizationId.of("acme\u202Eevil"));
        assertThrows(NullPointerException.class, () -> fleet.syncNow(null));
    }

    @Test
    void aVeryLongPlanIdIsAnInputErrorNotAStorageError() {
        AttackWorld.Org org = world.addOrg("longplan", 1, 0, 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fleet.confirm(org.id(), "p".repeat(100_000), ApplyOptions.defaults()));
        assertEquals("planId", e.problems().get(0).field());
        assertFalse(fleet.discard(org.id(), "p".repeat(100_000)));
    }

    @Test
    void disabledAndDisconnectedOrganizationsAreSkippedWithoutARequest() {
        AttackWorld.Org disabled = world.addOrg("disabled", 2, 0, 1);
        AttackWorld.Org gone = world.addOrg("gone", 2, 0, 1);
        var m = world.integration();
        m.organization(disabled.id()).disable();
        m.organization(gone.id()).disconnect();
        world.fake.journal().clear();
        OrganizationSchedule s = OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO);
        fleet.schedule(disabled.id(), s);
        fleet.schedule(gone.id(), s);
        assertEquals(SyncOutcome.SKIPPED, runs.first(disabled.id()).outcome());
        assertEquals(SyncOutcome.SKIPPED, runs.first(gone.id()).outcome());
        AttackWorld.await(() -> fleet.syncNow(disabled.id()), Duration.ofSeconds(10), "syncNow accepted");
        AttackWorld.await(() -> fleet.syncNow(gone.id()), Duration.ofSeconds(10), "syncNow accepted");
        SyncRun again = runs.nth(disabled.id(), 2);
        assertEquals(SyncOutcome.SKIPPED, again.outcome());
        assertEquals(SyncOutcome.SKIPPED, runs.nth(gone.id(), 2).outcome());
        assertEquals(List.of(), graphCalls(), "no Graph request for unusable organizations");
        assertEquals(0, world.members(disabled).size() - 1);
    }
}
