package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.internal.SdkWiring;
import com.microsoft.graph.models.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The steady state at the information floor (issue 17 item 1): team members already in the group are matched from the
 * member read (no user lookup), and an apply checks staleness with one group delta round instead of re-reading every
 * member page; every safety rule still holds when something changed between plan and apply.
 */
class SteadyStateFloorTest {

    private static final int IN_SYNC = 300;

    static String address(int i) {
        return "person" + i + "@acme.test";
    }

    /** The user lookups' batch items (GET /users?$filter=…), whose query names the addresses looked up. */
    static List<RecordedCall> userLookups(SyncFixture f) {
        return f.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.BATCH_ITEM && c.method().equals("GET")
                && c.path().equals("/v1.0/users"));
    }

    static int memberPageReads(SyncFixture f) {
        return f.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.GRAPH && c.method().equals("GET")
                && c.path().matches("/v1.0/groups/[^/]+/(members|owners)")).size();
    }

    static int deltaRounds(SyncFixture f) {
        return f.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.GRAPH
                && c.path().startsWith("/v1.0/groups/delta")).size();
    }

    static Set<String> ids(List<PlannedChange> changes) {
        return changes.stream().map(PlannedChange::directoryObjectId).collect(Collectors.toSet());
    }

    /** 300 members in sync, 3 team members to add, 3 members to remove (mirror, the default). */
    record Steady(List<String> inSync, List<String> newcomers, List<String> leavers) {
    }

    static Steady steady(SyncFixture f) {
        List<String> inSync = new ArrayList<>();
        List<TeamMember> team = new ArrayList<>();
        for (int i = 0; i < IN_SYNC + 3; i++) {
            String id = f.user(address(i));
            team.add(TeamMember.individual("t" + i, "Person " + i, address(i)));
            if (i < IN_SYNC) {
                inSync.add(id);
            }
        }
        List<String> newcomers = new ArrayList<>();
        for (int i = IN_SYNC; i < IN_SYNC + 3; i++) {
            newcomers.add(f.fake.directory().user(address(i)).orElseThrow().id());
        }
        List<String> leavers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leavers.add(f.user("leaver" + i + "@acme.test"));
        }
        List<String> members = new ArrayList<>(inSync);
        members.addAll(leavers);
        f.fake.directory().addMembers(f.groupId, members);
        f.team.set(SyncFixture.ORG, team);
        return new Steady(inSync, newcomers, leavers);
    }

    @Test
    void membersInSyncAreMatchedFromTheMemberReadAndApplyChecksStalenessWithOneDeltaRound() {
        try (SyncFixture f = new SyncFixture()) {
            Steady s = steady(f);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();
            assertEquals(Set.copyOf(s.newcomers()), ids(plan.additions()));
            assertEquals(Set.copyOf(s.leavers()), ids(plan.removals()));
            assertEquals(IN_SYNC, plan.unchanged().size());
            List<RecordedCall> lookups = userLookups(f);
            String looked = lookups.stream().map(RecordedCall::query).collect(Collectors.joining("\n"));
            for (int i = 0; i < IN_SYNC; i++) {
                assertFalse(looked.contains("'" + address(i) + "'"), "a member in sync is not looked up: "
                        + address(i));
            }
            for (int i = IN_SYNC; i < IN_SYNC + 3; i++) {
                assertTrue(looked.contains("'" + address(i) + "'"), "the unmatched address is looked up");
            }
            // 3 addresses against mail and userPrincipalName: one filter, one $batch
            assertEquals(1, lookups.size(), looked);
            assertEquals(1, deltaRounds(f), "a delta round is started just before the member read");

            f.fake.journal().clear();
            SyncResult result = f.org.applySync(plan, ApplyOptions.defaults());
            assertTrue(result.isComplete(), result.toString());
            assertEquals(0, memberPageReads(f), "an unchanged group is not read again at apply");
            assertEquals(1, deltaRounds(f), "one delta round tells the group is unchanged");
            List<String> expected = new ArrayList<>(s.inSync());
            expected.addAll(s.newcomers());
            assertEquals(Set.copyOf(expected), Set.copyOf(f.members()));
            // re-check: the additions' addresses and the removed members by id, in one lookup round
            assertEquals(2, userLookups(f).size(), "one filter for the 3 additions, one for the 3 removals' ids");
            // the whole apply's reads: 1 delta round + 1 re-check lookup $batch; the rest are write batches (1 of
            // additions and 1 of removals here; more under a hostile profile that refuses binds)
            List<RecordedCall> all = f.fake.journal().calls();
            int reads = 0;
            for (int i = 0; i < all.size(); i++) {
                RecordedCall c = all.get(i);
                if (c.kind() == RecordedCall.Kind.TOKEN || c.kind() == RecordedCall.Kind.GRAPH
                        && !c.path().equals("/v1.0/$batch")) {
                    reads++;
                } else if (c.kind() == RecordedCall.Kind.GRAPH && c.body().orElse("").contains("\"method\":\"GET\"")) {
                    reads++;
                }
            }
            assertEquals(2, reads, all.toString());
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void aMembershipChangeBetweenPlanAndApplyFallsBackToAFullReadAndTheStaleRulesHold() {
        try (SyncFixture f = new SyncFixture()) {
            Steady s = steady(f);
            SyncPlan plan = f.org.planSync();
            assertTrue(ids(plan.removals()).contains(s.leavers().get(0)));
            // out of band: the member about to be removed becomes an owner
            f.fake.directory().addOwners(f.groupId, s.leavers().get(0));
            f.fake.journal().clear();

            MsGraphException e = assertThrows(MsGraphException.class,
                    () -> f.org.applySync(plan, ApplyOptions.defaults()));
            assertEquals(ErrorKind.STALE_PLAN, e.kind(), e.getMessage());
            assertTrue(memberPageReads(f) >= 2, "the delta round saw a change: the group is read in full");
            assertTrue(f.members().containsAll(s.leavers()), "nothing was removed");
            assertFalse(f.members().containsAll(s.newcomers()), "nothing was added");
        }
    }

    @Test
    void aMemberWhoseMailBecameATeamAddressSinceThePlanIsNotRemovedThoughMembershipDidNotChange() {
        try (SyncFixture f = new SyncFixture()) {
            Steady s = steady(f);
            f.team.set(SyncFixture.ORG, append(f.team.members(SyncFixture.ORG),
                    TeamMember.individual("tn", "Nobody Yet", "nobody@acme.test")));
            SyncPlan plan = f.org.planSync();
            String leaver = s.leavers().get(0);
            assertTrue(ids(plan.removals()).contains(leaver));
            assertTrue(plan.skipped().stream().map(SkippedMember::reason).anyMatch(SkipReason.NO_MATCHING_USER::equals));
            // out of band, with no membership change: the leaver's mail becomes the unmatched team address
            User patch = new User();
            patch.setMail("nobody@acme.test");
            SdkWiring.graphClient(f.fake, f.fake.registerApp(cc.equa.msgraph.testkit.AppRegistration.builder()
                    .roles("User.ReadWrite.All").build())).users().byUserId(leaver).patch(patch);
            // a change becomes visible to reads only after the directory's read lag (the realistic profile's 5 s):
            // the apply can protect a member only from changes Graph already shows
            f.fake.advanceTime(java.time.Duration.ofSeconds(6));
            f.fake.journal().clear();

            SyncResult result = f.org.applySync(plan, ApplyOptions.defaults());
            assertEquals(0, memberPageReads(f), "membership is unchanged: no member page is read");
            ChangeResult r = result.changes().stream()
                    .filter(x -> x.change().directoryObjectId().equals(leaver)).findFirst().orElseThrow();
            assertEquals(ChangeResult.Outcome.FAILED, r.outcome());
            assertTrue(String.valueOf(r.reason()).startsWith("refused: "), r.toString());
            assertTrue(f.members().contains(leaver), "a member a team address now matches is never removed");
            assertFalse(f.members().contains(s.leavers().get(1)), "the other removals went ahead");
        }
    }

    @Test
    void aPlanAppliedByAnotherRuntimeReadsTheGroupInFull() {
        try (SyncFixture f = new SyncFixture()) {
            Steady s = steady(f);
            String json = f.org.planSync().toJson();
            try (cc.equa.msgraph.MicrosoftIntegration other = f.integration()) {
                f.fake.journal().clear();
                SyncResult result = other.organization(SyncFixture.ORG).applySync(SyncPlan.fromJson(json),
                        ApplyOptions.defaults());
                assertTrue(result.isComplete(), result.toString());
                assertEquals(0, deltaRounds(f), "the other runtime has no state the link could vouch for");
                assertTrue(memberPageReads(f) >= 2, "so it reads the group in full, as before");
                assertTrue(f.members().containsAll(s.newcomers()));
                assertFalse(f.members().contains(s.leavers().get(0)));
            }
        }
    }

    @Test
    void anExpiredLinkAtApplyFallsBackToAFullRead() {
        try (SyncFixture f = new SyncFixture(cc.equa.msgraph.testkit.Hostility.builder()
                .deltaLinkLifetime(java.time.Duration.ofMinutes(10)).build(),
                "GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All")) {
            Steady s = steady(f);
            SyncPlan plan = f.org.planSync();
            f.fake.advanceTime(java.time.Duration.ofMinutes(20));
            f.fake.journal().clear();
            SyncResult result = f.org.applySync(plan, ApplyOptions.defaults());
            assertTrue(result.isComplete(), result.toString());
            assertEquals(1, f.fake.journal().calls(c -> c.path().startsWith("/v1.0/groups/delta")
                    && (c.status() == 400 || c.status() == 410)).size(), "the link has expired");
            assertTrue(memberPageReads(f) >= 2, "the group is read in full instead");
            assertTrue(f.members().containsAll(s.newcomers()));
        }
    }

    @Test
    void anOwnWriteAfterThePlanMeansAFullRead() {
        try (SyncFixture f = new SyncFixture()) {
            Steady s = steady(f);
            SyncPlan older = f.org.planSync();
            SyncPlan newer = f.org.planSync();
            assertTrue(f.org.applySync(newer, ApplyOptions.defaults()).isComplete());
            f.fake.journal().clear();
            // the older plan's link may not show this runtime's own writes yet: no delta shortcut
            SyncResult again = f.org.applySync(older, ApplyOptions.builder().replanIfStale(true).build());
            assertTrue(memberPageReads(f) >= 2);
            assertEquals(0, deltaRounds(f));
            assertTrue(again.changes().stream().noneMatch(c -> c.outcome() == ChangeResult.Outcome.APPLIED),
                    again.toString());
            assertTrue(f.members().containsAll(s.newcomers()));
        }
    }

    @Test
    void aRememberedReadIsTrustedForMembershipButItsAttributesAreNotMatchedAgain() {
        try (SyncFixture f = new SyncFixture()) {
            String m = f.user("a@acme.test");
            f.fake.directory().addMembers(f.groupId, m);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "A", "a@acme.test")));
            SyncPlan first = f.org.planSync();
            assertFalse(first.hasChanges(), first.render());
            // out of band, no membership change: the member's mail moves away and another user takes the address
            User patch = new User();
            patch.setMail("z@acme.test");
            SdkWiring.graphClient(f.fake, f.fake.registerApp(cc.equa.msgraph.testkit.AppRegistration.builder()
                    .roles("User.ReadWrite.All").build())).users().byUserId(m).patch(patch);
            f.user(FakeUser.builder().mail("a@acme.test").userPrincipalName("u@acme.test"));
            f.fake.journal().clear();

            SyncPlan second = f.org.planSync();
            assertEquals(0, memberPageReads(f), "delta vouches for the membership: the remembered read is reused");
            // the lookup sees what the remembered read cannot: a@ is now m's sign-in name and u's mail
            assertTrue(userLookups(f).stream().anyMatch(c -> c.query().contains("'a@acme.test'")));
            assertTrue(second.skipped().stream().anyMatch(x -> x.reason() == SkipReason.AMBIGUOUS_MATCH),
                    second.render());
        }
    }

    @Test
    void anAddressOnlyAMemberProxyAddressHoldsIsStillLookedUp() {
        try (SyncFixture f = new SyncFixture()) {
            // a member answering to the address only through proxyAddresses, and another user whose sign-in name it is
            String member = f.user(FakeUser.builder().mail("m@acme.test").proxyAddresses("SMTP:m@acme.test",
                    "smtp:shared@acme.test"));
            String other = f.user(FakeUser.builder().userPrincipalName("shared@acme.test").mail("o@acme.test"));
            f.fake.directory().addMembers(f.groupId, member);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Shared", "shared@acme.test")));
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();
            assertTrue(userLookups(f).stream().anyMatch(c -> c.query().contains("'shared@acme.test'")),
                    "a proxy-address match from the member read is not trusted alone");
            // the lookup finds the sign-in name first, as it always did
            assertEquals(Set.of(other), ids(plan.additions()));
        }
    }

    @Test
    void withBasicUserReadEveryAddressIsLookedUpAsBefore() {
        try (SyncFixture f = new SyncFixture("GroupMember.ReadWrite.All", "Group.Read.All", "User.ReadBasic.All")) {
            String ann = f.user("ann@acme.test");
            f.fake.directory().addMembers(f.groupId, ann);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();
            assertFalse(plan.hasChanges(), plan.render());
            assertTrue(userLookups(f).stream().anyMatch(c -> c.query().contains("'ann@acme.test'")),
                    "without accountEnabled in the member read, the address is looked up");
        }
    }

    @Test
    void aDisabledMemberIsLookedUpAndKept() {
        try (SyncFixture f = new SyncFixture()) {
            String off = f.user(FakeUser.builder().mail("off@acme.test").accountEnabled(false));
            f.fake.directory().addMembers(f.groupId, off);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Off", "off@acme.test")));
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();
            assertTrue(userLookups(f).stream().anyMatch(c -> c.query().contains("'off@acme.test'")));
            assertEquals(List.of(), plan.removals());
            assertTrue(plan.skipped().stream().map(SkippedMember::reason)
                    .anyMatch(SkipReason.ACCOUNT_DISABLED::equals), plan.render());
        }
    }

    static List<TeamMember> append(List<TeamMember> list, TeamMember extra) {
        List<TeamMember> out = new ArrayList<>(list);
        out.add(extra);
        return out;
    }
}
