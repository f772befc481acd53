package cc.equa.msgraph.it.connect;

import static cc.equa.msgraph.it.connect.ConnectFixture.app;
import static cc.equa.msgraph.it.connect.ConnectFixture.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck;
import cc.equa.msgraph.ConnectionLimit;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.ConnectionVerdict;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The verdict an admin acts on (issue 16 item 1): PASSED only when everything works, PASSED WITH LIMITS with each
 * limit and the permission that lifts it (and {@code connect} saves), FAILED otherwise; no message contradicts a
 * capability line.
 */
@ExtendWith(LogCapture.class)
class ConnectionVerdictTest {

    /** The words a message would use to say a capability does not work. */
    private static final Map<Capability, String> DENIAL = Map.of(
            Capability.LIST_GROUPS, "Groups cannot be listed",
            Capability.READ_MEMBERS, "members cannot be read",
            Capability.READ_USER_EMAILS, "e-mail addresses cannot be read",
            Capability.MANAGE_MEMBERSHIP, "Membership cannot be managed",
            Capability.CREATE_GROUPS, "Groups cannot be created");

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

    /** No message says a capability does not work while its line says it is allowed. */
    private static void assertNoContradiction(ConnectionReport r) {
        for (CapabilityCheck c : r.capabilities()) {
            if (c.allowed()) {
                for (String m : r.messages()) {
                    assertFalse(m.contains(DENIAL.get(c.capability())),
                            c.capability() + " " + c.status() + " but a message says: " + m + "\n" + r.render());
                }
            }
        }
    }

    private static List<ConnectionLimit.Kind> kinds(ConnectionReport r) {
        return r.limits().stream().map(ConnectionLimit::kind).toList();
    }

    @Test
    void everythingGrantedIsPassedWithNoLimitAndNoMessage() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.Read.All");
        fake.directory().addGroup("Board");

        ConnectionReport r = acme.connect(credentials(app));

        assertEquals(ConnectionVerdict.PASSED, r.verdict(), r.render());
        assertEquals(List.of(), r.limits());
        assertEquals(List.of(), r.messages());
        assertTrue(r.passed());
        assertTrue(r.saved());
        assertTrue(r.render().startsWith("Connection test for acme (") && r.render().contains("): PASSED in "),
                r.render());
    }

    @Test
    void tenantWithoutGroupsSaysSoWithoutContradictingListGroupsAllowed() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.Read.All");

        ConnectionReport r = acme.testConnection(credentials(app));

        assertEquals(CapabilityCheck.Status.ALLOWED, r.capability(Capability.LIST_GROUPS).orElseThrow().status());
        assertEquals(ConnectionVerdict.PASSED, r.verdict(), r.render());
        assertNoContradiction(r);
        assertEquals(1, r.messages().size(), r.render());
        assertTrue(r.messages().get(0).contains("no Microsoft 365 groups yet"), r.render());
    }

    @Test
    void readOnlyAppPassesWithTheMembershipLimitAndIsSavedSayingWhatWillNotWork() {
        FakeApp app = app(fake, "Group.Read.All", "User.Read.All");
        fake.directory().addGroup("Board");

        ConnectionReport r = acme.connect(credentials(app));

        assertEquals(ConnectionVerdict.PASSED_WITH_LIMITS, r.verdict(), r.render());
        assertTrue(r.saved(), "connect saves a limited pass");
        assertEquals(List.of(ConnectionLimit.Kind.CANNOT_MANAGE_MEMBERSHIP, ConnectionLimit.Kind.CANNOT_CREATE_GROUPS),
                kinds(r));
        ConnectionLimit manage = r.limits().get(0);
        assertEquals("GroupMember.ReadWrite.All", manage.permission());
        assertTrue(manage.why().contains("403"), manage.why());
        assertEquals("Group.Create", r.limits().get(1).permission());
        String text = r.render();
        assertTrue(text.contains("): PASSED WITH LIMITS in ") && text.contains("; credentials saved"), text);
        assertFalse(text.contains("): PASSED in"), text);
        assertTrue(text.contains("Membership cannot be managed") && text.contains("Grant GroupMember.ReadWrite.All"),
                text);
        assertTrue(r.messages().contains(manage.summary()), "a host showing messages() learns the limit too");
        assertNoContradiction(r);
    }

    @Test
    void leastPrivilegedReadSetIsNotFullyCapableWhileAliasesCannotBeSeen() {
        FakeApp app = app(fake, "GroupMember.ReadWrite.All", "User.ReadBasic.All", "Group.Create");
        fake.directory().addGroup("Board");

        ConnectionReport r = acme.testConnection(credentials(app));

        assertEquals(ConnectionVerdict.PASSED_WITH_LIMITS, r.verdict(), r.render());
        @SuppressWarnings("deprecation")
        boolean fullyCapable = r.fullyCapable();
        assertFalse(fullyCapable, r.render());
        assertEquals(List.of(ConnectionLimit.Kind.CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE), kinds(r));
        assertEquals("User.Read.All", r.limits().get(0).permission());
        assertTrue(r.limits().get(0).why().contains("User.ReadBasic.All"), r.limits().get(0).why());
        assertNoContradiction(r);
    }

    @Test
    void appThatCannotReadUsersFailsAndIsNotSaved() {
        FakeApp app = app(fake, "Group.ReadWrite.All");
        fake.directory().addGroup("Board");

        ConnectionReport r = acme.connect(credentials(app));

        assertEquals(ConnectionVerdict.FAILED, r.verdict(), r.render());
        assertFalse(r.passed());
        assertFalse(r.saved());
        assertEquals(0, store.writeCount());
        assertEquals(List.of(), r.limits(), "a failure lists what is wrong in messages, not limits");
        assertTrue(String.join("\n", r.messages()).contains("User.ReadBasic.All"), r.render());
        assertTrue(r.render().contains("): FAILED in "), r.render());
        assertNoContradiction(r);
    }

    @Test
    void noTokenFails() {
        FakeApp app = app(fake, "Group.ReadWrite.All", "User.Read.All");
        LogCapture.sensitive("wrong~secret~value~456");
        ConnectionReport r = acme.connect(cc.equa.msgraph.spi.ClientSecretCredentials.of(app.tenantId(),
                app.clientId(), "wrong~secret~value~456"));
        assertEquals(ConnectionVerdict.FAILED, r.verdict());
        assertEquals(List.of(), r.limits());
        assertFalse(r.saved());
    }
}
