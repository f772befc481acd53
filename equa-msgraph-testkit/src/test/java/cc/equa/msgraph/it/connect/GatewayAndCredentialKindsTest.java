package cc.equa.msgraph.it.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck.Status;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.internal.ErrorBodyInterceptor;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway answering Graph with an HTML 502 page (not a Graph error), and certificate credentials (PEM and PKCS#12
 * with a generated self-signed certificate) going through the real azure-identity path.
 */
@ExtendWith(LogCapture.class)
class GatewayAndCredentialKindsTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT = "1b2c3d4e-0000-1111-2222-333344445555";

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"roles\":[\"Group.ReadWrite.All\"],\"aud\":\"https://graph.microsoft.com\"}"
                        .getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void htmlBadGatewayIsMappedWithStatusAndRequestIdNotAParseError() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
        String host = InetAddress.getByName("localhost").getCanonicalHostName();
        HeldCertificate server = new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName(host).build();
        try (MockWebServer web = new MockWebServer()) {
            web.useHttps(new HandshakeCertificates.Builder().heldCertificate(server, ca.certificate()).build()
                    .sslSocketFactory(), false);
            web.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getPath().contains("/oauth2/v2.0/token")) {
                        return new MockResponse().setHeader("Content-Type", "application/json")
                                .setBody("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\""
                                        + jwt() + "\"}");
                    }
                    return new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
                            .setHeader("request-id", "gw-req-1")
                            .setBody("<html><body><h1>502 Bad Gateway</h1></body></html>");
                }
            });
            web.start(InetAddress.getByName("127.0.0.1"), 0);
            URI base = URI.create("https://127.0.0.1:" + web.getPort());
            MicrosoftCloud cloud = MicrosoftCloud.custom("gateway", base, base);
            LogCapture.sensitive("gateway~secret~value");
            try (MicrosoftIntegration microsoft = MicrosoftIntegration.builder().settings(new InMemorySettingsStore())
                    .cloud(cloud).trustCertificates(List.of(ca.certificate())).build()) {
                ConnectionReport r = microsoft.organization("acme").testConnection(
                        ClientSecretCredentials.of(TENANT, CLIENT, "gateway~secret~value"));
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
                    // The fake answers AADSTS700027 only to a client_assertion without a secret: it does not know
                    // the certificate's public key, so Entra's answer is "assertion refused".
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
