package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.KeptMember;
import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.TeamMember;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlannerTest {

    static final Planner.Header HEADER = new Planner.Header("p1", "acme", Instant.parse("2026-01-01T00:00:00Z"));

    static UserRecord user(String id, String mail) {
        return new UserRecord(id, id, mail, mail, List.of(), List.of(), true);
    }

    static DirectoryMember member(String id, String mail) {
        return new DirectoryMember(id, "user", mail, mail, true);
    }

    static PlanContent plan(SyncOptions options, List<TeamMember> team, List<UserRecord> users, GroupState group) {
        List<SkippedMember> out = new ArrayList<>();
        List<Planner.Candidate> candidates = Planner.candidates(team, options, out);
        Map<String, UserMatcher.Resolution> res = UserMatcher.resolveAll(
                candidates.stream().map(Planner.Candidate::email).distinct().toList(), users, options.matchRules());
        return Planner.teamSync(HEADER, options, candidates, out, res, group);
    }

    static Map<String, SkipReason> reasons(PlanContent p) {
        return p.skipped().stream().collect(Collectors.toMap(SkippedMember::teamMemberId, SkippedMember::reason));
    }

    @Test
    void planReportsEveryTeamMemberWhoWillNotBeInTheGroupWithAReason() {
        List<TeamMember> team = List.of(
                TeamMember.individual("t1", "Ann", "  Ann@Contoso.COM "),
                TeamMember.entity("t2", "Fund I", "fund@contoso.com"),
                TeamMember.individual("t3", "No Mail", null),
                TeamMember.individual("t4", "Bad", "not an email"),
                TeamMember.individual("t5", "Ghost", "ghost@contoso.com"),
                TeamMember.individual("t6", "Twin", "twin@contoso.com"),
                TeamMember.individual("t7", "Off", "off@contoso.com"),
                TeamMember.individual("t8", "Bounce", "bounce@contoso.com")
                        .withInvitationStatus(InvitationStatus.BOUNCED),
                TeamMember.individual("t9", "Ann again", "ANN@contoso.com"));
        List<UserRecord> users = List.of(user("u1", "ann@contoso.com"),
                user("u6a", "twin@contoso.com"), user("u6b", "twin@contoso.com"),
                new UserRecord("u7", "Off", "off@contoso.com", "off@contoso.com", List.of(), List.of(), false),
                user("u8", "bounce@contoso.com"));
        SyncOptions options = SyncOptions.builder().invitationStatuses(Set.of(InvitationStatus.JOINED)).build();
        PlanContent p = plan(options, team, users, new GroupState("g", List.of(), Set.of(), null));

        assertEquals(List.of("u1"), p.additions().stream().map(PlannedChange::directoryObjectId).toList());
        assertEquals("ann@contoso.com", p.additions().get(0).label());
        Map<String, SkipReason> r = reasons(p);
        assertEquals(SkipReason.ENTITY, r.get("t2"));
        assertEquals(SkipReason.NO_EMAIL, r.get("t3"));
        assertEquals(SkipReason.INVALID_EMAIL, r.get("t4"));
        assertEquals(SkipReason.NO_MATCHING_USER, r.get("t5"));
        assertEquals(SkipReason.AMBIGUOUS_MATCH, r.get("t6"));
        assertEquals(SkipReason.ACCOUNT_DISABLED, r.get("t7"));
        assertEquals(SkipReason.FILTERED_BY_STATUS, r.get("t8"));
        assertEquals(SkipReason.DUPLICATE_MATCH, r.get("t9"));
        assertEquals(List.of("u6a", "u6b"), p.skipped().stream().filter(s -> s.teamMemberId().equals("t6"))
                .findFirst().orElseThrow().candidateIds());
    }

    @Test
    void roleScopeFiltersMembersWithoutAnyRoleInScope() {
        List<TeamMember> team = List.of(
                TeamMember.individual("t1", "Ann", "ann@contoso.com").withRoles(Set.of("Admin")),
                TeamMember.individual("t2", "Bob", "bob@contoso.com").withRoles(Set.of("Viewer")));
        SyncOptions options = SyncOptions.builder().roles(List.of("Admin")).build();
        PlanContent p = plan(options, team, List.of(user("u1", "ann@contoso.com"), user("u2", "bob@contoso.com")),
                new GroupState("g", List.of(), Set.of(), null));
        assertEquals(1, p.additions().size());
        assertEquals(SkipReason.FILTERED_BY_ROLE, reasons(p).get("t2"));
    }

    @Test
    void mirrorRemovesNonTeamUsersButNeverOwnersTheAppOrNonUsers() {
        List<TeamMember> team = List.of(TeamMember.individual("t1", "Ann", "ann@contoso.com"));
        GroupState group = new GroupState("g", List.of(member("u1", "ann@contoso.com"), member("u2", "x@contoso.com"),
                member("owner", "o@contoso.com"), member("app", null),
                new DirectoryMember("grp", "group", null, null, null)), Set.of("owner"), "app");
        PlanContent p = plan(SyncOptions.defaults(), team, List.of(user("u1", "ann@contoso.com")), group);
        assertTrue(p.additions().isEmpty());
        assertEquals(List.of("u2"), p.removals().stream().map(PlannedChange::directoryObjectId).toList());
        assertEquals(List.of(KeepReason.THIS_APP, KeepReason.NOT_A_USER, KeepReason.OWNER),
                p.protectedMembers().stream().map(KeptMember::reason).toList());
        assertEquals(List.of("u1"), p.unchanged().stream().map(KeptMember::directoryObjectId).toList());
        assertFalse(p.guardTripped());
    }

    @Test
    void aMemberAnAmbiguousOrDisabledTeamAddressMayBelongToIsKeptNotRemoved() {
        List<TeamMember> team = List.of(TeamMember.individual("t1", "Twin", "twin@contoso.com"),
                TeamMember.individual("t2", "Off", "off@contoso.com"));
        UserRecord twinA = new UserRecord("a", "A", "a@contoso.com", "a@contoso.com", List.of("twin@contoso.com"),
                List.of(), true);
        UserRecord twinB = new UserRecord("b", "B", "b@contoso.com", "b@contoso.com", List.of("twin@contoso.com"),
                List.of(), true);
        UserRecord off = new UserRecord("off", "Off", "off@contoso.com", "off@contoso.com", List.of(), List.of(),
                false);
        GroupState group = new GroupState("g", List.of(member("a", "a@contoso.com"), member("off", "off@contoso.com"),
                member("x", "x@contoso.com")), Set.of(), null);
        PlanContent p = plan(SyncOptions.defaults(), team, List.of(twinA, twinB, off), group);
        assertEquals(List.of("x"), p.removals().stream().map(PlannedChange::directoryObjectId).toList());
        assertEquals(Map.of("a", KeepReason.AMBIGUOUS_MATCH, "off", KeepReason.ACCOUNT_DISABLED),
                p.protectedMembers().stream().collect(Collectors.toMap(KeptMember::directoryObjectId,
                        KeptMember::reason)));
        assertEquals(Set.of("t1", "t2"), p.protectedMembers().stream().map(KeptMember::teamMemberId)
                .collect(Collectors.toSet()));
        assertEquals(Map.of("t1", SkipReason.AMBIGUOUS_MATCH, "t2", SkipReason.ACCOUNT_DISABLED), reasons(p));
    }

    @Test
    void aTeamAddressWithACompatibilityCharacterIsSkippedAndNeverLookedUp() {
        List<SkippedMember> out = new ArrayList<>();
        List<Planner.Candidate> c = Planner.candidates(List.of(
                TeamMember.individual("t1", "Kelvin", "\u212Aate@contoso.com"),
                TeamMember.individual("t2", "Kate", "Kate@Contoso.com")), SyncOptions.defaults(), out);
        assertEquals(List.of("kate@contoso.com"), c.stream().map(Planner.Candidate::email).toList());
        assertEquals(SkipReason.INVALID_EMAIL, out.get(0).reason());
        assertEquals("\u212Aate@contoso.com", out.get(0).email());
    }

    @Test
    void additiveNeverRemoves() {
        GroupState group = new GroupState("g", List.of(member("u2", "x@contoso.com")), Set.of(), null);
        PlanContent p = plan(SyncOptions.builder().mode(SyncMode.ADDITIVE).build(),
                List.of(TeamMember.individual("t1", "Ann", "ann@contoso.com")),
                List.of(user("u1", "ann@contoso.com")), group);
        assertTrue(p.removals().isEmpty());
        assertEquals(KeepReason.NOT_IN_TEAM, p.notInTeam().get(0).reason());
        assertEquals(1, p.additions().size());
    }

    @Test
    void emptyTeamInMirrorTripsTheGuardEvenForAFewRemovals() {
        GroupState group = new GroupState("g", List.of(member("u1", "a@contoso.com"), member("u2", "b@contoso.com")),
                Set.of(), null);
        PlanContent p = plan(SyncOptions.defaults(), List.of(), List.of(), group);
        assertEquals(2, p.removals().size());
        assertTrue(p.guardTripped());
        assertTrue(p.guardReason().contains("empty"));
    }

    @Test
    void removalsBeyondTheThresholdTripTheGuard() {
        List<DirectoryMember> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            members.add(member("u" + i, "u" + i + "@contoso.com"));
        }
        List<TeamMember> team = new ArrayList<>();
        List<UserRecord> users = new ArrayList<>();
        for (int i = 0; i < 179; i++) {
            team.add(TeamMember.individual("t" + i, "U" + i, "u" + i + "@contoso.com"));
            users.add(user("u" + i, "u" + i + "@contoso.com"));
        }
        GroupState group = new GroupState("g", members, Set.of(), null);
        PlanContent p = plan(SyncOptions.defaults(), team, users, group);
        assertEquals(21, p.removals().size());
        assertEquals(20, p.removalLimit());
        assertTrue(p.guardTripped());
        team.add(TeamMember.individual("t179", "U179", "u179@contoso.com"));
        users.add(user("u179", "u179@contoso.com"));
        assertFalse(plan(SyncOptions.defaults(), team, users, group).guardTripped());
    }

    @Test
    void aliasMatchesAreUsedOnlyWhenNoPrimaryMatchExists() {
        UserRecord alias = new UserRecord("ua", "A", "other@contoso.com", "other@contoso.com",
                List.of("Ann@Contoso.com"), List.of("SMTP:other@contoso.com", "smtp:ann.alias@contoso.com"), true);
        List<UserRecord> users = List.of(alias);
        MatchRules rules = MatchRules.defaults();
        assertEquals(UserMatcher.Resolution.Status.MATCHED,
                UserMatcher.resolveAll(List.of("ann.alias@contoso.com"), users, rules).get("ann.alias@contoso.com")
                        .status());
        assertEquals(UserMatcher.Resolution.Status.MATCHED,
                UserMatcher.resolveAll(List.of("ann@contoso.com"), users, rules).get("ann@contoso.com").status());
        MatchRules mailOnly = MatchRules.of(MatchRules.Attribute.MAIL);
        assertEquals(UserMatcher.Resolution.Status.NONE,
                UserMatcher.resolveAll(List.of("ann@contoso.com"), users, mailOnly).get("ann@contoso.com").status());
        UserRecord primary = user("up", "ann@contoso.com");
        UserMatcher.Resolution r = UserMatcher.resolveAll(List.of("ann@contoso.com"), List.of(alias, primary), rules)
                .get("ann@contoso.com");
        assertEquals("up", r.user().id());
    }

    @Test
    void removeMembersRefusesOwnersAndTheAppUnlessExplicitlyAllowed() {
        GroupState group = new GroupState("g", List.of(member("u1", "a@contoso.com"), member("owner", "o@contoso.com"),
                member("app", null)), Set.of("owner"), "app");
        List<String> req = List.of("a@contoso.com", "O@contoso.com", "app", "nobody@contoso.com");
        PlanContent p = Planner.removeMembers(HEADER, SyncOptions.defaults(), req, false, Map.of(), group);
        assertEquals(List.of("u1"), p.removals().stream().map(PlannedChange::directoryObjectId).toList());
        assertEquals(List.of(KeepReason.OWNER), p.protectedMembers().stream().map(KeptMember::reason).toList());
        assertEquals(Set.of(SkipReason.INVALID_EMAIL, SkipReason.NO_MATCHING_USER),
                p.skipped().stream().map(SkippedMember::reason).collect(Collectors.toSet()));
        PlanContent all = Planner.removeMembers(HEADER, SyncOptions.defaults(), req, true, Map.of(), group);
        assertEquals(2, all.removals().size());
    }

    @Test
    void ownerRolesPlanOwnerAdditionsOnlyForMatchedInScopeMembersNotYetOwners() {
        SyncOptions options = SyncOptions.builder().roles(Set.of("Admin", "Board")).ownerRoles(Set.of("Admin"))
                .build();
        List<TeamMember> team = List.of(
                TeamMember.individual("t1", "Ann", "ann@contoso.com").withRoles(Set.of("Admin")),
                TeamMember.individual("t2", "Bob", "bob@contoso.com").withRoles(Set.of("Board")),
                TeamMember.individual("t3", "Cy", "cy@contoso.com").withRoles(Set.of("Admin")),
                TeamMember.individual("t4", "Di", "di@contoso.com").withRoles(Set.of("Admin")),
                TeamMember.individual("t5", "Ed", "ed@contoso.com").withRoles(Set.of("Admin"))
                        .withInvitationStatus(InvitationStatus.INVITED));
        GroupState group = new GroupState("g", List.of(member("u3", "cy@contoso.com"), member("x", "x@contoso.com")),
                Set.of("U3", "x"), "app");
        PlanContent p = plan(options, team, List.of(user("u1", "ann@contoso.com"), user("u2", "bob@contoso.com"),
                user("u3", "cy@contoso.com"), user("u5", "ed@contoso.com")), group);
        // Ann: new member and owner; Bob: no owner role; Cy: already an owner (ids compared ignoring case);
        // Di: no matching user; Ed: matched, in scope, owner role -> owner
        assertEquals(List.of("u1", "u5"), p.ownerAdditions().stream().map(PlannedChange::directoryObjectId).toList());
        assertTrue(p.ownerAdditions().stream().allMatch(c -> c.action() == PlannedChange.Action.ADD_OWNER));
        assertEquals(List.of(), p.removals(), "owners are never removed; x is protected");

        PlanContent scoped = plan(options.toBuilder().invitationStatuses(Set.of(InvitationStatus.JOINED)).build(),
                team, List.of(user("u1", "ann@contoso.com"), user("u5", "ed@contoso.com")), group);
        assertEquals(List.of("u1"), scoped.ownerAdditions().stream().map(PlannedChange::directoryObjectId).toList(),
                "an owner role does not widen the sync's scope");

        PlanContent off = plan(SyncOptions.builder().roles(Set.of("Admin", "Board")).build(), team,
                List.of(user("u1", "ann@contoso.com")), group);
        assertEquals(List.of(), off.ownerAdditions());
        assertFalse(off.teamFingerprint().equals(p.teamFingerprint()), "owner roles shape the team fingerprint");
    }
}
