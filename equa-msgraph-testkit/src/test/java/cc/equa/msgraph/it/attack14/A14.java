package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncResult;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Attack fixture for issue 14: a fake tenant (virtual time, the given hostility), one app, a linked Microsoft 365
 * group, and an integration wired through the public API only (real Graph SDK and azure-identity over HTTPS).
 */
final class A14 implements AutoCloseable {

    static final OrganizationId ORG = OrganizationId.of("acme");
    static final String[] LEAST = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};
    static final String[] FULL = {"Group.ReadWrite.All", "User.Read.All"};

    final FakeGraphTenant fake;
    final FakeApp app;
    final String groupId;
    final InMemorySettingsStore settings = new InMemorySettingsStore();
    final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    final RecordingAuditSink audit = new RecordingAuditSink();
    final MicrosoftIntegration microsoft;
    final OrganizationIntegration org;

    A14(Hostility hostility, String... roles) {
        fake = FakeGraphTenant.builder().virtualTime().hostility(hostility).start();
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
        return builder().build();
    }

    MicrosoftIntegration.Builder builder() {
        return MicrosoftIntegration.builder().settings(settings).team(team).audit(audit).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate())).clock(fake.clock()).sleeper(fake.sleeper());
    }

    String user(String mail) {
        return fake.directory().addUser(mail).id();
    }

    String guest(String name) {
        return fake.directory().addUser(FakeUser.builder().displayName(name).mail(name + "@partner.test")
                .userPrincipalName(name + "_partner.test#EXT#@acme.onmicrosoft.com").guest().build()).id();
    }

    List<String> users(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(user(prefix + i + "@acme.test"));
        }
        return ids;
    }

    static List<TeamMember> teamOf(String prefix, int n) {
        List<TeamMember> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(TeamMember.individual(prefix + "-t" + i, "Person " + i, prefix + i + "@acme.test"));
        }
        return t;
    }

    static List<String> mails(String prefix, int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(prefix + i + "@acme.test");
        }
        return t;
    }

    Set<String> members() {
        return new HashSet<>(fake.directory().memberIds(groupId));
    }

    /**
     * Nothing lost, nothing invented: every change reported APPLIED or ALREADY_IN_STATE is true of the tenant now.
     */
    void assertResultTells(SyncResult result) {
        Set<String> now = members();
        for (ChangeResult r : result.changes()) {
            PlannedChange c = r.change();
            boolean member = now.stream().anyMatch(c.directoryObjectId()::equalsIgnoreCase);
            if (r.succeeded()) {
                if (c.action() == PlannedChange.Action.ADD) {
                    assertTrue(member, "reported " + r.outcome() + " but not a member: " + r + "\n" + result.render());
                } else if (c.action() == PlannedChange.Action.REMOVE) {
                    assertFalse(member, "reported " + r.outcome() + " but still a member: " + r + "\n"
                            + result.render());
                }
            }
        }
    }

    /** What/why/what-to-do and no secret. */
    void assertGoodError(MsGraphException e) {
        String m = String.valueOf(e.getMessage());
        assertFalse(m.contains(app.clientSecret()), "secret in message: " + m);
        assertFalse(m.toLowerCase().contains("bearer ") || m.contains("eyJ"), "token in message: " + m);
        assertFalse(e.operation().isBlank(), m);
        assertFalse(e.reason().isBlank(), m);
        assertFalse(e.remediation().isBlank(), m);
        Throwable c = e.getCause();
        while (c != null) {
            String cm = String.valueOf(c.getMessage());
            assertFalse(cm.contains(app.clientSecret()), "secret in cause: " + cm);
            c = c.getCause();
        }
    }

    static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }

    @Override
    public void close() {
        microsoft.close();
        fake.close();
    }
}
