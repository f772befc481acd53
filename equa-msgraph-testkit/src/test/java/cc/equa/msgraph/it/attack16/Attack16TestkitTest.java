package cc.equa.msgraph.it.attack16;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeGraphTest;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attacks on the testkit ergonomics and direct-plan skipped members of issue 16. */
@FakeGraphTest(virtualTime = true, writeLimit = 2, writeWindow = "PT10S")
class Attack16TestkitTest {

    private static MicrosoftIntegration integration(FakeGraphTenant fake) {
        return MicrosoftIntegration.builder().settings(new InMemorySettingsStore()).audit(new RecordingAuditSink())
                .cloud(fake.cloud()).trustCertificates(List.of(fake.caCertificate())).clock(fake.clock())
                .sleeper(fake.sleeper()).build();
    }

    private static ClientSecretCredentials creds(FakeGraphTenant fake, String... roles) {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles(roles).build());
        return ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret());
    }

    @Test
    void virtualTimeAttributeFreezesTheClock(FakeGraphTenant fake) throws Exception {
        Instant t0 = fake.clock().instant();
        Thread.onSpinWait();
        HttpClient.newHttpClient(); // some wall time passes
        assertEquals(t0, fake.clock().instant());
        fake.sleeper().sleep(Duration.ofMinutes(3));
        assertEquals(t0.plus(Duration.ofMinutes(3)), fake.clock().instant());
    }

    @Test
    void directPlanSkippedEntriesCarryTheRequestAndNeverLeakIntoEmailWhenNotAnAddress(FakeGraphTenant fake) {
        String groupId = fake.directory().addGroup("Board").id();
        fake.directory().addUser("ann@acme.test");
        try (MicrosoftIntegration m = integration(fake)) {
            OrganizationIntegration acme = m.organization(OrganizationId.of("acme"));
            assertTrue(acme.connect(creds(fake, "GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"))
                    .saved());
            acme.linkGroup(groupId);
            SyncPlan plan = acme.planAddMembers(List.of("  nobody@acme.test  ", "ann@acme.test"));
            assertEquals(1, plan.additions().size(), plan.render());
            assertEquals(1, plan.skipped().size(), plan.render());
            SkippedMember s = plan.skipped().get(0);
            assertEquals("nobody@acme.test", s.requestedIfAny().orElseThrow());
        }
    }

    @Test
    void teamSkippedMembersHaveNoRequested(FakeGraphTenant fake) {
        SkippedMember team = new SkippedMember("t1", "Ann", null, cc.equa.msgraph.SkipReason.NO_EMAIL, List.of());
        assertTrue(team.requestedIfAny().isEmpty());
        assertTrue(team.emailIfAny().isEmpty());
    }

    private static OrganizationIntegration linked(FakeGraphTenant fake, MicrosoftIntegration m, String... roles) {
        String groupId = fake.directory().addGroup("Board").id();
        OrganizationIntegration acme = m.organization(OrganizationId.of("acme"));
        assertTrue(acme.connect(creds(fake, roles)).saved());
        acme.linkGroup(groupId);
        return acme;
    }

    @Test
    void planAddMembersHostileCollectionsAreInvalidInputBeforeAnyRequest(FakeGraphTenant fake) {
        try (MicrosoftIntegration m = integration(fake)) {
            OrganizationIntegration acme = linked(fake, m, "GroupMember.ReadWrite.All", "Group.Read.All",
                    "User.Read.All");
            fake.journal().clear();
            java.util.List<String> withNull = new java.util.ArrayList<>();
            withNull.add("a@acme.test");
            withNull.add(null);
            java.util.List<String> tooMany = new java.util.ArrayList<>();
            for (int i = 0; i < 1001; i++) {
                tooMany.add("u" + i + "@acme.test");
            }
            cc.equa.msgraph.SyncOptions opts = cc.equa.msgraph.SyncOptions.defaults();
            for (java.util.List<String> bad : List.of(List.<String>of(), withNull, tooMany)) {
                org.junit.jupiter.api.Assertions.assertThrows(cc.equa.msgraph.InvalidInputException.class,
                        () -> acme.planAddMembers(bad, opts), "size " + bad.size());
            }
            org.junit.jupiter.api.Assertions.assertThrows(cc.equa.msgraph.InvalidInputException.class,
                    () -> acme.planAddMembers(List.of("a@acme.test"), cc.equa.msgraph.SyncOptions.builder()
                            .ownerRoles(List.of("chair")).build()));
            assertEquals(0, fake.journal().calls().size(), fake.journal().calls().toString());
        }
    }

    @Test
    void odataInjectionInAnAddressIsSkippedNotMatched(FakeGraphTenant fake) {
        fake.directory().addUser("ann@acme.test");
        try (MicrosoftIntegration m = integration(fake)) {
            OrganizationIntegration acme = linked(fake, m, "GroupMember.ReadWrite.All", "Group.Read.All",
                    "User.Read.All");
            SyncPlan plan = acme.planAddMembers(List.of("x' or mail eq 'ann@acme.test",
                    "ann@acme.test\u0000", "\u202eann@acme.test", "ANN@ACME.TEST"), cc.equa.msgraph.SyncOptions.defaults());
            assertEquals(1, plan.additions().size(), plan.render());
            assertEquals(3, plan.skipped().size(), plan.render());
            for (SkippedMember s : plan.skipped()) {
                assertTrue(s.requestedIfAny().isPresent(), s.toString());
            }
        }
    }

    @Test
    void globGrammarAsDocumented(FakeGraphTenant fake) {
        String groupId = fake.directory().addGroup("Board").id();
        try (MicrosoftIntegration m = integration(fake)) {
            OrganizationIntegration acme = m.organization(OrganizationId.of("acme"));
            assertTrue(acme.connect(creds(fake, "Group.ReadWrite.All", "User.Read.All")).saved());
            fake.journal().clear();
            acme.linkGroup(groupId);
            int all = fake.journal().calls(c -> c.kind() == cc.equa.msgraph.testkit.RecordedCall.Kind.GRAPH
                    || c.kind() == cc.equa.msgraph.testkit.RecordedCall.Kind.BATCH_ITEM).size();
            assertTrue(all > 0);
            assertEquals(all, fake.journal().count("*", "/**"));
            assertEquals(fake.journal().count("GET", "/groups/*"), fake.journal().count("get", "/GROUPS/*"));
            assertTrue(fake.journal().count("GET", "/groups/*") >= 1);
            assertEquals(0, fake.journal().count("GET", "/grou*/*"), "no partial wildcards");
            assertTrue(fake.journal().count("*", "/groups/**") >= fake.journal().count("*", "/groups/*"));
            assertEquals(List.of(), fake.journal().writes(), "linking writes nothing");
        }
    }

    @Test
    void writeQuotaAttributeThrottlesTheThirdWriteInTheWindow(FakeGraphTenant fake) {
        java.util.List<String> mails = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            mails.add("u" + i + "@acme.test");
            fake.directory().addUser("u" + i + "@acme.test");
        }
        try (MicrosoftIntegration m = integration(fake)) {
            OrganizationIntegration acme = linked(fake, m, "GroupMember.ReadWrite.All", "Group.Read.All",
                    "User.Read.All");
            SyncPlan plan = acme.planAddMembers(mails);
            fake.journal().clear();
            Instant before = fake.clock().instant();
            cc.equa.msgraph.SyncResult r = acme.applySync(plan);
            assertEquals(60, r.applied(), r.render());
            assertTrue(fake.journal().writes().size() >= 3, fake.journal().writes().toString());
            // Either the fake answered 429 to a third write in the window, or the library paced (virtual time moved).
            boolean throttled = fake.journal().writes().stream().anyMatch(c -> c.status() == 429);
            boolean paced = Duration.between(before, fake.clock().instant()).compareTo(Duration.ofSeconds(1)) > 0;
            assertTrue(throttled || paced, "quota of 2 per 10 s had no effect: " + fake.journal().writes().size()
                    + " writes, virtual time moved " + Duration.between(before, fake.clock().instant()));
        }
    }
}
