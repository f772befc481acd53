package cc.equa.msgraph.it.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.FakeGraphServer;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.MsalCaches;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our own library wired to the global cloud (not to the fake's cloud settings, which turn instance discovery off),
 * routed to the standalone fake the way a machine-wide proxy routes it: MSAL's instance discovery is answered, so
 * connecting logs no ERROR and waits for nothing (issue 18).
 */
@ExtendWith(LogCapture.class)
class GlobalCloudThroughProxyTest {

    @Test
    void theLibraryOnTheGlobalCloudConnectsToTheStandaloneFakeWithoutADiscoveryError() throws Exception {
        MsalCaches.forgetInstanceDiscovery();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProxySelector before = ProxySelector.getDefault();
        try (FakeGraphTenant fake = FakeGraphServer.start(new String[] {"--port", "0", "--proxy-port", "0"},
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            Matcher m = Pattern.compile("Proxy:\\s+http://127\\.0\\.0\\.1:(\\d+)")
                    .matcher(out.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), out.toString(StandardCharsets.UTF_8));
            // the JVM-wide proxy, as -Dhttps.proxyHost would set it; OkHttp reads it when the library builds its client
            ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(m.group(1)))));
            int logFrom = LogCapture.lineCount();
            try (MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
                    .settings(new InMemorySettingsStore()).audit(new RecordingAuditSink())
                    .cloud(MicrosoftCloud.GLOBAL).trustCertificates(List.of(fake.caCertificate())).build()) {
                LogCapture.sensitive("fake-secret");
                ConnectionReport report = microsoft.organization(OrganizationId.of("acme")).connect(
                        ClientSecretCredentials.of("contoso.onmicrosoft.com", FakeGraphServer.DEFAULT_CLIENT_ID,
                                "fake-secret"));
                assertTrue(report.passed(), report.render());
            }
            List<String> identity = fake.journal().calls(c -> c.kind() != RecordedCall.Kind.GRAPH).stream()
                    .map(c -> c.method() + " " + c.path() + " " + c.status() + " " + c.header("Host").orElse(""))
                    .toList();
            assertEquals("GET /common/discovery/instance 200 login.microsoftonline.com", identity.get(0),
                    identity.toString());
            assertTrue(fake.journal().calls(c -> c.kind() == RecordedCall.Kind.GRAPH).stream()
                    .allMatch(c -> c.header("Host").orElse("").equals("graph.microsoft.com")));
            List<String> errors = LogCapture.lines().subList(logFrom, LogCapture.lineCount()).stream()
                    .filter(l -> l.startsWith("ERROR")).toList();
            assertEquals(List.of(), errors);
        } finally {
            ProxySelector.setDefault(before);
        }
    }
}
