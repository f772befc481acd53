package cc.equa.msgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphExtension;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit example: a JUnit test of an application's own sync logic ({@link TeamSyncJob}) against the fake
 * tenant, with throttling and server errors injected, and virtual time so Retry-After costs no real time.
 */
class TeamSyncJobTest {

    /** A fresh fake tenant per test, on virtual time. */
    @RegisterExtension
    final FakeGraphExtension graph = FakeGraphExtension.create(b -> b.virtualTime());

    private static final OrganizationId ACME = OrganizationId.of("acme");

    private final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    private MicrosoftIntegration microsoft;
    private FakeGroup group;
    private final List<String> userIds = new ArrayList<>();

    @BeforeEach
    void seedTenantAndConnect() {
        FakeGraphTenant fake = graph.tenant();
        FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All", "User.Read.All")
                .build());
        group = fake.directory().addGroup(FakeGroup.builder("Acme Cap Table").mailNickname("acme-cap-table").build());
        List<TeamMember> members = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String mail = "holder" + i + "@acme.example";
            userIds.add(fake.directory().addUser(FakeUser.builder().displayName("Holder " + i).mail(mail)
                    .userPrincipalName(mail).build()).id());
            members.add(TeamMember.individual("m" + i, "Holder " + i, mail));
        }
        team.set(ACME, members);
        microsoft = MicrosoftIntegration.builder()
                .settings(new InMemorySettingsStore()).team(team)
                .cloud(fake.cloud()).trustCertificates(List.of(fake.caCertificate()))
                .clock(fake.clock()).sleeper(fake.sleeper())
                .build();
        microsoft.organization(ACME).connect(ClientSecretCredentials.of(app.tenantId(), app.clientId(),
                app.clientSecret()));
        microsoft.organization(ACME).linkGroup(group.id());
    }

    @Test
    void syncsThroughThrottlingWithoutRetryingEarly() {
        FakeGraphTenant fake = graph.tenant();
        fake.faults().add(FaultRule.on("POST", "/v1.0/$batch").status(429).retryAfter(Duration.ofSeconds(7))
                .times(1).build());

        TeamSyncJob.Report report = new TeamSyncJob(microsoft).run(ACME);

        assertEquals(TeamSyncJob.Outcome.SYNCED, report.outcome());
        assertEquals(60, report.applied());
        assertEquals(new HashSet<>(userIds), Set.copyOf(fake.directory().memberIds(group.id())));
        assertEquals(List.of(), fake.violations(), "the library retried before Retry-After");
        assertEquals(TeamSyncJob.Outcome.UP_TO_DATE, new TeamSyncJob(microsoft).run(ACME).outcome());
    }

    @Test
    void holdsAMassRemovalForReview() {
        FakeGraphTenant fake = graph.tenant();
        new TeamSyncJob(microsoft).run(ACME);
        team.set(ACME, List.of()); // the host's lookup returned nobody: never "remove everyone" unattended

        TeamSyncJob.Report report = new TeamSyncJob(microsoft).run(ACME);

        assertEquals(TeamSyncJob.Outcome.HELD_FOR_REVIEW, report.outcome());
        assertEquals(60, fake.directory().memberIds(group.id()).size(), "nobody was removed");
    }

    @Test
    void finishesOnTheSecondAttemptAfterServerErrors() {
        FakeGraphTenant fake = graph.tenant();
        fake.faults().add(FaultRule.on("PATCH", "/v1.0/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(500)
                .times(2).build());

        TeamSyncJob.Report report = new TeamSyncJob(microsoft).run(ACME);

        assertEquals(TeamSyncJob.Outcome.SYNCED, report.outcome(), () -> report.plan().render());
        assertEquals(60, fake.directory().memberIds(group.id()).size());
        assertTrue(fake.journal().count("PATCH", "/v1.0/groups/*") >= 4, "binds were retried in a second run");
    }
}
