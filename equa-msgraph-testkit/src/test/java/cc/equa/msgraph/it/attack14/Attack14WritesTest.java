package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14 write-side attacks (guests, 400 on removal, bind permission, envelopes) through the public API. */
class Attack14WritesTest {

    @Test
    void aGuestRefusalOfALenientBindDoesNotSwitchTheAppToOneRefPerUser() {
        // Group.ReadWrite.All may bind: the bind's 403 is about the guest, not the permission
        try (A14 f = new A14(Hostility.builder().guestsAllowed(false).batchContentTypeRequired(true).build(),
                A14.FULL)) {
            List<String> ids = f.users("p", 40);
            String gwen = f.guest("gwen");
            List<TeamMember> team = new ArrayList<>(A14.teamOf("p", 19));
            team.add(TeamMember.individual("g", "Gwen", "gwen@partner.test"));
            f.team.set(A14.ORG, team);
            SyncResult first = f.org.applySync(f.org.planSync());
            assertEquals(19, first.applied(), first.render());
            assertEquals(1, first.failed(), first.render());
            assertEquals(gwen, first.failures().get(0).change().directoryObjectId());
            f.assertResultTells(first);

            f.fake.journal().clear();
            team = new ArrayList<>(A14.teamOf("p", 40));
            f.team.set(A14.ORG, team);
            SyncResult second = f.org.applySync(f.org.planSync());
            assertEquals(21, second.applied(), second.render());
            assertEquals(new HashSet<>(ids), f.members());
            assertEquals(0, f.fake.journal().count("POST", "/groups/*/members/$ref"),
                    "a guest's 403 made the runtime give up binds for this app: "
                            + f.fake.journal().count("POST", "/groups/*/members/$ref") + " single $ref POSTs");
        }
    }

    @Test
    void aLoneGuestIsAFailedChangeNotAPermissionProblemUnderEitherBindReading() {
        for (boolean strict : new boolean[] {true, false}) {
            try (A14 f = new A14(Hostility.builder().guestsAllowed(false).strictBindPermission(strict)
                    .batchContentTypeRequired(true).build(), A14.LEAST)) {
                String gwen = f.guest("gwen");
                SyncPlan plan = f.org.planAddMembers(List.of("gwen@partner.test"));
                assertEquals(1, plan.additions().size(), plan.render());
                SyncResult r = f.org.applySync(plan);
                assertEquals(1, r.failed(), "strict " + strict + ": " + r.render());
                ChangeResult failed = r.failures().get(0);
                assertEquals(gwen, failed.change().directoryObjectId());
                String reason = failed.reasonIfAny().orElse("");
                assertTrue(reason.toLowerCase().contains("guest"), "strict " + strict + ": " + reason);
                assertFalse(reason.contains("Group.ReadWrite.All") || reason.contains("GroupMember.ReadWrite.All"),
                        "a guest is no permission problem: " + reason);
                assertEquals(List.of(), new ArrayList<>(f.members()));
            }
        }
    }

    @Test
    void aGuestInsideAFailedEnvelopeUnderStrictBindFailsAloneAndNineteenJoin() {
        try (A14 f = new A14(Hostility.builder().guestsAllowed(false).strictBindPermission(true)
                .batchOuterFailure(1.0).batchContentTypeRequired(true).build(), A14.LEAST)) {
            List<String> ids = f.users("p", 19);
            f.guest("gwen");
            List<TeamMember> team = new ArrayList<>(A14.teamOf("p", 19));
            team.add(7, TeamMember.individual("g", "Gwen", "gwen@partner.test"));
            f.team.set(A14.ORG, team);
            SyncResult r = f.org.applySync(f.org.planSync());
            assertEquals(19, r.applied(), r.render());
            assertEquals(1, r.failed(), r.render());
            assertEquals(new HashSet<>(ids), f.members());
            f.assertResultTells(r);
        }
    }

    @Test
    void anUnrelated400OnARemovalIsAFailureNotAlreadyInState() {
        try (A14 f = new A14(Hostility.builder().removeMissingAsBadRequest(1.0).build(), A14.LEAST)) {
            String ann = f.user("ann@acme.test");
            f.fake.directory().addMembers(f.groupId, ann);
            SyncPlan plan = f.org.planRemoveMembers(List.of("ann@acme.test"));
            f.fake.faults().add(FaultRule.on("DELETE", "/groups/*/members/*/$ref").status(400)
                    .code("Request_BadRequest").message("Invalid object identifier '" + ann + "'.")
                    .times(FaultRule.ALWAYS).build());
            SyncResult r = f.org.applySync(plan);
            assertEquals(1, r.failed(), r.render());
            assertEquals(ChangeResult.Outcome.FAILED, r.changes().get(0).outcome());
            assertEquals(List.of(ann), new ArrayList<>(f.members()));
        }
    }

    @Test
    void anAdditionAnswered404IsNeverReportedAsDone() {
        try (A14 f = new A14(Hostility.DEFAULT, A14.FULL)) {
            f.users("p", 3);
            f.team.set(A14.ORG, A14.teamOf("p", 3));
            SyncPlan plan = f.org.planSync();
            f.fake.faults().add(FaultRule.on("PATCH", "/groups/*").status(404).code("Request_ResourceNotFound")
                    .message("Resource 'x' does not exist or one of its queried reference-property objects are not "
                            + "present.").scope(FaultRule.Scope.BATCH_ITEMS).times(FaultRule.ALWAYS).build());
            f.fake.faults().add(FaultRule.on("POST", "/groups/*/members/$ref").status(404)
                    .code("Request_ResourceNotFound").message("Resource does not exist.")
                    .scope(FaultRule.Scope.BATCH_ITEMS).times(FaultRule.ALWAYS).build());
            try {
                SyncResult r = f.org.applySync(plan);
                f.assertResultTells(r);
                assertFalse(r.isComplete(), r.render());
            } catch (MsGraphException e) {
                f.assertGoodError(e);
            }
            assertEquals(List.of(), new ArrayList<>(f.members()));
        }
    }

    @Test
    void theStrictBindFallbackIsRememberedForThatAppOnly() {
        try (A14 f = new A14(Hostility.builder().strictBindPermission(true).batchContentTypeRequired(true).build(),
                A14.LEAST)) {
            f.users("p", 20);
            f.team.set(A14.ORG, A14.teamOf("p", 20));
            SyncResult least = f.org.applySync(f.org.planSync());
            assertEquals(20, least.applied(), least.render());

            FakeApp full = f.fake.registerApp(AppRegistration.builder().roles(A14.FULL).build());
            String other = f.fake.directory().addGroup("Globex Board").id();
            OrganizationId globexId = OrganizationId.of("globex");
            f.settings.save(globexId, IntegrationSettings.empty()
                    .withCredentials(new ClientSecretCredentials(full.tenantId(), full.clientId(),
                            Secret.of(full.clientSecret())))
                    .withLinkedGroupId(other));
            f.team.set(globexId, A14.teamOf("p", 20));
            OrganizationIntegration globex = f.microsoft.organization(globexId);
            f.fake.journal().clear();
            SyncResult r = globex.applySync(globex.planSync());
            assertEquals(20, r.applied(), r.render());
            assertEquals(1, f.fake.journal().count("PATCH", "/groups/*"), "a Group.ReadWrite.All app binds");
            assertEquals(0, f.fake.journal().count("POST", "/groups/*/members/$ref"));
        }
    }

    @Test
    void aThrottledBatchEnvelopeIsRetriedOnlyAfterItsRetryAfter() {
        try (A14 f = new A14(Hostility.builder().decimalRetryAfter(true).build(), A14.FULL)) {
            List<String> ids = f.users("p", 30);
            f.team.set(A14.ORG, A14.teamOf("p", 30));
            SyncPlan plan = f.org.planSync();
            f.fake.faults().add(FaultRule.on("POST", "/$batch").scope(FaultRule.Scope.REQUESTS).status(429)
                    .code("TooManyRequests").retryAfter(A14.secs(7)).times(2).build());
            SyncResult r = f.org.applySync(plan);
            assertTrue(r.isComplete(), r.render());
            assertEquals(new HashSet<>(ids), f.members());
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void anOuter424WithoutResponsesThatPersistsLosesNothingAndSaysSo() {
        try (A14 f = new A14(Hostility.DEFAULT, A14.FULL)) {
            f.users("p", 30);
            f.team.set(A14.ORG, A14.teamOf("p", 30));
            SyncPlan plan = f.org.planSync();
            f.fake.faults().add(FaultRule.on("POST", "/$batch").scope(FaultRule.Scope.REQUESTS).status(424)
                    .code("FailedDependency").skip(1).times(FaultRule.ALWAYS).build());
            try {
                SyncResult r = f.org.applySync(plan);
                f.assertResultTells(r);
                assertFalse(r.isComplete(), r.render());
            } catch (MsGraphException e) {
                f.assertGoodError(e);
            }
            f.fake.faults().clear();
            SyncResult again = f.org.applySync(f.org.planSync());
            assertTrue(again.isComplete(), again.render());
            assertEquals(30, f.members().size());
        }
    }

    @Test
    void a429ItemWithoutRetryAfterInsideA429EnvelopeIsNotRetriedAtOnceAndConverges() {
        try (A14 f = new A14(Hostility.builder().batchRetryAfterMissing(1.0).batchOuterFailure(1.0)
                .decimalRetryAfter(true).build(), A14.LEAST)) {
            f.fake.writeQuota(cc.equa.msgraph.testkit.WriteQuota.of(5, A14.secs(10)));
            List<String> ids = f.users("p", 60);
            f.team.set(A14.ORG, A14.teamOf("p", 60));
            SyncPlan plan = f.org.planSync();
            try (MicrosoftIntegration m = f.builder().retries(8, java.time.Duration.ofMinutes(30)).build()) {
                SyncResult r = m.organization(A14.ORG).applySync(plan);
                f.assertResultTells(r);
                assertTrue(r.isComplete(), r.render());
            }
            assertEquals(new HashSet<>(ids), f.members());
            assertEquals(List.of(), f.fake.violations());
            // no item re-sent in the same instant it was throttled
            List<RecordedCall> throttled = f.fake.journal().writes().stream().filter(c -> c.status() == 429).toList();
            for (RecordedCall t : throttled) {
                long sameInstant = f.fake.journal().writes().stream().filter(c -> c.path().equals(t.path())
                        && c.body().equals(t.body()) && c.time().equals(t.time())).count();
                assertEquals(1, sameInstant, "re-sent without waiting: " + t.path());
            }
        }
    }
}
