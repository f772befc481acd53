package cc.equa.msgraph.it.groups;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One fake tenant with an app holding the group feature's permissions, and an integration wired to it through the
 * real Graph SDK and azure-identity over HTTPS, on the fake's virtual clock and sleeper.
 */
final class GroupsFixture implements AutoCloseable {

    static final OrganizationId ORG = OrganizationId.of("acme");

    final FakeGraphTenant fake;
    final FakeApp app;
    final InMemorySettingsStore store = new InMemorySettingsStore();
    final RecordingAuditSink audit = new RecordingAuditSink();
    final MicrosoftIntegration ms;
    final OrganizationIntegration org;

    GroupsFixture() {
        this("GroupMember.ReadWrite.All", "Group.Create", "Group.Read.All", "User.ReadBasic.All",
                "Application.Read.All", "Device.Read.All", "OrgContact.Read.All");
    }

    GroupsFixture(String... roles) {
        fake = FakeGraphTenant.builder().virtualTime(Instant.parse("2026-01-05T09:00:00Z")).build().start();
        if (Boolean.getBoolean("equa.it.realistic")) {
            // -Dequa.it.realistic=true runs these integration tests against the realistic profile (issue 14)
            fake.hostility(cc.equa.msgraph.testkit.Hostility.realistic(Long.getLong("equa.it.seed", 1)));
        }
        if (Boolean.getBoolean("equa.it.readsonly")) {
            // only the realistic profile's read-side behaviours (issue 14 items 5, 6, 8, 9)
            fake.hostility(cc.equa.msgraph.testkit.Hostility.builder().readLag(java.time.Duration.ofSeconds(5))
                    .newGroupInvisibleUpTo(java.time.Duration.ofSeconds(60)).expiredDeltaAsGone(0.5)
                    .rolelessAccessDenied(true).tokenLifetime(java.time.Duration.ofHours(24))
                    .countWithoutHeaderIgnored(true).membersHideServicePrincipals(true).orLimitCountsAllClauses(true)
                    .build());
        }
        app = fake.registerApp(AppRegistration.builder().secret("s3cret-value").roles(roles).adminConsent(true)
                .build());
        ms = MicrosoftIntegration.builder()
                .settings(store)
                .audit(audit)
                .cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate()))
                .clock(fake.clock())
                .sleeper(fake.sleeper())
                .retries(6, Duration.ofMinutes(5))
                .build();
        connect();
        org = ms.organization(ORG);
    }

    void connect() {
        store.save(ORG, new IntegrationSettings(ClientSecretCredentials.of(app.tenantId(), app.clientId(),
                app.clientSecret()), true, null, Map.of()));
    }

    FakeDirectory directory() {
        return fake.directory();
    }

    IntegrationSettings settings() {
        return store.load(ORG).orElseThrow();
    }

    /** Graph requests seen so far (token requests excluded). */
    int graphCalls() {
        return fake.journal().calls(c -> c.kind() == cc.equa.msgraph.testkit.RecordedCall.Kind.GRAPH).size();
    }

    @Override
    public void close() {
        ms.close();
        fake.close();
    }
}
