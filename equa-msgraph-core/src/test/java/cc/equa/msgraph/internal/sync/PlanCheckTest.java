package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.spi.TeamMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Apply's re-check of a plan's claims, on plans forged in memory (no JSON, no digest in the way). */
class PlanCheckTest {

    static final String ANN = "00000000-0000-0000-0000-00000000000a";
    static final String BOB = "00000000-0000-0000-0000-00000000000b";
    static final String EVE = "00000000-0000-0000-0000-00000000000e";
    static final String OWNER = "00000000-0000-0000-0000-0000000000f0";
    static final String X = "00000000-0000-0000-0000-000000000099";
    static final String TWIN = "00000000-0000-0000-0000-000000000077";

    static PlannedChange add(String id, String label, String tm) {
        return new PlannedChange(PlannedChange.Action.ADD, id, label, tm);
    }

    static PlannedChange owner(String id, String label, String tm) {
        return new PlannedChange(PlannedChange.Action.ADD_OWNER, id, label, tm);
    }

    static PlannedChange remove(String id, String label) {
        return new PlannedChange(PlannedChange.Action.REMOVE, id, label, null);
    }

    static PlanContent forged(cc.equa.msgraph.SyncPlan.Kind kind, SyncOptions options, List<String> requested,
            boolean includeProtected, List<PlannedChange> additions, List<PlannedChange> owners,
            List<PlannedChange> removals) {
        return new PlanContent("p", kind, "acme", "g", java.time.Instant.EPOCH, options, requested, includeProtected,
                "f", "gf", "tf", 0, 1000, false, null, additions, removals, List.of(), List.of(), List.of(),
                List.of(), owners);
    }

    static List<Planner.Candidate> candidates(SyncOptions options, TeamMember... team) {
        List<SkippedMember> out = new ArrayList<>();
        return Planner.candidates(List.of(team), options, out);
    }

    static Map<PlannedChange, String> check(PlanContent plan, GroupState group, List<Planner.Candidate> cands,
            List<UserRecord> directory, Map<String, Set<String>> aliases) {
        PlanCheck check = new PlanCheck(plan, group, cands);
        List<String> needed = check.addressesToResolve(aliases);
        return check.refusals(UserMatcher.resolveAll(needed, directory, plan.options().matchRules()), aliases);
    }

    static UserRecord user(String id, String mail) {
        return new UserRecord(id, id, mail, mail, List.of(), List.of(), true);
    }

    static DirectoryMember member(String id, String mail) {
        return new DirectoryMember(id, "user", mail, mail, true);
    }

    static final SyncOptions ADMINS = SyncOptions.builder().ownerRoles(Set.of("Admin")).build();
    static final List<UserRecord> DIRECTORY = List.of(user(ANN, "ann@acme.test"), user(BOB, "bob@acme.test"),
            user(EVE, "eve@evil.test"), user(OWNER, "owner@acme.test"), user(X, "x@acme.test"));
    static final GroupState GROUP = new GroupState("g", List.of(member(OWNER, "owner@acme.test"),
            member(X, "x@acme.test"), member(BOB, "bob@acme.test")), Set.of(OWNER), null);

    @Test
    void teamSyncChangesMustRestOnTheCurrentTeamAndDirectory() {
        List<Planner.Candidate> team = candidates(ADMINS,
                TeamMember.individual("t1", "Ann", "ann@acme.test").withRoles(Set.of("Admin")),
                TeamMember.individual("t2", "Bob", "bob@acme.test").withRoles(Set.of("Board")));
        PlanContent plan = forged(cc.equa.msgraph.SyncPlan.Kind.TEAM_SYNC, ADMINS, List.of(), false,
                List.of(add(ANN, "ann@acme.test", "t1"), add(EVE, "ann@acme.test", "t1"),
                        add(EVE, "eve@evil.test", "t9"), add(EVE, "eve@evil.test", null),
                        add("../owners", "ann@acme.test", "t1")),
                List.of(owner(ANN, "ann@acme.test", "t1"), owner(BOB, "bob@acme.test", "t2")),
                List.of(remove(X, "x@acme.test"), remove(OWNER, "owner@acme.test"), remove(BOB, "bob@acme.test")));

        Map<PlannedChange, String> refused = check(plan, GROUP, team, DIRECTORY, Map.of());

        assertNull(refused.get(add(ANN, "ann@acme.test", "t1")));
        assertNull(refused.get(owner(ANN, "ann@acme.test", "t1")));
        assertNull(refused.get(remove(X, "x@acme.test")));
        assertTrue(refused.get(add(EVE, "ann@acme.test", "t1")).contains("is not the user"));
        assertTrue(refused.get(add(EVE, "eve@evil.test", "t9")).contains("not a current Equa team member"));
        assertTrue(refused.get(add(EVE, "eve@evil.test", null)).contains("names no Equa team member"));
        assertTrue(refused.get(add("../owners", "ann@acme.test", "t1")).contains("not a directory object id"));
        assertTrue(refused.get(owner(BOB, "bob@acme.test", "t2")).contains("owner role"));
        assertTrue(refused.get(remove(OWNER, "owner@acme.test")).contains("group owner"));
        assertTrue(refused.get(remove(BOB, "bob@acme.test")).contains("matched to current Equa team member t2"));
        assertEquals(7, refused.size());
        assertTrue(refused.values().stream().allMatch(r -> r.startsWith("refused: ")));
    }

    @Test
    void aMirrorRemovalOfSomeoneAnAmbiguousTeamAddressMayMeanIsRefused() {
        List<Planner.Candidate> team = candidates(SyncOptions.defaults(),
                TeamMember.individual("t1", "Twin", "twin@acme.test"));
        UserRecord twinA = new UserRecord(TWIN, "A", "a@acme.test", "a@acme.test", List.of("twin@acme.test"),
                List.of(), true);
        UserRecord twinB = new UserRecord(EVE, "B", "b@acme.test", "b@acme.test", List.of("twin@acme.test"),
                List.of(), true);
        GroupState group = new GroupState("g", List.of(member(TWIN, "a@acme.test"), member(X, "x@acme.test")),
                Set.of(), null);
        PlanContent plan = forged(cc.equa.msgraph.SyncPlan.Kind.TEAM_SYNC, SyncOptions.defaults(), List.of(), false,
                List.of(), List.of(), List.of(remove(TWIN, "a@acme.test"), remove(X, "x@acme.test")));
        PlanCheck check = new PlanCheck(plan, group, team);
        assertEquals(List.of(TWIN, X), check.aliasLookups());
        Map<String, Set<String>> aliases = Map.of(TWIN, Set.of("twin@acme.test"));
        assertEquals(List.of("twin@acme.test"), check.addressesToResolve(aliases));

        Map<PlannedChange, String> refused = check(plan, group, team, List.of(twinA, twinB), aliases);

        assertEquals(Set.of(remove(TWIN, "a@acme.test")), refused.keySet());
        assertTrue(refused.get(remove(TWIN, "a@acme.test")).contains("several users"));
    }

    @Test
    void aRemovalLabelMustBeTheMembersOwnAndAnAdditiveSyncRemovesNoOne() {
        PlanContent mirror = forged(cc.equa.msgraph.SyncPlan.Kind.TEAM_SYNC, SyncOptions.defaults(), List.of(),
                false, List.of(), List.of(), List.of(remove(X, "someone-else@acme.test")));
        assertTrue(check(mirror, GROUP, List.of(), DIRECTORY, Map.of()).get(remove(X, "someone-else@acme.test"))
                .contains("the directory shows x@acme.test"));
        PlanContent additive = forged(cc.equa.msgraph.SyncPlan.Kind.TEAM_SYNC,
                SyncOptions.builder().mode(SyncMode.ADDITIVE).build(), List.of(), false, List.of(), List.of(),
                List.of(remove(X, "x@acme.test")));
        assertTrue(check(additive, GROUP, List.of(), DIRECTORY, Map.of()).get(remove(X, "x@acme.test"))
                .contains("additive"));
    }

    @Test
    void explicitPlansChangeOnlyTheRequestedMembers() {
        PlanContent addPlan = forged(cc.equa.msgraph.SyncPlan.Kind.ADD_MEMBERS, SyncOptions.defaults(),
                List.of("ANN@acme.test"), false, List.of(add(ANN, "ann@acme.test", null),
                        add(EVE, "eve@evil.test", null), add(EVE, "ann@acme.test", null)),
                List.of(owner(ANN, "ann@acme.test", null)), List.of(remove(X, "x@acme.test")));
        Map<PlannedChange, String> a = check(addPlan, GROUP, List.of(), DIRECTORY, Map.of());
        assertEquals(4, a.size());
        assertTrue(a.get(add(EVE, "eve@evil.test", null)).contains("not requested"));
        assertTrue(a.get(add(EVE, "ann@acme.test", null)).contains("is not the user"));

        PlanContent removePlan = forged(cc.equa.msgraph.SyncPlan.Kind.REMOVE_MEMBERS, SyncOptions.defaults(),
                List.of("x@acme.test", OWNER), false, List.of(), List.of(),
                List.of(remove(X, "x@acme.test"), remove(BOB, "bob@acme.test"), remove(OWNER, "owner@acme.test")));
        Map<PlannedChange, String> r = check(removePlan, GROUP, List.of(), DIRECTORY, Map.of());
        assertTrue(r.get(remove(BOB, "bob@acme.test")).contains("not requested"));
        assertTrue(r.get(remove(OWNER, "owner@acme.test")).contains("group owner"));
        assertEquals(2, r.size());
        PlanContent withProtected = forged(cc.equa.msgraph.SyncPlan.Kind.REMOVE_MEMBERS, SyncOptions.defaults(),
                List.of(OWNER), true, List.of(), List.of(), List.of(remove(OWNER, "owner@acme.test")));
        assertEquals(Map.of(), check(withProtected, GROUP, List.of(), DIRECTORY, Map.of()));
    }

    @Test
    void theGuardIsRecomputedFromTheRemovalsSentAndTheCurrentGroup() {
        List<DirectoryMember> members = new ArrayList<>();
        List<PlannedChange> removals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = String.format("00000000-0000-0000-0000-%012d", i);
            members.add(member(id, "p" + i + "@acme.test"));
            if (i >= 5) {
                removals.add(remove(id, "p" + i + "@acme.test"));
            }
        }
        GroupState group = new GroupState("g", members, Set.of(), null);
        PlanContent plan = forged(cc.equa.msgraph.SyncPlan.Kind.TEAM_SYNC, SyncOptions.defaults(), List.of(), false,
                List.of(), List.of(), removals);
        PlanCheck check = new PlanCheck(plan, group, List.of());
        assertTrue(check.guard(List.of(), removals, false).startsWith("15 removals exceed the allowed 10"));
        assertNull(check.guard(List.of(), removals.subList(0, 10), false));
        assertTrue(check.guard(List.of(), removals.subList(0, 2), true).contains("empty"));
        List<PlannedChange> everyone = new ArrayList<>();
        members.subList(0, 3).forEach(m -> everyone.add(remove(m.id(), m.label())));
        GroupState small = new GroupState("g", members.subList(0, 3), Set.of(), null);
        PlanCheck smallCheck = new PlanCheck(plan, small, List.of());
        assertTrue(smallCheck.guard(List.of(), everyone, false).contains("every member"));
        assertNull(smallCheck.guard(List.of(add(ANN, "ann@acme.test", "t1")), everyone, false));
    }
}
