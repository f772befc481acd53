package cc.equa.msgraph.it.attackgm;

import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.ArrayList;
import java.util.List;

/** attackgm's own fixture (public API only): a fake tenant, an app, a linked group and an integration. */
final class GmFixture implements AutoCloseable {

    static final OrganizationId ORG = OrganizationId.of("acme");
    static final String[] LEAST = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};
    static final String[] WITH_SETTINGS = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All",
        "GroupSettings.Read.All"};

    final FakeGraphTenant fake;
    final FakeApp app;
    final String groupId;
    final InMemorySettingsStore settings = new InMemorySettingsStore();
    final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    final RecordingAuditSink audit = new RecordingAuditSink();
    final MicrosoftIntegration microsoft;
    final OrganizationIntegration org;

    GmFixture(Hostility hostility, String... roles) {
        this(hostility, null, null, roles);
    }

    GmFixture(Hostility hostility, GraphRequestListener listener, String groupIdOrNull, String... roles) {
        fake = FakeGraphTenant.builder().virtualTime().hostility(hostility).start();
        app = fake.registerApp(AppRegistration.builder().roles(roles).build());
        groupId = groupIdOrNull == null ? fake.directory().addGroup("Acme Board").id()
                : fake.directory().addGroup(cc.equa.msgraph.testkit.FakeGroup.builder("Acme Board")
                        .id(groupIdOrNull).build()).id();
        settings.save(ORG, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(groupId));
        MicrosoftIntegration.Builder b = builder();
        if (listener != null) {
            b.requestListener(listener);
        }
        microsoft = b.build();
        org = microsoft.organization(ORG);
    }

    MicrosoftIntegration.Builder builder() {
        return MicrosoftIntegration.builder().settings(settings).team(team).audit(audit).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate())).clock(fake.clock()).sleeper(fake.sleeper());
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

    /** n member users person0..n-1@acme.test; returns their ids. */
    List<String> users(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(user("person" + i + "@acme.test"));
        }
        return ids;
    }

    static List<TeamMember> teamOf(int n) {
        List<TeamMember> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(TeamMember.individual("t" + i, "Person " + i, "person" + i + "@acme.test"));
        }
        return t;
    }

    int settingsReads() {
        return fake.journal().count("GET", "/groupSettings") + fake.journal().count("GET", "/groups/*/settings");
    }

    @Override
    public void close() {
        microsoft.close();
        fake.close();
    }
}
