package cc.equa.msgraph.it.connect;

import static cc.equa.msgraph.it.connect.ConnectFixture.app;
import static cc.equa.msgraph.it.connect.ConnectFixture.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck.Status;
import cc.equa.msgraph.ConnectOption;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14 item 8: Graph's {@code AccessDenied} for a token without roles, 24-hour tokens across a consent change,
 * and a manage-membership probe that does not trust an unverified 403-before-404 order.
 */
@ExtendWith(LogCapture.class)
class ConsentAndTokenTest {

    private FakeGraphTenant fake;
    private MicrosoftIntegration microsoft;
    private OrganizationIntegration acme;

    @BeforeEach
    void start() {
        fake = FakeGraphTenant.builder().virtualTime()
                .hostility(Hostility.builder().rolelessAccessDenied(true).tokenLifetime(Duration.ofHours(24)).build())
                .start();
        microsoft = ConnectFixture.integration(fake, new InMemorySettingsStore(), new RecordingAuditSink());
        acme = microsoft.organization(OrganizationId.of("acme"));
    }

    @AfterEach
    void stop() {
        microsoft.close();
        fake.close();
    }

    @Test
    void accessDeniedForARolelessTokenIsDiagnosedAsMissingConsentAndAFreshTokenSeesTheConsent() {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All", "User.Read.All")
                .adminConsent(false).build());
        LogCapture.sensitive(app.clientSecret());
        fake.directory().addGroup("Board");
        ConnectionReport before = acme.connect(credentials(app), ConnectOption.SAVE_IF_TEST_FAILS);
        assertFalse(before.passed());
        assertTrue(String.join("\n", before.messages()).startsWith("Admin consent not granted"), before.render());
        assertEquals(Status.DENIED, before.capability(Capability.LIST_GROUPS).orElseThrow().status());

        PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                () -> acme.groups(cc.equa.msgraph.GroupQuery.all()));
        assertTrue(e.reason().startsWith("the access token carries no application permissions"), e.reason());
        assertEquals("AccessDenied", e.graphErrorCode().orElseThrow());

        fake.adminConsent(app, true);
        ConnectionReport after = acme.testConnection();
        assertTrue(after.passed(), after.render());
        assertEquals(Status.ALLOWED, after.capability(Capability.LIST_GROUPS).orElseThrow().status());
        acme.groups(cc.equa.msgraph.GroupQuery.all());
    }

    @Test
    void aManageProbe404IsOnlyLikelyWhenTheTokenCarriesNoWritePermission() {
        // Graph might look the member up before checking permission: then a read-only app gets 404, not 403
        FakeApp app = app(fake, "Group.Read.All", "User.Read.All");
        fake.directory().addGroup("Board");
        fake.faults().add(FaultRule.on("DELETE", "/groups/*/members/*/$ref").status(404)
                .code("Request_ResourceNotFound").times(FaultRule.ALWAYS).build());
        ConnectionReport r = acme.testConnection(credentials(app));
        assertEquals(Status.LIKELY_DENIED, r.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow().status(),
                r.render());
        assertTrue(r.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow().remediation()
                .contains("GroupMember.ReadWrite.All"), r.render());
    }
}
