package cc.equa.msgraph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The first vertical slice: a connection test acquires a real token with azure-identity from the fake's token
 * endpoint over HTTPS, then makes a real Graph call with the Graph SDK carrying that token. No stub credential.
 */
class VerticalSliceTest {

    @Test
    void connectionTestAcquiresATokenOverHttpsThenCallsGraphWithIt() {
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.Read.All").build());
            fake.directory().addGroup("Board");

            try (MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
                    .settings(new InMemorySettingsStore())
                    .cloud(fake.cloud())
                    .trustCertificates(List.of(fake.caCertificate()))
                    .build()) {
                ConnectionReport report = microsoft.organization("acme").testConnection(
                        ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret()));

                assertTrue(report.tokenAcquired(), report::render);
                assertTrue(report.graphReachable(), report::render);
            }

            List<RecordedCall> calls = fake.journal().calls();
            List<RecordedCall> tokens = calls.stream().filter(c -> c.kind() == RecordedCall.Kind.TOKEN).toList();
            assertEquals(1, tokens.size(), "exactly one token request: " + calls);
            RecordedCall token = tokens.get(0);
            assertEquals("POST", token.method());
            assertEquals("/" + app.tenantId() + "/oauth2/v2.0/token", token.path());
            assertEquals(200, token.status());
            String form = token.body().orElse("");
            assertTrue(form.contains("grant_type=client_credentials"), form);
            assertTrue(form.contains("client_id=" + app.clientId()), form);
            assertTrue(form.contains("scope=https://graph.microsoft.com/.default"), form);

            List<RecordedCall> graph = calls.stream().filter(c -> c.kind() == RecordedCall.Kind.GRAPH).toList();
            assertEquals(1, graph.size(), "one Graph probe: " + calls);
            RecordedCall probe = graph.get(0);
            assertEquals("GET", probe.method());
            assertEquals("/v1.0/groups", probe.path());
            assertEquals(200, probe.status(), "the fake accepted the bearer token");
            assertEquals(app.clientId(), probe.appId().orElse(""), "the bearer token was issued to the app");
            assertTrue(calls.indexOf(token) < calls.indexOf(probe), "token first, then Graph");
        }
    }
}
