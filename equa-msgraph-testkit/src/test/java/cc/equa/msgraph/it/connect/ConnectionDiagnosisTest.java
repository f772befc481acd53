package cc.equa.msgraph.it.connect;

import static cc.equa.msgraph.it.connect.ConnectFixture.app;
import static cc.equa.msgraph.it.connect.ConnectFixture.credentials;
import static cc.equa.msgraph.it.connect.ConnectFixture.graphCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck.Status;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connection test's diagnosis for each case an admin meets, against the fake tenant. */
@ExtendWith(LogCapture.class)
class ConnectionDiagnosisTest {

    private FakeGraphTenant fake;
    private InMemorySettingsStore store;
    private MicrosoftIntegration microsoft;
    private OrganizationIntegration acme;

    @BeforeEach
    void start() {
        fake = FakeGraphTenant.startNew();
        store = new InMemorySettingsStore();
        microsoft = ConnectFixture.integration(fake, store, new RecordingAuditSink());
        acme = microsoft.organization(OrganizationId.of("acme"));
    }

    @AfterEach
    void stop() {
        microsoft.close();
        fake.close();
    }

    private static String all(ConnectionReport r) {
        return String.join("\n", r.messages());
    }

    @Test
    void validCredentialsPassWithEveryCapabilityAndOneTokenRequest() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.Read.All");
        fake.directory().addGroup("Board");
        fake.directory().addUser("ada@contoso.onmicrosoft.com");

        ConnectionReport r = acme.testConnection(credentials(app));

        assertTrue(r.passed(), r.render());
        assertTrue(r.fullyCapable(), r.render());
        assertEquals(List.of(), r.messages());
        for (Capability c : List.of(Capability.LIST_GROUPS, Capability.READ_MEMBERS, Capability.READ_USER_EMAILS,
                Capability.MANAGE_MEMBERSHIP)) {
            assertEquals(Status.ALLOWED, r.capability(c).orElseThrow().status(), c + "\n" + r.render());
        }
        assertEquals(Status.LIKELY_ALLOWED, r.capability(Capability.CREATE_GROUPS).orElseThrow().status());
        assertTrue(r.requestIdIfAny().isPresent(), "a request-id for support");
        assertTrue(r.grantedRoles().contains("Group.ReadWrite.All"));
        assertEquals(1, fake.journal().tokenRequests());
        assertEquals(4, graphCalls(fake).size());
        assertEquals(1, fake.journal().count("DELETE", "/groups/*/members/*/$ref"));
        assertEquals(0, fake.journal().count("DELETE", "/groups/*/members/*"), "never a DELETE without /$ref");
        assertFalse(r.saved());
        assertEquals(0, store.writeCount(), "a test stores nothing");
        assertTrue(r.latency().compareTo(Duration.ZERO) > 0);
        assertFalse(r.render().contains(app.clientSecret()));
        assertFalse(r.toString().contains(app.clientSecret()));
    }

    @Test
    void userReadBasicOnlyPassesAndSaysAliasMatchingNeedsUserReadAll() {
        FakeApp app = app(fake, "GroupMember.ReadWrite.All", "User.ReadBasic.All");
        fake.directory().addGroup("Board");
        fake.directory().addUser("ada@contoso.onmicrosoft.com");

        ConnectionReport r = acme.testConnection(credentials(app));

        assertTrue(r.passed(), r.render());
        assertTrue(r.capability(Capability.READ_USER_EMAILS).orElseThrow().allowed(), r.render());
        assertTrue(all(r).contains("Aliases and account state cannot be seen"), all(r));
        assertTrue(all(r).contains("the token carries User.ReadBasic.All only"), all(r));
        assertTrue(all(r).contains("Grant User.Read.All"), all(r));
    }

    @Test
    void unknownTenant() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        ConnectionReport r = acme.testConnection(ClientSecretCredentials.of(UUID.randomUUID().toString(),
                app.clientId(), app.clientSecret()));
        assertFalse(r.tokenAcquired());
        assertEquals(AuthFailure.UNKNOWN_TENANT, r.tokenFailure());
        assertTrue(all(r).contains("Tenant ID"), all(r));
        assertTrue(r.requestIdIfAny().isPresent(), "Entra's trace id");
        assertEquals(0, graphCalls(fake).size());
    }

    @Test
    void malformedTenantIsRejectedBeforeAnyRequest() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> acme.connect(
                ClientSecretCredentials.of("contoso", app.clientId(), app.clientSecret())));
        assertEquals("tenantId", e.problems().get(0).field());
        assertEquals(0, fake.journal().calls().size());
        assertEquals(0, store.writeCount());
    }

    @Test
    void unknownClient() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        ConnectionReport r = acme.testConnection(ClientSecretCredentials.of(app.tenantId(),
                UUID.randomUUID().toString(), app.clientSecret()));
        assertEquals(AuthFailure.UNKNOWN_CLIENT, r.tokenFailure());
        assertTrue(all(r).contains("Application (client) ID"), all(r));
    }

    @Test
    void wrongSecret() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        LogCapture.sensitive("wrong~secret~value~123");
        ConnectionReport r = acme.testConnection(ClientSecretCredentials.of(app.tenantId(), app.clientId(),
                "wrong~secret~value~123"));
        assertEquals(AuthFailure.WRONG_SECRET, r.tokenFailure());
        assertTrue(all(r).contains("Value (not its Secret ID)"), all(r));
        assertTrue(all(r).contains("Group.ReadWrite.All"), "troubleshooting case (a): " + all(r));
        assertFalse(r.passed());
    }

    @Test
    void expiredSecret() {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All")
                .secret("expired~secret~value~0001", fake.clock().instant().minus(Duration.ofDays(1))).build());
        LogCapture.sensitive(app.clientSecret());
        ConnectionReport r = acme.testConnection(credentials(app));
        assertEquals(AuthFailure.EXPIRED_SECRET, r.tokenFailure());
        assertTrue(all(r).contains("create a new client secret") || all(r).contains("Create a new client secret"),
                all(r));
    }

    @Test
    void secretIdPastedIsRejectedWithTheHintBeforeAnyRequest() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> acme.connect(
                ClientSecretCredentials.of(app.tenantId(), app.clientId(), UUID.randomUUID().toString())));
        assertEquals(List.of("clientSecret"), e.problems().stream().map(p -> p.field()).toList());
        assertTrue(e.getMessage().contains("secret's ID"), e.getMessage());
        assertEquals(0, fake.journal().calls().size());
        assertEquals(0, store.writeCount());
    }

    @Test
    void everyInvalidFieldIsNamedAndNothingIsSentOrStored() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> acme.connect(
                ClientSecretCredentials.of(" contoso.onmicrosoft.com", "app", "")));
        assertEquals(List.of("tenantId", "clientId", "clientSecret"),
                e.problems().stream().map(p -> p.field()).toList());
        assertThrows(InvalidInputException.class, () -> acme.saveCredentials(
                ClientSecretCredentials.of("contoso.onmicrosoft.com", "app", "x")));
        assertThrows(InvalidInputException.class, () -> acme.testConnection(
                ClientSecretCredentials.of("contoso.onmicrosoft.com", UUID.randomUUID().toString(), " x")));
        assertEquals(0, fake.journal().calls().size());
        assertEquals(0, store.writeCount());
    }

    @Test
    void missingAdminConsentIsDiagnosedAsSuch() {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All", "User.ReadBasic.All")
                .adminConsent(false).build());
        LogCapture.sensitive(app.clientSecret());
        fake.directory().addGroup("Board");
        ConnectionReport r = acme.testConnection(credentials(app));
        assertTrue(r.tokenAcquired());
        assertTrue(r.graphReachable());
        assertEquals(List.of(), List.copyOf(r.grantedRoles()));
        assertEquals(Status.DENIED, r.capability(Capability.LIST_GROUPS).orElseThrow().status());
        assertTrue(all(r).startsWith("Admin consent not granted"), all(r));
        assertTrue(r.capability(Capability.LIST_GROUPS).orElseThrow().remediation()
                .startsWith("Admin consent not granted"));
        assertFalse(r.passed());
    }

    @Test
    void readOnlyPermissionsCanListButNotManageMembership() {
        FakeApp app = app(fake, "Group.Read.All", "User.ReadBasic.All");
        fake.directory().addGroup("Board");
        ConnectionReport r = acme.testConnection(credentials(app));
        assertTrue(r.passed(), r.render());
        assertFalse(r.fullyCapable());
        assertEquals(Status.ALLOWED, r.capability(Capability.READ_MEMBERS).orElseThrow().status());
        assertEquals(Status.DENIED, r.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow().status());
        assertEquals(Status.LIKELY_DENIED, r.capability(Capability.CREATE_GROUPS).orElseThrow().status());
        assertTrue(all(r).contains("Membership cannot be managed (sync, add and remove members will fail)"), all(r));
        assertTrue(all(r).contains("GroupMember.ReadWrite.All"), all(r));
        assertEquals(List.of("GroupMember.ReadWrite.All", "Group.Create"), r.missingPermissions());
    }

    @Test
    void appThatCannotListGroupsGetsTroubleshootingCaseB() {
        FakeApp app = app(fake, "User.ReadBasic.All");
        ConnectionReport r = acme.testConnection(credentials(app));
        assertEquals(Status.DENIED, r.capability(Capability.LIST_GROUPS).orElseThrow().status());
        assertTrue(all(r).contains("Groups cannot be listed: the app lacks permission to list them"), all(r));
        assertTrue(all(r).contains("Group.Read.All at minimum"), all(r));
        assertFalse(r.passed());
    }

    @Test
    void tenantWithoutGroupsIsExplained() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.ReadBasic.All");
        ConnectionReport r = acme.testConnection(credentials(app));
        assertTrue(r.passed());
        assertTrue(all(r).contains("The tenant has no Microsoft 365 groups yet"), all(r));
        assertEquals(Status.LIKELY_ALLOWED, r.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow().status());
    }

    @Test
    void disabledIntegrationFailsFastAndSendsNothing() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        acme.saveCredentials(credentials(app));
        acme.disable();
        int writes = store.writeCount();
        for (Runnable op : List.<Runnable>of(acme::testConnection, () -> acme.testConnection(credentials(app)),
                () -> acme.connect(credentials(app)))) {
            IntegrationUnavailableException e = assertThrows(IntegrationUnavailableException.class, op::run);
            assertEquals(ErrorKind.DISABLED, e.kind());
            assertTrue(e.getMessage().contains("disabled"), e.getMessage());
        }
        assertEquals(0, fake.journal().calls().size());
        assertEquals(writes, store.writeCount());
    }

    @Test
    void unreachableAuthorityFailsFast() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        MicrosoftCloud closed = MicrosoftCloud.custom("closed", URI.create("https://127.0.0.1:" + closedPort + "/"),
                URI.create("https://127.0.0.1:" + closedPort));
        try (MicrosoftIntegration offline = MicrosoftIntegration.builder().settings(store).cloud(closed)
                .trustCertificates(List.of(fake.caCertificate())).build()) {
            FakeApp app = app(fake, "Group.ReadWrite.All");
            long started = System.nanoTime();
            ConnectionReport r = offline.organization("acme").testConnection(credentials(app));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(AuthFailure.NETWORK, r.tokenFailure(), r.render());
            assertTrue(all(r).contains("could not be reached"), all(r));
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took.toMillis() + " ms");
        }
    }

    @Test
    void linkedGroupThatNoLongerExistsIsReported() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.ReadBasic.All");
        fake.directory().addGroup("Other");
        store.update(OrganizationId.of("acme"), s -> s.withLinkedGroupId(UUID.randomUUID().toString()));
        ConnectionReport r = acme.testConnection(credentials(app));
        assertTrue(all(r).contains("no longer exists"), all(r));
        assertEquals(Status.ALLOWED, r.capability(Capability.READ_MEMBERS).orElseThrow().status());
        assertNotNull(r.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow());
    }
}
