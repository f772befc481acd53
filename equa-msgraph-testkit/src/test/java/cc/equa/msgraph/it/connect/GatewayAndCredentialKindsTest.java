package cc.equa.msgraph.it.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck.Status;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.internal.ErrorBodyInterceptor;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway answering Graph with an HTML 502 page (not a Graph error; the fake's raw-body fault), and certificate credentials (PEM and PKCS#12
 * with a generated self-signed certificate) going through the real azure-identity path.
 */
@ExtendWith(LogCapture.class)
class GatewayAndCredentialKindsTest {

    @Test
    void htmlBadGatewayIsMappedWithStatusAndRequestIdNotAParseError() {
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = ConnectFixture.app(fake, "Group.ReadWrite.All");
            fake.faults().add(FaultRule.on("GET", "/groups").status(502).times(FaultRule.ALWAYS)
                    .body("text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>")
                    .header("request-id", "gw-req-1").build());
            try (MicrosoftIntegration microsoft = ConnectFixture.integration(fake, new InMemorySettingsStore(),
                    new RecordingAuditSink())) {
                ConnectionReport r = microsoft.organization("acme").testConnection(ConnectFixture.credentials(app));
                assertTrue(r.tokenAcquired());
                assertTrue(r.graphReachable(), r.render());
                var list = r.capability(Capability.LIST_GROUPS).orElseThrow();
                assertEquals(Status.UNKNOWN, list.status());
                assertEquals(502, list.httpStatus());
                assertEquals("gw-req-1", list.requestId());
                String messages = String.join("\n", r.messages());
                assertTrue(messages.contains("HTTP 502 (" + ErrorBodyInterceptor.CODE + ")"), messages);
                assertTrue(messages.contains("request-id gw-req-1"), messages);
                assertFalse(messages.contains("<html>"), "the gateway's page is not copied");
            }
        }
    }

    private static TestCertificate certificate() throws Exception {
        return TestCertificate.generate();
    }

    @Test
    void certificateCredentialsSendASignedAssertionInPemAndPkcs12() throws Exception {
        TestCertificate cert = certificate();
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All").build());
            LogCapture.sensitive(app.clientSecret());
            LogCapture.sensitive(cert.password());
            try (MicrosoftIntegration microsoft = ConnectFixture.integration(fake, new InMemorySettingsStore(),
                    new RecordingAuditSink())) {
                for (ClientCertificateCredentials c : List.of(
                        ClientCertificateCredentials.pem(app.tenantId(), app.clientId(), cert.pem()),
                        ClientCertificateCredentials.pkcs12(app.tenantId(), app.clientId(), cert.pkcs12Base64(),
                                cert.password()))) {
                    fake.journal().clear();
                    ConnectionReport r = microsoft.organization("acme").testConnection(c);
                    // The certificate is not registered on the app: Entra refuses the assertion (AADSTS700027).
                    assertEquals(AuthFailure.INVALID_CERTIFICATE, r.tokenFailure(), r.render());
                    List<RecordedCall> tokens = fake.journal().calls(k -> k.kind() == RecordedCall.Kind.TOKEN);
                    assertEquals(1, tokens.size(), c.format().toString());
                    assertEquals(401, tokens.get(0).status());
                }
            }
        }
    }

    /** A self-signed certificate made with the JDK's keytool. */
    record TestCertificate(String pem, String pkcs12Base64, String password) {

        static TestCertificate generate() throws Exception {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("equa-cert");
            java.nio.file.Path file = dir.resolve("app.p12");
            String password = "pw-" + System.nanoTime();
            String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize",
                    "2048", "-dname", "CN=equa-msgraph-test", "-validity", "30", "-storetype", "PKCS12",
                    "-keystore", file.toString(), "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed");
            }
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            java.nio.file.Files.delete(file);
            java.nio.file.Files.delete(dir);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new java.io.ByteArrayInputStream(bytes), password.toCharArray());
            Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
            String pem = "-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(ks.getCertificate("app").getEncoded())
                    + "\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n"
                    + mime.encodeToString(ks.getKey("app", password.toCharArray()).getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            return new TestCertificate(pem, Base64.getEncoder().encodeToString(bytes), password);
        }
    }
}
