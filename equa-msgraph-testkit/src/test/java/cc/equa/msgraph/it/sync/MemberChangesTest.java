package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MemberChangesTest {

    @Test
    void addByEmailMatchesReportsMissAndAmbiguityAndCountsExistingMembers() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            f.fake.directory().addMembers(f.groupId, bob);
            f.user(FakeUser.builder().displayName("A").mail("a1@acme.test").userPrincipalName("a1@acme.test")
                    .otherMails("shared@acme.test"));
            f.user(FakeUser.builder().displayName("B").mail("b1@acme.test").userPrincipalName("b1@acme.test")
                    .otherMails("shared@acme.test"));

            SyncPlan plan = f.org.planAddMembers(List.of("ANN@acme.test", "bob@acme.test", "ghost@acme.test",
                    "shared@acme.test", "bad address"));

            assertEquals(SyncPlan.Kind.ADD_MEMBERS, plan.kind());
            assertEquals(List.of(ann), plan.additions().stream().map(PlannedChange::directoryObjectId).toList());
            assertEquals(List.of(bob), plan.unchanged().stream().map(k -> k.directoryObjectId()).toList());
            Map<String, SkipReason> reasons = plan.skipped().stream()
                    .collect(Collectors.toMap(SkippedMember::teamMemberId, SkippedMember::reason));
            assertEquals(Map.of("ghost@acme.test", SkipReason.NO_MATCHING_USER,
                    "shared@acme.test", SkipReason.AMBIGUOUS_MATCH, "bad address", SkipReason.INVALID_EMAIL),
                    reasons);
            SyncPlan reviewed = SyncPlan.fromJson(plan.toJson());

            SyncResult result = f.org.applySync(reviewed, ApplyOptions.builder().actor("ops@equa.cc").build());

            assertEquals(1, result.applied());
            assertTrue(result.changes().get(0).requestIdIfAny().isPresent());
            assertEquals(Set.of(ann, bob), Set.copyOf(f.members()));
            assertEquals("ops@equa.cc", f.audit.events().get(0).actor());
            assertEquals("member.add", f.audit.events().get(0).action());
            SyncResult again = f.org.applySync(reviewed);
            assertEquals(ChangeResult.Outcome.ALREADY_IN_STATE, again.changes().get(0).outcome());
        }
    }

    @Test
    void removeChosenMembersNeverTouchesOwnersOrTheAppUnlessAllowed() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String owner = f.user("owner@acme.test");
            String outsider = f.user("outsider@acme.test");
            f.fake.directory().addMembers(f.groupId, ann, owner, f.app.servicePrincipalId());
            f.fake.directory().addOwners(f.groupId, owner);

            SyncPlan plan = f.org.planRemoveMembers(List.of("Ann@acme.test", "owner@acme.test", "outsider@acme.test",
                    f.app.servicePrincipalId()));

            assertEquals(List.of(ann), plan.removals().stream().map(PlannedChange::directoryObjectId).toList());
            assertTrue(plan.protectedMembers().stream().anyMatch(k -> k.directoryObjectId().equals(owner)
                    && k.reason() == KeepReason.OWNER));
            assertFalse(plan.removals().stream().anyMatch(c -> c.directoryObjectId()
                    .equalsIgnoreCase(f.app.servicePrincipalId())));
            assertTrue(plan.skipped().stream().anyMatch(s -> s.reason() == SkipReason.NOT_A_MEMBER
                    && s.candidateIds().contains(outsider)));

            SyncResult result = f.org.applySync(plan);
            assertEquals(1, result.applied());
            assertFalse(f.members().contains(ann));
            assertTrue(f.members().contains(owner));
            assertEquals(1, f.fake.journal().count("DELETE", "/groups/*/members/*/$ref"));
            assertEquals(List.of(), f.fake.violations());

            SyncPlan allowed = f.org.planRemoveMembers(List.of("owner@acme.test"), true);
            assertEquals(List.of(owner), allowed.removals().stream().map(PlannedChange::directoryObjectId).toList());
            assertTrue(f.org.applySync(allowed).isComplete());
            assertFalse(f.members().contains(owner));
        }
    }

    @Test
    void emptyRequestsAreRefusedBeforeAnyNetworkCall() {
        try (SyncFixture f = new SyncFixture()) {
            assertThrows(InvalidInputException.class, () -> f.org.planAddMembers(List.of()));
            assertEquals(0, f.fake.journal().calls().size());
        }
    }

    @Test
    void addWithOptionsMatchesByTheGivenRulesAndAppliesThroughTheCheckedPath() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String alias = f.user(FakeUser.builder().displayName("Alias").mail("al@acme.test")
                    .userPrincipalName("al@acme.test").otherMails("alias@acme.test"));
            List<String> requested = List.of("ann@acme.test", "alias@acme.test");
            SyncOptions mailOnly = SyncOptions.builder()
                    .matchRules(MatchRules.of(MatchRules.Attribute.MAIL, MatchRules.Attribute.USER_PRINCIPAL_NAME))
                    .build();

            SyncPlan byDefault = f.org.planAddMembers(requested);
            SyncPlan narrowed = f.org.planAddMembers(requested, mailOnly);

            assertEquals(Set.of(ann, alias), byDefault.additions().stream().map(PlannedChange::directoryObjectId)
                    .collect(Collectors.toSet()), "the default rules match otherMails");
            assertEquals(List.of(ann), narrowed.additions().stream().map(PlannedChange::directoryObjectId).toList());
            assertEquals(List.of("alias@acme.test"), narrowed.skipped().stream()
                    .filter(s -> s.reason() == SkipReason.NO_MATCHING_USER).map(SkippedMember::teamMemberId)
                    .toList(), "the given rules ignore otherMails");
            assertEquals(mailOnly.matchRules(), narrowed.options().matchRules());
            SyncPlan reviewed = SyncPlan.fromJson(narrowed.toJson());
            assertEquals(mailOnly.matchRules(), reviewed.options().matchRules());

            SyncResult result = f.org.applySync(reviewed);

            assertEquals(1, result.applied(), result.render());
            assertEquals(List.of(ann), f.members());
        }
    }

    @Test
    void addWithOwnerRolesIsRefusedBeforeAnyNetworkCall() {
        try (SyncFixture f = new SyncFixture()) {
            SyncOptions owners = SyncOptions.builder().ownerRoles(List.of("Admin")).build();
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> f.org.planAddMembers(List.of("ann@acme.test"), owners));
            assertEquals(List.of("options.ownerRoles"), e.problems().stream().map(p -> p.field()).toList());
            assertEquals(0, f.fake.journal().calls().size());
        }
    }

    @Test
    void skippedRequestsCarryTheRequestedEntryAndTeamSkipsDoNot() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            f.fake.directory().addMembers(f.groupId, ann);
            SyncPlan add = f.org.planAddMembers(List.of(" Ghost@acme.test ", "bad address"));
            SyncPlan remove = f.org.planRemoveMembers(List.of("nobody@acme.test"));
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t-1", "Ann", "ann@acme.test"),
                    TeamMember.individual("t-2", "Gina", "gina@acme.test")));
            SyncPlan team = f.org.planSync();

            for (SyncPlan direct : List.of(add, remove, SyncPlan.fromJson(add.toJson()),
                    SyncPlan.fromJson(remove.toJson()))) {
                assertFalse(direct.skipped().isEmpty());
                for (SkippedMember s : direct.skipped()) {
                    assertEquals(Optional.of(s.teamMemberId()), s.requestedIfAny(), s.toString());
                }
            }
            assertEquals(List.of("Ghost@acme.test", "bad address"), add.skipped().stream()
                    .map(s -> s.requestedIfAny().orElseThrow()).toList(), "the entry as given, trimmed");
            assertEquals(List.of("nobody@acme.test"), remove.skipped().stream()
                    .map(s -> s.requestedIfAny().orElseThrow()).toList());
            SkippedMember gina = team.skipped().stream().filter(s -> s.teamMemberId().equals("t-2")).findFirst()
                    .orElseThrow();
            assertEquals(Optional.empty(), gina.requestedIfAny());
            assertEquals(Optional.empty(), SyncPlan.fromJson(team.toJson()).skipped().get(0).requestedIfAny());
        }
    }
}
