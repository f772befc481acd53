package cc.equa.msgraph.it.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeDirectoryObject;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** An attacker's fixture: a fake tenant, an app, a linked group and one wired organization. Public API only. */
final class AttackFixture implements AutoCloseable {

    static final OrganizationId ORG = OrganizationId.of("acme");

    final FakeGraphTenant fake;
    final FakeApp app;
    final String groupId;
    final SettingsStore settings;
    final InMemorySettingsStore raw;
    final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    final RecordingAuditSink audit = new RecordingAuditSink();
    final MicrosoftIntegration microsoft;
    final OrganizationIntegration org;

    AttackFixture() {
        this(new InMemorySettingsStore(), null);
    }

    AttackFixture(InMemorySettingsStore raw, SettingsStore wrapped) {
        fake = FakeGraphTenant.builder().virtualTime().start();
        app = fake.registerApp(AppRegistration.builder()
                .roles("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "User.Read.All").build());
        groupId = fake.directory().addGroup("Acme Board").id();
        this.raw = raw;
        this.settings = wrapped == null ? raw : wrapped;
        settings.save(ORG, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(groupId));
        microsoft = integration();
        org = microsoft.organization(ORG);
    }

    MicrosoftIntegration integration() {
        return integration(settings);
    }

    MicrosoftIntegration integration(SettingsStore store) {
        return MicrosoftIntegration.builder().settings(store).team(team).audit(audit).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate())).clock(fake.clock()).sleeper(fake.sleeper())
                .build();
    }

    String user(String mail) {
        return fake.directory().addUser(mail).id();
    }

    String user(cc.equa.msgraph.testkit.FakeUser.Builder b) {
        return fake.directory().addUser(b.build()).id();
    }

    String member(String mail) {
        String id = user(mail);
        fake.directory().addMembers(groupId, id);
        return id;
    }

    void team(TeamMember... members) {
        team.set(ORG, List.of(members));
    }

    Set<String> members() {
        return Set.copyOf(fake.directory().memberIds(groupId));
    }

    Set<String> owners() {
        return fake.directory().owners(groupId).stream().map(FakeDirectoryObject::id).collect(Collectors.toSet());
    }

    List<String> writes() {
        return fake.journal().calls().stream().filter(c -> !c.method().equals("GET"))
                .map(c -> c.method() + " " + c.path()).collect(Collectors.toCollection(ArrayList::new));
    }

    /** Call the public API; anything but an MsGraphException (InvalidInputException is one) is a break. */
    static <T> T typed(Supplier<T> call) {
        try {
            return call.get();
        } catch (MsGraphException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            AssertionError a = new AssertionError("raw " + e.getClass().getName() + " escaped the public API: "
                    + e.getMessage(), e);
            throw a;
        }
    }

    /** Assert the call fails with an MsGraphException (any subtype) and returns it. */
    static MsGraphException failsTyped(Runnable call) {
        try {
            call.run();
        } catch (MsGraphException e) {
            return e;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("raw " + e.getClass().getName() + " escaped the public API: " + e.getMessage(),
                    e);
        }
        return fail("expected an MsGraphException");
    }

    static void noRawControls(String what, String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean allowedNewline = cp == '\n';
            int type = Character.getType(cp);
            boolean bad = !allowedNewline && (Character.isISOControl(cp) || type == Character.FORMAT
                    || cp == 0x2028 || cp == 0x2029 || cp == 0x85);
            assertTrue(!bad, what + " carries raw U+" + Integer.toHexString(cp) + " at " + i + ": " + text);
            i += Character.charCount(cp);
        }
    }

    static InvalidInputException invalid(Runnable r) {
        MsGraphException e = failsTyped(r);
        assertTrue(e instanceof InvalidInputException, "expected InvalidInputException, got " + e);
        return (InvalidInputException) e;
    }

    static void eq(Object a, Object b, String m) {
        assertEquals(a, b, m);
    }

    @Override
    public void close() {
        microsoft.close();
        fake.close();
    }
}
