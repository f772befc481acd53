package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.TeamMember;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policies that hold removals (or trust the guard): no removal may slip through without review. */
class PolicyAttackTest {

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

    private FleetScheduler fleet(SyncOptions options) {
        return world.started(world.node("policy", runs).syncOptions(options));
    }

    private static OrganizationSchedule every(SyncPolicy policy) {
        return OrganizationSchedule.of(policy, HOUR, Duration.ZERO);
    }

    /**
     * An additions-only plan is applied "as it is"; if the team loses a member between the plan and the apply, the
     * apply must not turn into a removal (a replan on stale) that no person reviewed.
     */
    @Test
    void additionsOnlyPlanWhoseTeamShrinksBeforeApplyRemovesNoOne() {
        AttackWorld.Org org = world.addOrg("shrink", 3, 2, 0);          // p0, p1 members; +p2
        String leaver = org.teamUserIds().get(1);
        world.hooks.put(org.id(), (id, call, real) -> call == 1 ? real
                : real.stream().filter(m -> !m.id().equals("t1")).toList());
        FleetScheduler fleet = fleet(SyncOptions.defaults());
        fleet.schedule(org.id(), every(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS));

        SyncRun run = runs.first(org.id());
        assertTrue(world.members(org).contains(leaver), "the leaver was removed without review: " + run);
        assertEquals(0, world.deletes().size(), "no DELETE: " + world.deletes());
    }

    @Test
    void ownerAdditionsAloneAreHeldUnderAdditionsPolicy() {
        AttackWorld.Org org = world.addOrg("owners1", 1, 1, 0, AttackWorld.OWNER_ROLES);
        world.team.set(org.id(), List.of(TeamMember.individual("t0", "Person 0", "p0@owners1.test")
                .withRoles(Set.of("director"))));
        FleetScheduler fleet = fleet(SyncOptions.builder().ownerRoles(Set.of("director")).build());
        fleet.schedule(org.id(), every(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS));

        SyncRun run = runs.first(org.id());
        assertEquals(SyncOutcome.HELD, run.outcome(), run.toString());
        assertEquals(Set.of(), world.owners(org), "no owner added without review");
        HeldPlan held = fleet.heldPlans().latest(org.id()).orElseThrow();
        assertEquals(1, held.ownerAdditions());
    }

    @Test
    void memberAndOwnerAdditionsTogetherApplyOnlyTheMemberAdditions() {
        AttackWorld.Org org = world.addOrg("owners2", 2, 0, 0, AttackWorld.OWNER_ROLES);
        world.team.set(org.id(), List.of(
                TeamMember.individual("t0", "Person 0", "p0@owners2.test").withRoles(Set.of("director")),
                TeamMember.individual("t1", "Person 1", "p1@owners2.test")));
        FleetScheduler fleet = fleet(SyncOptions.builder().ownerRoles(Set.of("director")).build());
        fleet.schedule(org.id(), every(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS));

        SyncRun run = runs.first(org.id());
        assertEquals(new HashSet<>(org.teamUserIds()), world.members(org), "member additions applied: " + run);
        assertEquals(Set.of(), world.owners(org), "the owner addition waits for review: " + run);
        assertEquals(SyncOutcome.APPLIED_AND_HELD, run.outcome(), run.toString());
        assertEquals(1, fleet.heldPlans().latest(org.id()).orElseThrow().ownerAdditions());
    }

    @Test
    void additionsPolicyWithAnEmptyTeamRemovesNoOne() {
        AttackWorld.Org org = world.addOrg("empty1", 4, 4, 1);
        Set<String> before = world.members(org);
        world.team.set(org.id(), List.of());
        FleetScheduler fleet = fleet(SyncOptions.defaults());
        fleet.schedule(org.id(), every(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS));

        SyncRun run = runs.first(org.id());
        assertEquals(SyncOutcome.HELD, run.outcome(), run.toString());
        assertEquals(before, world.members(org));
        assertEquals(5, fleet.heldPlans().latest(org.id()).orElseThrow().removals());
    }

    @Test
    void withinGuardAppliesExactlyAtTheLimitAndHoldsOneOver() {
        // 1 team member + 10 former members: removing 10 of 11 is exactly max(10, 10 %).
        AttackWorld.Org at = world.addOrg("at-limit", 1, 1, 10);
        AttackWorld.Org over = world.addOrg("over-limit", 1, 1, 11);
        Set<String> overBefore = world.members(over);
        FleetScheduler fleet = fleet(SyncOptions.defaults());
        fleet.schedule(at.id(), every(SyncPolicy.APPLY_WITHIN_GUARD));
        fleet.schedule(over.id(), every(SyncPolicy.APPLY_WITHIN_GUARD));

        SyncRun atRun = runs.first(at.id());
        assertEquals(SyncOutcome.APPLIED, atRun.outcome(), atRun.toString());
        assertEquals(10, atRun.applied());
        assertEquals(Set.copyOf(at.teamUserIds()), world.members(at));
        SyncRun overRun = runs.first(over.id());
        assertEquals(SyncOutcome.HELD, overRun.outcome(), overRun.toString());
        assertEquals(overBefore, world.members(over));
        assertTrue(fleet.heldPlans().latest(over.id()).orElseThrow().removalGuardTripped());
    }

    @Test
    void withinGuardNeverRemovesAnOwnerWhoLeftTheTeam() {
        AttackWorld.Org org = world.addOrg("owner-kept", 2, 2, 1);
        String ownerStranger = org.strangerIds().get(0);
        world.fake.directory(org.tenantId()).addOwners(org.groupId(), ownerStranger);
        FleetScheduler fleet = fleet(SyncOptions.defaults());
        fleet.schedule(org.id(), every(SyncPolicy.APPLY_WITHIN_GUARD));

        SyncRun run = runs.first(org.id());
        assertTrue(world.members(org).contains(ownerStranger), "an owner's membership was removed: " + run);
        assertEquals(0, world.deletes().size());
    }

    /**
     * TeamDirectory's Javadoc: an empty list means "the team is empty", "which the removal guard then has to
     * catch". Under APPLY_WITHIN_GUARD the default guard (max(10, 10 %)) lets an empty team empty a group of up to
     * ten members without any person seeing it: every member of the group removed unattended.
     */
    @Test
    void withinGuardDoesNotEmptyAWholeGroupBecauseTheTeamCameBackEmpty() {
        AttackWorld.Org org = world.addOrg("empty2", 8, 8, 0);
        Set<String> before = world.members(org);
        FleetScheduler fleet = fleet(SyncOptions.defaults());
        fleet.schedule(org.id(), every(SyncPolicy.APPLY_WITHIN_GUARD));
        assertEquals(SyncOutcome.UP_TO_DATE, runs.first(org.id()).outcome());

        world.team.set(org.id(), List.of());                 // the host's lookup returns [] instead of failing
        AttackWorld.await(() -> fleet.syncNow(org.id()), Duration.ofSeconds(10), "syncNow accepted");
        SyncRun run = runs.nth(org.id(), 2);
        assertEquals(before, world.members(org), "an empty team removed every member unattended: " + run);
        assertEquals(SyncOutcome.HELD, run.outcome(), run.toString());
    }

    /**
     * Within the guard when planned (11 of 111 = 10 %), over it when applied (the group shrank to 91 in between):
     * the guard is recomputed at apply, so nothing is removed, and the run says why.
     */
    @Test
    void withinGuardAtPlanTimeButOverItAtApplyTimeRemovesNoOne() {
        AttackWorld.Org org = world.addOrg("shrinking-group", 100, 100, 11);
        // After planning read the team (and then the group), the next settings load (the plan's signing, or the
        // apply's own checks) comes before the apply reads the group again: shrink the group there.
        world.hooks.put(org.id(), (id, call, real) -> {
            if (call == 1) {
                world.onNextSettingsLoad.set(() -> {
                    for (String gone : org.teamUserIds().subList(0, 20)) {
                        world.fake.directory(org.tenantId()).removeMember(org.groupId(), gone);
                    }
                });
            }
            return real;
        });
        FleetScheduler fleet = fleet(SyncOptions.defaults());
        fleet.schedule(org.id(), every(SyncPolicy.APPLY_WITHIN_GUARD));

        SyncRun run = runs.first(org.id());
        assertEquals(0, world.deletes().size(), "no removal over the guard: " + run);
        assertTrue(world.members(org).containsAll(org.strangerIds()));
        assertTrue(run.outcome() == SyncOutcome.HELD || (run.outcome() == SyncOutcome.FAILED
                && run.errorIfAny().orElseThrow().kind() == cc.equa.msgraph.ErrorKind.REMOVAL_GUARD),
                run.toString());
    }
}
