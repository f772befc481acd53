package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.TeamMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A misbehaving team directory, and an organization disconnected while its sync runs. */
class ResilienceAttackTest {

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

    private List<TeamMember> hang(List<TeamMember> real) {
        try {
            release.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return real;
    }

    @Test
    void aThrowingNullOrHangingTeamDirectoryOfOneOrganizationDoesNotStallTheOthers() {
        AttackWorld.Org hanging = world.addOrg("hangs", 2, 0, 0);
        AttackWorld.Org throwing = world.addOrg("throws", 2, 0, 1);
        AttackWorld.Org nulls = world.addOrg("nulls", 2, 0, 1);
        world.hooks.put(hanging.id(), (id, call, real) -> hang(real));
        world.hooks.put(throwing.id(), (id, call, real) -> {
            throw new IllegalStateException("team service down");
        });
        world.hooks.put(nulls.id(), (id, call, real) -> null);
        List<AttackWorld.Org> fine = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fine.add(world.addOrg("fine" + i, 2, 1, 1));
        }
        FleetScheduler fleet = world.started(world.node("resilient", runs).threads(2));
        fleet.schedule(hanging.id(), GUARDED);
        fleet.schedule(throwing.id(), GUARDED);
        fleet.schedule(nulls.id(), GUARDED);
        fine.forEach(o -> fleet.schedule(o.id(), GUARDED));

        for (AttackWorld.Org o : fine) {
            SyncRun run = runs.first(o.id());
            assertEquals(SyncOutcome.APPLIED, run.outcome(), run.toString());
            assertEquals(new HashSet<>(o.teamUserIds()), world.members(o));
        }
        SyncRun thrown = runs.first(throwing.id());
        assertEquals(SyncOutcome.FAILED, thrown.outcome());
        assertEquals(ErrorKind.TEAM_LOOKUP, thrown.errorIfAny().orElseThrow().kind());
        SyncRun nulled = runs.first(nulls.id());
        assertEquals(SyncOutcome.FAILED, nulled.outcome(), nulled.toString());
        assertNotNull(nulled.error(), "a null team is reported as an error: " + nulled);
        assertEquals(1 + 1, world.members(throwing).size() + world.members(nulls).size(),
                "nothing removed when the team is unknown");
    }

    /**
     * One organization whose host team lookup never returns holds a sync thread forever; nothing bounds a sync's
     * duration and its heartbeat keeps the execution alive, so no node ever takes it over. On a node with one
     * thread (or with as many hung organizations as threads) every other organization stops being synced.
     */
    @Test
    void aHangingTeamDirectoryDoesNotStopEveryOtherOrganizationOnASingleThreadNode() {
        AttackWorld.Org hanging = world.addOrg("hangs1", 2, 0, 0);
        world.hooks.put(hanging.id(), (id, call, real) -> hang(real));
        // fix17: the bound is the documented maxRunTime (default an hour); this node sets a short one.
        FleetScheduler fleet = world.started(world.node("one-thread", runs).threads(1).maxRunTime(
                Duration.ofSeconds(2)));
        fleet.schedule(hanging.id(), GUARDED);
        AttackWorld.await(() -> world.teamCalls.containsKey(hanging.id()), Duration.ofSeconds(20), "hang entered");
        List<AttackWorld.Org> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AttackWorld.Org o = world.addOrg("waiting" + i, 1, 0, 0);
            others.add(o);
            fleet.schedule(o.id(), GUARDED);
        }
        for (AttackWorld.Org o : others) {
            assertEquals(SyncOutcome.APPLIED, runs.first(o.id()).outcome(), "others synced despite one hung org");
        }
        SyncRun abandoned = runs.first(hanging.id());
        assertEquals(SyncOutcome.FAILED, abandoned.outcome(), abandoned.toString());
        assertTrue(world.members(hanging).isEmpty(), "the abandoned sync applied nothing");
    }

    @Test
    void anOrganizationDisconnectedWhileItsSyncPlansGetsNoWrite() {
        AttackWorld.Org org = world.addOrg("leaving", 3, 0, 2);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        world.hooks.put(org.id(), (id, call, real) -> {
            if (call == 1) {
                entered.countDown();
                try {
                    go.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real;
        });
        FleetScheduler fleet = world.started(world.node("disc", runs));
        fleet.schedule(org.id(), GUARDED);
        try {
            assertTrue(entered.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        world.integration().organization(org.id()).disconnect();
        int writesBefore = world.fake.journal().writes().size();
        go.countDown();

        SyncRun run = runs.first(org.id());
        assertEquals(writesBefore, world.fake.journal().writes().size(),
                "no write after the organization was disconnected: " + run);
        assertTrue(run.outcome() == SyncOutcome.FAILED || run.outcome() == SyncOutcome.SKIPPED, run.toString());
        assertEquals(2, world.members(org).size());
    }

    @Test
    void anOrganizationDisabledWhileItsSyncPlansGetsNoWrite() {
        AttackWorld.Org org = world.addOrg("pausing", 3, 0, 2);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        world.hooks.put(org.id(), (id, call, real) -> {
            if (call == 1) {
                entered.countDown();
                try {
                    go.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real;
        });
        FleetScheduler fleet = world.started(world.node("dis", runs));
        fleet.schedule(org.id(), GUARDED);
        try {
            assertTrue(entered.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        world.integration().organization(org.id()).disable();
        int writesBefore = world.fake.journal().writes().size();
        go.countDown();

        SyncRun run = runs.first(org.id());
        assertEquals(writesBefore, world.fake.journal().writes().size(),
                "no write after the organization was disabled: " + run);
        assertEquals(2, world.members(org).size());
    }
}
