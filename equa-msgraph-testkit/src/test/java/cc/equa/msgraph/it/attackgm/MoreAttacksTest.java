package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphWait;
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
import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** attackgm: further attacks on guest flagging and request events. */
class MoreAttacksTest {

    @Test
    void aTenantRefusalReadForOneTenantIsNotAppliedToAnotherTenantsGuests() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            // organization acme's tenant answers "no guests" once (a fault rewrites the tenant setting)
            f.fake.faults().add(FaultRule.on("GET", "/groupSettings").status(200).body("application/json",
                    GuestFlaggingAttackTest.list(GuestFlaggingAttackTest.settingsBody("Group.Unified",
                            GuestFlaggingAttackTest.TENANT_TEMPLATE, "\"AllowToAddGuests\"", "\"false\"")))
                    .times(1).build());
            GuestFlaggingAttackTest.guest(f);
            f.team.set(GmFixture.ORG, List.of(TeamMember.individual("g", "Gwen", GuestFlaggingAttackTest.GUEST_MAIL)));
            SyncPlan acme = f.org.planSync();
            assertEquals(1, GuestFlaggingAttackTest.guestSkips(acme).size(), acme.render());

            // organization beta lives in another tenant whose setting allows guests
            FakeTenantInfo tenant = f.fake.addTenant("beta.test");
            FakeApp app = f.fake.registerApp(AppRegistration.builder().tenant(tenant).roles(GmFixture.WITH_SETTINGS)
                    .build());
            FakeDirectory dir = f.fake.directory(tenant.tenantId());
            String group = dir.addGroup("Beta Board").id();
            String betaGuest = dir.addUser(FakeUser.builder().mail("gus@partner.test")
                    .userPrincipalName("gus_partner.test#EXT#@beta.onmicrosoft.com").guest().build()).id();
            OrganizationId beta = OrganizationId.of("beta");
            f.settings.save(beta, IntegrationSettings.empty().withCredentials(new ClientSecretCredentials(
                    app.tenantId(), app.clientId(), Secret.of(app.clientSecret()))).withLinkedGroupId(group));
            f.team.set(beta, List.of(TeamMember.individual("g", "Gus", "gus@partner.test")));
            OrganizationIntegration org = f.microsoft.organization(beta);

            SyncPlan plan = org.planSync();

            assertTrue(GuestFlaggingAttackTest.guestSkips(plan).isEmpty(), plan.render());
            assertTrue(GuestFlaggingAttackTest.planned(plan, betaGuest), plan.render());
            assertTrue(org.applySync(plan).isComplete());
            assertEquals(List.of(betaGuest), dir.memberIds(group));
        }
    }

    @Test
    void removalsByObjectIdAndByAddressUseTemplatesWithoutTheIdOrTheAddress() {
        GraphRequestEventsAttackTest.Recorder r = new GraphRequestEventsAttackTest.Recorder();
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, r, null, GmFixture.LEAST)) {
            String members = f.user(FakeUser.builder().mail("members@acme.test").userPrincipalName("users@acme.test"));
            String other = f.user("ref@acme.test");
            String third = f.user("x@acme.test");
            f.fake.directory().addMembers(f.groupId, members, other, third);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planRemoveMembers(List.of("users@acme.test", other, "MEMBERS@acme.test",
                    third.toUpperCase()));
            SyncResult result = f.org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());

            assertTrue(result.isComplete(), result.render());
            assertEquals(List.of(), f.members());
            Set<String> secrets = new HashSet<>(List.of(members, other, third, third.toUpperCase(), f.groupId,
                    f.app.clientSecret()));
            GraphRequestEventsAttackTest.assertClean(r.events, secrets);
            Set<String> ids = new HashSet<>(List.of(members, other, third, f.groupId));
            assertEquals(GraphRequestEventsAttackTest.journaled(f, RecordedCall.Kind.GRAPH, ids),
                    GraphRequestEventsAttackTest.heard(r.of(GraphRequestEvent.Kind.REQUEST)));
            assertEquals(GraphRequestEventsAttackTest.journaled(f, RecordedCall.Kind.BATCH_ITEM, ids),
                    GraphRequestEventsAttackTest.heard(r.of(GraphRequestEvent.Kind.BATCH_ITEM)));
        }
    }

    @Test
    void aDecimalRetryAfterIsWaitedInFullAndReportedAsARetryAfterWait() {
        GraphRequestEventsAttackTest.Recorder r = new GraphRequestEventsAttackTest.Recorder();
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, r, null, GmFixture.LEAST)) {
            f.users(5);
            f.team.set(GmFixture.ORG, GmFixture.teamOf(5));
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").status(429).header("Retry-After", "2.249")
                    .times(1).build());
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(5, plan.additions().size());
            List<RecordedCall> reads = f.fake.journal().calls("GET", "/groups/*/members");
            assertEquals(List.of(429, 200), reads.stream().map(RecordedCall::status).toList());
            Duration gap = Duration.between(reads.get(0).time(), reads.get(1).time());
            assertTrue(gap.toMillis() >= 2249, "waited " + gap);
            List<GraphWait> waits = r.waits.stream().filter(w -> w.reason() == GraphWait.Reason.RETRY_AFTER).toList();
            assertEquals(1, waits.size(), r.waits.toString());
            assertTrue(waits.get(0).duration().toMillis() >= 2249, waits.toString());
            List<GraphRequestEvent> heard = r.of(GraphRequestEvent.Kind.REQUEST).stream()
                    .filter(e -> e.resource().equals("/groups/{id}/members")).toList();
            assertEquals(List.of(429, 200), heard.stream().map(GraphRequestEvent::status).toList());
            assertEquals(List.of(false, true), heard.stream().map(GraphRequestEvent::retry).toList());
            assertEquals(GraphRequestEvent.Outcome.THROTTLED, heard.get(0).outcome());
        }
    }

    @Test
    void graphRequestEventToStringHoldsOnlyItsLowCardinalityValues() {
        GraphRequestEvent e = new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST, "POST", "/$batch", 200,
                GraphRequestEvent.Failure.NONE, Duration.ofMillis(35), 20, true);
        assertEquals("REQUEST POST /$batch 200 (20 items) retry in 35 ms", e.toString());
        GraphRequestEvent none = new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST, "GET", "/users", 0,
                GraphRequestEvent.Failure.NONE, Duration.ZERO, 0, false);
        assertEquals(GraphRequestEvent.Failure.NO_ANSWER, none.failure());
        assertEquals(GraphRequestEvent.Outcome.NO_ANSWER, none.outcome());
        assertEquals("none", none.statusClass());
        assertFalse(new GraphWait(GraphWait.Reason.BACKOFF, Duration.ofSeconds(1)).toString().contains("token"));
    }
}
