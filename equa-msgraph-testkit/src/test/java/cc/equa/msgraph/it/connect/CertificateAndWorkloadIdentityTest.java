package cc.equa.msgraph.it.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.spi.WorkloadIdentityCredentials;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate credentials (PEM and PKCS#12, generated in the test) and workload identity federation (a token file
 * written by the test) through core's credential factory and azure-identity against the fake's token endpoint.
 */
@ExtendWith(LogCapture.class)
class CertificateAndWorkloadIdentityTest {

    private static final String ISSUER = "https://oidc.ci.example/equa";
    private static final String SUBJECT = "repo:equa/platform:environment:prod";
    private static final String[] ROLES = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.ReadBasic.All"};

    private static String pkcs12(HeldCertificate held, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("app", held.keyPair().getPrivate(), password.toCharArray(),
                new Certificate[] {held.certificate()});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password.toCharArray());
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static List<RecordedCall> tokenCalls(FakeGraphTenant fake) {
        return fake.journal().calls(c -> c.kind() == RecordedCall.Kind.TOKEN);
    }

    @Test
    void certificateCredentialsInPemAndPkcs12GetATokenAndPassTheConnectionTest() throws Exception {
        HeldCertificate held = new HeldCertificate.Builder().commonName("equa-msgraph-app").rsa2048().build();
        String password = "pw-" + System.nanoTime();
        String keyPem = held.privateKeyPkcs8Pem();
        LogCapture.sensitive(keyPem.split("\n")[1]);
        LogCapture.sensitive(password);
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().certificate(held.certificate()).roles(ROLES)
                    .build());
            String p12 = pkcs12(held, password);
            LogCapture.sensitive(p12.substring(0, 60));
            try (MicrosoftIntegration microsoft = ConnectFixture.integration(fake, new InMemorySettingsStore(),
                    new RecordingAuditSink())) {
                for (ClientCertificateCredentials c : List.of(
                        ClientCertificateCredentials.pem(app.tenantId(), app.clientId(),
                                held.certificatePem() + keyPem),
                        ClientCertificateCredentials.pkcs12(app.tenantId(), app.clientId(), p12, password))) {
                    fake.journal().clear();
                    ConnectionReport r = microsoft.organization("acme").testConnection(c);
                    assertTrue(r.tokenAcquired(), r.render());
                    assertTrue(r.passed(), r.render());
                    List<RecordedCall> tokens = tokenCalls(fake);
                    assertEquals(1, tokens.size(), c.format().toString());
                    assertEquals(200, tokens.get(0).status());
                    assertTrue(tokens.get(0).body().orElseThrow().contains(
                            "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
                }
            }
        }
    }

    @Test
    void aCertificateTheAppDoesNotKnowIsReportedAsAnInvalidCertificate() throws Exception {
        HeldCertificate registered = new HeldCertificate.Builder().commonName("registered").rsa2048().build();
        HeldCertificate stranger = new HeldCertificate.Builder().commonName("stranger").rsa2048().build();
        LogCapture.sensitive(stranger.privateKeyPkcs8Pem().split("\n")[1]);
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().certificate(registered.certificate())
                    .roles(ROLES).build());
            try (MicrosoftIntegration microsoft = ConnectFixture.integration(fake, new InMemorySettingsStore(),
                    new RecordingAuditSink())) {
                ConnectionReport r = microsoft.organization("acme").testConnection(ClientCertificateCredentials.pem(
                        app.tenantId(), app.clientId(), stranger.certificatePem() + stranger.privateKeyPkcs8Pem()));
                assertEquals(AuthFailure.INVALID_CERTIFICATE, r.tokenFailure(), r.render());
                assertEquals(401, tokenCalls(fake).get(0).status());
            }
        }
    }

    @Test
    void workloadIdentityExchangesTheFederatedTokenFromTheFile(@TempDir Path dir) throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().federatedCredential(ISSUER, SUBJECT)
                    .roles(ROLES).build());
            Path file = dir.resolve("azure-identity-token");
            String token = federatedToken(fake, SUBJECT);
            LogCapture.sensitive(token);
            Files.writeString(file, token);
            try (MicrosoftIntegration microsoft = ConnectFixture.integration(fake, new InMemorySettingsStore(),
                    new RecordingAuditSink())) {
                ConnectionReport r = microsoft.organization("acme").testConnection(
                        new WorkloadIdentityCredentials(app.tenantId(), app.clientId(), file.toString()));
                assertTrue(r.tokenAcquired(), r.render());
                assertTrue(r.passed(), r.render());
                assertEquals(200, tokenCalls(fake).get(0).status());

                Files.writeString(file, federatedToken(fake, "repo:equa/platform:pull_request"));
                fake.journal().clear();
                ConnectionReport refused = microsoft.organization("other").testConnection(
                        new WorkloadIdentityCredentials(app.tenantId(), app.clientId(), file.toString()));
                assertTrue(!refused.tokenAcquired(), refused.render());
                assertEquals(401, tokenCalls(fake).get(0).status());
            }
        }
    }

    /** An unsigned external token (the fake checks issuer, subject, audience and lifetime, not the signature). */
    private static String federatedToken(FakeGraphTenant fake, String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = fake.clock().instant().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"aud\":\""
                + AppRegistration.TOKEN_EXCHANGE_AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
