package cc.equa.msgraph.it.connect;

import static cc.equa.msgraph.it.connect.ConnectFixture.app;
import static cc.equa.msgraph.it.connect.ConnectFixture.credentials;
import static cc.equa.msgraph.it.connect.ConnectFixture.graphCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationConfig;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.spi.AuditSink;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Token reuse and isolation on the runtime the public operations share: one credential per organization, one token
 * for many Graph calls, a new one when the credentials change, never shared between organizations.
 */
@ExtendWith(LogCapture.class)
class TokenIsolationTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");

    private FakeGraphTenant fake;
    private IntegrationRuntime runtime;

    @BeforeEach
    void start() {
        fake = FakeGraphTenant.startNew();
        fake.directory().addGroup("Board");
        runtime = new IntegrationRuntime(new IntegrationConfig(new InMemorySettingsStore(), null,
                AuditSink.discarding(), fake.cloud(), List.of(fake.caCertificate()), fake.clock(), fake.sleeper(),
                Duration.ofSeconds(10), 0, Duration.ZERO, 3000, Duration.ofSeconds(150)));
    }

    @AfterEach
    void stop() {
        runtime.close();
        fake.close();
    }

    private static void listGroups(GraphSession session, int times) {
        for (int i = 0; i < times; i++) {
            session.graph().groups().get(cfg -> cfg.queryParameters.top = 1);
        }
    }

    @Test
    void manyGraphCallsNeedOneTokenRequest() {
        FakeApp app = app(fake, "Group.Read.All");
        listGroups(runtime.session(ACME, credentials(app)), 10);
        listGroups(runtime.session(ACME, credentials(app)), 10);
        assertEquals(20, graphCalls(fake).size());
        assertEquals(1, fake.journal().tokenRequests());
        assertSame(runtime.session(ACME, credentials(app)), runtime.session(ACME, credentials(app)));
    }

    @Test
    void changedCredentialsGetANewCredentialAndToken() {
        FakeApp first = app(fake, "Group.Read.All");
        FakeApp second = app(fake, "Group.Read.All");
        GraphSession before = runtime.session(ACME, credentials(first));
        listGroups(before, 2);
        GraphSession after = runtime.session(ACME, credentials(second));
        assertNotSame(before, after);
        listGroups(after, 2);
        assertEquals(2, fake.journal().tokenRequests());
        List<RecordedCall> graph = graphCalls(fake);
        assertEquals(List.of(first.clientId(), first.clientId(), second.clientId(), second.clientId()),
                graph.stream().map(c -> c.appId().orElseThrow()).toList());
    }

    @Test
    void organizationsNeverShareACredentialOrToken() {
        FakeApp acmeApp = app(fake, "Group.Read.All");
        FakeApp globexApp = app(fake, "Group.Read.All");
        for (int round = 0; round < 3; round++) {
            listGroups(runtime.session(ACME, credentials(acmeApp)), 1);
            listGroups(runtime.session(GLOBEX, credentials(globexApp)), 1);
        }
        assertEquals(2, fake.journal().tokenRequests());
        List<String> apps = graphCalls(fake).stream().map(c -> c.appId().orElseThrow()).toList();
        assertEquals(List.of(acmeApp.clientId(), globexApp.clientId(), acmeApp.clientId(), globexApp.clientId(),
                acmeApp.clientId(), globexApp.clientId()), apps);
        assertNotSame(runtime.session(ACME, credentials(acmeApp)).tokens(),
                runtime.session(GLOBEX, credentials(globexApp)).tokens());
    }

    @Test
    void sameAppForTwoOrganizationsStillGetsTwoCredentials() {
        FakeApp shared = app(fake, "Group.Read.All");
        ClientSecretCredentials c = credentials(shared);
        listGroups(runtime.session(ACME, c), 1);
        listGroups(runtime.session(GLOBEX, c), 1);
        assertEquals(2, fake.journal().tokenRequests(), "no token crosses organizations");
    }

    @Test
    void forgetDropsTheCachedToken() {
        FakeApp app = app(fake, "Group.Read.All");
        listGroups(runtime.session(ACME, credentials(app)), 1);
        runtime.forget(ACME);
        listGroups(runtime.session(ACME, credentials(app)), 1);
        assertEquals(2, fake.journal().tokenRequests());
    }

    @Test
    void graphClientFollowsTheCloud() {
        for (MicrosoftCloud cloud : List.of(MicrosoftCloud.GLOBAL, MicrosoftCloud.US_GOVERNMENT,
                MicrosoftCloud.US_GOVERNMENT_DOD, MicrosoftCloud.CHINA)) {
            assertTrue(cloud.scope().startsWith(cloud.graphEndpoint().toString() + "/"), cloud.name());
            try (IntegrationRuntime r = new IntegrationRuntime(new IntegrationConfig(new InMemorySettingsStore(),
                    null, AuditSink.discarding(), cloud, List.of(), fake.clock(), fake.sleeper(),
                    Duration.ofSeconds(10), 0, Duration.ZERO, 3000, Duration.ofSeconds(150)))) {
                GraphSession s = r.session(ACME, ClientSecretCredentials.of("contoso.onmicrosoft.com",
                        "11111111-2222-3333-4444-555555555555", "x~secret"));
                assertEquals(cloud.graphBaseUrl(), s.graph().getRequestAdapter().getBaseUrl(), cloud.name());
                assertEquals(cloud, s.cloud());
                assertEquals(cloud.graphBaseUrl() + "/directoryObjects/x", s.directoryObjectUrl("x"));
            }
        }
    }
}
