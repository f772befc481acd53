package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.KeptMember;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeUser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Matching that cannot hurt: an address that cannot place one person never removes anyone, homoglyphs never match. */
class MatchingSafetyTest {

    static Map<String, KeepReason> kept(SyncPlan plan) {
        return plan.protectedMembers().stream().collect(Collectors.toMap(KeptMember::directoryObjectId,
                KeptMember::reason));
    }

    @Test
    void aMemberAnAmbiguousTeamAddressMatchesIsKeptInMirrorMode() {
        try (SyncFixture f = new SyncFixture()) {
            String twinA = f.user(FakeUser.builder().displayName("Twin A").mail("twin.a@acme.test")
                    .userPrincipalName("twin.a@acme.test").otherMails("twin@acme.test"));
            f.user(FakeUser.builder().displayName("Twin B").mail("twin.b@acme.test")
                    .userPrincipalName("twin.b@acme.test").otherMails("twin@acme.test"));
            String keep = f.user("keep@acme.test");
            String leaver = f.user("leaver@acme.test");
            f.fake.directory().addMembers(f.groupId, twinA, keep, leaver);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t4", "Twin", "twin@acme.test"),
                    TeamMember.individual("t1", "Keep", "keep@acme.test")));

            SyncPlan plan = f.org.planSync();

            assertEquals(List.of(leaver), plan.removals().stream().map(PlannedChange::directoryObjectId).toList());
            assertEquals(Map.of(twinA, KeepReason.AMBIGUOUS_MATCH), kept(plan));
            assertEquals("t4", plan.protectedMembers().get(0).teamMemberId());
            assertEquals(List.of(SkipReason.AMBIGUOUS_MATCH), plan.skipped().stream().map(SkippedMember::reason)
                    .toList());
            assertTrue(plan.render().contains("twin.a@acme.test"), plan.render());
            SyncResult result = f.org.applySync(plan);
            assertTrue(result.isComplete(), result.render());
            assertEquals(Set.of(twinA, keep), Set.copyOf(f.members()));
        }
    }

    @Test
    void aMemberWhoseTeamAddressMatchesADisabledAccountIsKept() {
        try (SyncFixture f = new SyncFixture()) {
            String off = f.user(FakeUser.builder().displayName("Off").mail("off@acme.test")
                    .userPrincipalName("off@acme.test").accountEnabled(false));
            String keep = f.user("keep@acme.test");
            String leaver = f.user("leaver@acme.test");
            f.fake.directory().addMembers(f.groupId, off, keep, leaver);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t3", "Off", "off@acme.test"),
                    TeamMember.individual("t1", "Keep", "keep@acme.test")));

            SyncPlan plan = f.org.planSync();

            assertEquals(List.of(leaver), plan.removals().stream().map(PlannedChange::directoryObjectId).toList());
            assertEquals(Map.of(off, KeepReason.ACCOUNT_DISABLED), kept(plan));
            assertTrue(f.org.applySync(plan).isComplete());
            assertEquals(Set.of(off, keep), Set.copyOf(f.members()));
        }
    }

    @Test
    void aKelvinSignOrFullwidthLetterNeverMatchesAnAsciiAddress() {
        try (SyncFixture f = new SyncFixture()) {
            String kate = f.user("kate@acme.test");
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Kelvin", "\u212Aate@acme.test"),
                    TeamMember.individual("t2", "Wide", "\uFF4Bate@acme.test"),
                    TeamMember.individual("t3", "Cyrillic", "k\u0430te@acme.test")));
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(List.of(), plan.additions());
            assertEquals(Map.of("t1", SkipReason.INVALID_EMAIL, "t2", SkipReason.INVALID_EMAIL,
                    "t3", SkipReason.INVALID_EMAIL), plan.skipped().stream()
                    .collect(Collectors.toMap(SkippedMember::teamMemberId, SkippedMember::reason)));
            assertEquals(0, f.fake.journal().count("GET", "/users"), "an implausible address is never looked up");
            assertFalse(f.members().contains(kate));
        }
    }

    @Test
    void aDirectoryAddressWithACompatibilityCharacterNeverMatchesAnAsciiTeamAddress() {
        try (SyncFixture f = new SyncFixture()) {
            String lookalike = f.user(FakeUser.builder().displayName("Lookalike").mail("\u212Aate@acme.test")
                    .userPrincipalName("lookalike@acme.test"));
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Kate", "kate@acme.test")));

            SyncPlan plan = f.org.planSync();

            assertEquals(List.of(), plan.additions());
            assertEquals(SkipReason.NO_MATCHING_USER, plan.skipped().get(0).reason());
            assertFalse(f.members().contains(lookalike));
        }
    }

    @Test
    void aProperlyNormalisedInternationalDomainMatchesItsPunycodeForm() {
        try (SyncFixture f = new SyncFixture()) {
            String ana = f.user("ana@xn--bcher-kva.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ana", "Ana@B\u00fccher.test")));

            SyncPlan plan = f.org.planSync();

            assertEquals(Set.of(ana), plan.additions().stream().map(PlannedChange::directoryObjectId)
                    .collect(Collectors.toSet()), plan.render());
        }
    }
}
