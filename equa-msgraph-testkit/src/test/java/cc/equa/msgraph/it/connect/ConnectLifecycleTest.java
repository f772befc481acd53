package cc.equa.msgraph.it.connect;

import static cc.equa.msgraph.it.connect.ConnectFixture.app;
import static cc.equa.msgraph.it.connect.ConnectFixture.credentials;
import static cc.equa.msgraph.it.connect.ConnectFixture.graphCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectOption;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationStatus;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connect, save, status, enable/disable and disconnect against the fake tenant. */
@ExtendWith(LogCapture.class)
class ConnectLifecycleTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");

    private FakeGraphTenant fake;
    private InMemorySettingsStore store;
    private RecordingAuditSink audit;
    private MicrosoftIntegration microsoft;
    private OrganizationIntegration acme;

    @BeforeEach
    void start() {
        fake = FakeGraphTenant.startNew();
        fake.directory().addGroup("Board");
        store = new InMemorySettingsStore();
        audit = new RecordingAuditSink();
        microsoft = ConnectFixture.integration(fake, store, audit);
        acme = microsoft.organization(ACME);
    }

    @AfterEach
    void stop() {
        microsoft.close();
        fake.close();
    }

    @Test
    void connectStoresOnlyAfterAPassingTest() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.ReadBasic.All");
        ConnectionReport report = acme.connect(credentials(app));
        assertTrue(report.passed() && report.saved(), report.render());
        assertTrue(report.render().contains("credentials saved"));
        assertEquals(credentials(app), store.load(ACME).orElseThrow().credentials());
        IntegrationStatus status = acme.status();
        assertTrue(status.connected() && status.enabled() && status.usable());
        assertTrue(status.credentialsIfAny().orElseThrow().contains(app.clientId()));
        assertFalse(status.toString().contains(app.clientSecret()));
        assertEquals(List.of("credentials.save"), audit.events().stream().map(e -> e.action()).toList());
        assertFalse(audit.events().get(0).toString().contains(app.clientSecret()));
    }

    @Test
    void failedTestStoresNothingAndSaysWhy() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        LogCapture.sensitive("not~the~right~secret");
        ConnectionReport report = acme.connect(ClientSecretCredentials.of(app.tenantId(), app.clientId(),
                "not~the~right~secret"));
        assertFalse(report.passed());
        assertFalse(report.saved());
        assertFalse(report.messages().isEmpty());
        assertEquals(0, store.writeCount());
        assertFalse(acme.status().connected());
        assertEquals(List.of(), audit.events());
        assertThrows(cc.equa.msgraph.AuthenticationException.class, report::orThrow);
    }

    @Test
    void saveIfTestFailsStoresAnywayAndSaveCredentialsSendsNothing() {
        FakeApp app = fake.registerApp(cc.equa.msgraph.testkit.AppRegistration.builder()
                .roles("Group.ReadWrite.All").adminConsent(false).build());
        LogCapture.sensitive(app.clientSecret());
        ConnectionReport report = acme.connect(credentials(app), ConnectOption.SAVE_IF_TEST_FAILS);
        assertFalse(report.passed());
        assertTrue(report.saved());
        assertTrue(acme.status().connected());

        OrganizationIntegration globex = microsoft.organization("globex");
        int before = fake.journal().calls().size();
        globex.saveCredentials(credentials(app));
        assertEquals(before, fake.journal().calls().size(), "saving without a test sends nothing");
        assertTrue(globex.status().connected());
    }

    @Test
    void changedCredentialsAreUsedWithAFreshTokenAtOnce() {
        FakeApp first = app(fake, "Group.ReadWrite.All", "User.ReadBasic.All");
        FakeApp second = app(fake, "Group.ReadWrite.All", "User.ReadBasic.All");
        acme.connect(credentials(first));
        acme.testConnection();
        fake.journal().clear();

        acme.connect(credentials(second));
        fake.journal().clear();
        ConnectionReport report = acme.testConnection();
        assertTrue(report.passed(), report.render());
        assertEquals(1, fake.journal().tokenRequests());
        List<RecordedCall> graph = graphCalls(fake);
        assertFalse(graph.isEmpty());
        assertTrue(graph.stream().allMatch(c -> c.appId().orElseThrow().equals(second.clientId())),
                "every Graph call after the change carries the new app's token");
    }

    @Test
    void manyGraphCallsOfOneTestShareOneTokenRequest() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.ReadBasic.All");
        acme.connect(credentials(app));
        fake.journal().clear();
        acme.testConnection();
        assertEquals(1, fake.journal().tokenRequests());
        assertEquals(4, graphCalls(fake).size());
    }

    @Test
    void disableAndEnable() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.Read.All");
        acme.connect(credentials(app));
        acme.disable();
        assertFalse(acme.status().enabled());
        assertTrue(acme.status().connected());
        fake.journal().clear();
        IntegrationUnavailableException e = assertThrows(IntegrationUnavailableException.class,
                acme::testConnection);
        assertEquals(ErrorKind.DISABLED, e.kind());
        assertEquals(0, fake.journal().calls().size());
        acme.disable(); // idempotent
        acme.enable();
        assertTrue(acme.testConnection().passed());
        assertEquals(List.of("credentials.save", "integration.disable", "integration.enable"),
                audit.events().stream().map(ev -> ev.action()).toList());
    }

    @Test
    void disconnectForgetsCredentialsAndTokenButKeepsTheLinkedGroup() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.ReadBasic.All");
        String groupId = fake.directory().groups().get(0).id();
        String user = fake.directory().addUser("ada@contoso.onmicrosoft.com").id();
        fake.directory().addMembers(groupId, user);
        acme.connect(credentials(app));
        store.update(ACME, s -> s.withLinkedGroupId(groupId));
        acme.testConnection();

        acme.disconnect();

        IntegrationStatus status = acme.status();
        assertFalse(status.connected());
        assertEquals(groupId, status.linkedGroupId());
        assertEquals(List.of(user), fake.directory().memberIds(groupId), "members untouched");
        fake.journal().clear();
        IntegrationUnavailableException e = assertThrows(IntegrationUnavailableException.class,
                acme::testConnection);
        assertEquals(ErrorKind.NOT_CONNECTED, e.kind());
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
        assertEquals(0, fake.journal().calls().size(), "no request after disconnect");
        acme.disconnect(); // nothing to forget: no error, no write
        assertEquals("credentials.delete", audit.events().get(audit.events().size() - 1).action());

        acme.saveCredentials(credentials(app));
        acme.testConnection();
        assertEquals(1, fake.journal().tokenRequests(), "a reconnect acquires a new token, none is reused");
    }
}
