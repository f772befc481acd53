package cc.equa.msgraph.it.sync;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.List;

/** A fake tenant with an app, a linked group, and a wired integration for one organization. */
final class SyncFixture implements AutoCloseable {

    static final OrganizationId ORG = OrganizationId.of("acme");

    final FakeGraphTenant fake;
    final FakeApp app;
    final String groupId;
    final InMemorySettingsStore settings = new InMemorySettingsStore();
    final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    final RecordingAuditSink audit = new RecordingAuditSink();
    final MicrosoftIntegration microsoft;
    final OrganizationIntegration org;

    SyncFixture() {
        this("GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All");
    }

    SyncFixture(String... roles) {
        this(null, roles);
    }

    /**
     * A fixture whose fake runs with the given hostility (issue 14), or as a system property says:
     * {@code -Dequa.it.realistic=true} (or {@code -Dequa.fake.realistic=true}) runs the integration tests against the
     * realistic profile, {@code -Dequa.it.readsonly=true} against its read-side behaviours only (items 5, 6, 8, 9).
     */
    SyncFixture(Hostility hostility, String... roles) {
        FakeGraphTenant.Builder b = FakeGraphTenant.builder().virtualTime();
        if (hostility != null) {
            b.hostility(hostility);
        }
        fake = b.start();
        if (hostility == null && (Boolean.getBoolean("equa.it.realistic") || Boolean.getBoolean("equa.fake.realistic"))) {
            fake.hostility(Hostility.realistic(Long.getLong("equa.it.seed", 1)));
        }
        if (hostility == null && Boolean.getBoolean("equa.it.readsonly")) {
            fake.hostility(Hostility.builder().readLag(java.time.Duration.ofSeconds(5))
                    .newGroupInvisibleUpTo(java.time.Duration.ofSeconds(60)).expiredDeltaAsGone(0.5)
                    .rolelessAccessDenied(true).tokenLifetime(java.time.Duration.ofHours(24))
                    .countWithoutHeaderIgnored(true).membersHideServicePrincipals(true).orLimitCountsAllClauses(true)
                    .build());
        }
        app = fake.registerApp(AppRegistration.builder().roles(roles).build());
        groupId = fake.directory().addGroup("Acme Board").id();
        settings.save(ORG, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(groupId));
        microsoft = integration();
        org = microsoft.organization(ORG);
    }

    MicrosoftIntegration integration() {
        return MicrosoftIntegration.builder().settings(settings).team(team).audit(audit).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate())).clock(fake.clock()).sleeper(fake.sleeper())
                .build();
    }

    String user(String mail) {
        return fake.directory().addUser(mail).id();
    }

    String user(FakeUser.Builder b) {
        return fake.directory().addUser(b.build()).id();
    }

    List<String> members() {
        return fake.directory().memberIds(groupId);
    }

    @Override
    public void close() {
        microsoft.close();
        fake.close();
    }
}
