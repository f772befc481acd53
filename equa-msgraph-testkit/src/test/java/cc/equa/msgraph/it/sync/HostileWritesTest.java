package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The write side of issue 14 against the fake's hostile behaviours, through the real SDK: guest policy, removal of
 * a non-member answered 400, the strict bind permission, a bind's unknown write cost, and {@code $batch} envelope
 * variants.
 */
class HostileWritesTest {

    private static final String[] LEAST = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};

    @Test
    void aGuestTheGroupRefusesFailsAloneWithItsOwnReasonAndTheOthersAreAdded() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false)
                .batchContentTypeRequired(true).build(), LEAST)) {
            List<String> ids = SyncScenariosTest.usersFor(f, 39);
            String guest = f.user(FakeUser.builder().displayName("Gwen Guest").mail("gwen@partner.test")
                    .userPrincipalName("gwen_partner.test#EXT#@acme.onmicrosoft.com").guest());
            List<TeamMember> team = new ArrayList<>(SyncScenariosTest.teamOf(39));
            team.add(5, TeamMember.individual("g", "Gwen Guest", "gwen@partner.test"));
            f.team.set(SyncFixture.ORG, team);
            SyncPlan plan = f.org.planSync();
            assertEquals(40, plan.additions().size(), plan.render());

            SyncResult result = f.org.applySync(plan);

            assertEquals(39, result.applied(), result.render());
            assertEquals(1, result.failed(), result.render());
            ChangeResult failed = result.failures().get(0);
            assertEquals(guest, failed.change().directoryObjectId());
            assertEquals(403, (int) failed.httpStatus());
            String reason = String.valueOf(failed.reason());
            assertTrue(reason.contains("does not allow guests"), reason);
            assertFalse(reason.contains("grant GroupMember.ReadWrite.All"), reason);
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
        }
    }

    @Test
    void removingANonMemberAnswered400CountsAsAlreadyInState() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().removeMissingAsBadRequest(1.0)
                .readLag(Duration.ofSeconds(5)).build(), LEAST)) {
            String leaver = f.user("leaver@acme.test");
            f.fake.directory().addMembers(f.groupId, leaver);
            f.team.set(SyncFixture.ORG, List.of());
            SyncPlan plan = f.org.planRemoveMembers(List.of("leaver@acme.test"));
            // another node removes the member first; the read lag still shows it to this node's apply
            try (MicrosoftIntegration other = f.integration()) {
                assertEquals(1, other.organization(SyncFixture.ORG).applySync(SyncPlan.fromJson(plan.toJson()))
                        .applied());
            }
            f.fake.journal().clear();

            SyncResult result = f.org.applySync(plan);

            assertTrue(result.isComplete(), result.render());
            assertEquals(ChangeResult.Outcome.ALREADY_IN_STATE, result.changes().get(0).outcome(), result.render());
            List<RecordedCall> deletes = f.fake.journal().calls("DELETE", "/groups/*/members/*/$ref");
            assertEquals(List.of(400), deletes.stream().map(RecordedCall::status).toList());
        }
    }

    @Test
    void withOnlyGroupMemberReadWriteAllAddsFallBackToRefOnceAndLaterAppliesGoStraightThere() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().strictBindPermission(true)
                .batchContentTypeRequired(true).build(), LEAST)) {
            List<String> ids = SyncScenariosTest.usersFor(f, 45);
            f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(30));

            SyncResult first = f.org.applySync(f.org.planSync());

            assertTrue(first.isComplete(), first.render());
            assertEquals(30, first.applied());
            assertEquals(2, f.fake.journal().count("PATCH", "/groups/*"), "one refused bind per chunk, then $ref");
            assertEquals(30, f.fake.journal().count("POST", "/groups/*/members/$ref"));
            f.fake.journal().clear();
            f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(45));

            SyncResult second = f.org.applySync(f.org.planSync());

            assertTrue(second.isComplete(), second.render());
            assertEquals(15, second.applied());
            assertEquals(0, f.fake.journal().count("PATCH", "/groups/*"), "the refusal is remembered for the app");
            assertEquals(15, f.fake.journal().count("POST", "/groups/*/members/$ref"));
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
        }
    }

    @Test
    void withoutAnyWritePermissionTheAdviceIsToGrantGroupMemberReadWriteAll() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().strictBindPermission(true).build(),
                "GroupMember.Read.All", "User.Read.All")) {
            SyncScenariosTest.usersFor(f, 3);
            f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(3));

            // issue 16: a plan the app's roles cannot write fails as a whole, before any write, naming the least
            // privileged permission (never "grant Group.ReadWrite.All" only, though the strict bind wants it)
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                    () -> f.org.applySync(f.org.planSync()));
            assertEquals("GroupMember.ReadWrite.All", e.permissions().get(0), e.getMessage());
            assertEquals(List.of(), f.fake.journal().writes(), "nothing was sent");
        }
    }

    @Test
    void underEitherBindCostThePacerLearnsFrom429sAndNeverRetriesEarly() {
        for (int membersPerWrite : new int[] {0, 3}) {
            try (SyncFixture f = new SyncFixture(Hostility.builder().membersPerWrite(membersPerWrite)
                    .decimalRetryAfter(true).batchRetryAfterMissing(0.25).build(), LEAST)) {
                // S4's scale-down of Graph's quota (BENCHMARKS.md), half of S4's 20,000 additions
                f.fake.writeQuota(WriteQuota.of(300, Duration.ofSeconds(15)));
                int n = 10_000;
                List<String> ids = SyncScenariosTest.usersFor(f, n);
                f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(n));
                try (MicrosoftIntegration paced = MicrosoftIntegration.builder().settings(f.settings).team(f.team)
                        .audit(f.audit).cloud(f.fake.cloud()).trustCertificates(List.of(f.fake.caCertificate()))
                        .clock(f.fake.clock()).sleeper(f.fake.sleeper()).writeQuota(300, Duration.ofSeconds(15))
                        .retries(6, Duration.ofHours(1)).build()) {
                    SyncPlan plan = paced.organization(SyncFixture.ORG).planSync();
                    f.fake.journal().clear();

                    SyncResult result = paced.organization(SyncFixture.ORG).applySync(plan);

                    assertTrue(result.isComplete(), "membersPerWrite " + membersPerWrite + ": " + result.render());
                    assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
                    List<RecordedCall> writes = f.fake.journal().writes();
                    long throttled = writes.stream().filter(c -> c.status() == 429).count();
                    assertTrue(throttled * 100 <= writes.size(), "membersPerWrite " + membersPerWrite + ": "
                            + throttled + " of " + writes.size() + " write requests throttled");
                    assertEquals(List.of(), f.fake.violations());
                    if (membersPerWrite == 3) {
                        assertTrue(throttled > 0, "the load must exceed what the pacer assumed a bind costs");
                    }
                }
            }
        }
    }

    @Test
    void aDecimalRetryAfterIsWaitedForInFull() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().decimalRetryAfter(true).build(), LEAST)) {
            // Graph's quota is smaller than the library assumes (another app shares it): Graph's 429s decide
            f.fake.writeQuota(WriteQuota.of(10, Duration.ofSeconds(15)));
            List<String> leavers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                leavers.add(f.user("leaver" + i + "@acme.test"));
            }
            f.fake.directory().addMembers(f.groupId, leavers);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                addresses.add("leaver" + i + "@acme.test");
            }
            SyncPlan plan = f.org.planRemoveMembers(addresses);

            SyncResult result = f.org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());

            assertTrue(result.isComplete(), result.render());
            assertEquals(List.of(), f.members());
            assertTrue(f.fake.journal().writes().stream().anyMatch(c -> c.status() == 429), "Graph throttled");
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void aFailedBatchWithANon2xxEnvelopeIsReadPerItem() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().batchOuterFailure(1.0)
                .batchContentTypeRequired(true).build(), LEAST)) {
            List<String> ids = SyncScenariosTest.usersFor(f, 60);
            f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(60));
            SyncPlan plan = f.org.planSync();
            f.fake.faults().add(cc.equa.msgraph.testkit.FaultRule.on("PATCH", "/groups/*")
                    .scope(cc.equa.msgraph.testkit.FaultRule.Scope.BATCH_ITEMS).status(500).skip(1).times(1).build());

            SyncResult result = f.org.applySync(plan);

            // read per item: only the item answered 500 is sent again (500 on a write item is retried), not the
            // items the same non-2xx envelope answered 2xx
            assertTrue(result.isComplete(), result.render());
            assertEquals(60, result.applied(), result.render());
            assertEquals(4, f.fake.journal().calls(c -> c.kind() == cc.equa.msgraph.testkit.RecordedCall.Kind.BATCH_ITEM
                    && c.method().equals("PATCH")).size(), "three binds and the retry of the one answered 500");
            assertEquals(60, f.members().size());
            assertTrue(f.fake.journal().calls("POST", "/$batch").stream().anyMatch(c -> c.status() != 200),
                    "the envelope was not 2xx");
            assertTrue(ids.containsAll(f.members()));
        }
    }
}
