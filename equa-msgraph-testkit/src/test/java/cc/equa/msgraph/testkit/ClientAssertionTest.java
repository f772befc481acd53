package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.testkit.internal.SdkWiring;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.UUID;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate credentials and workload identity federation through azure-identity, and Entra's refusals. */
@FakeGraphTest
class ClientAssertionTest {
    private static final String SCOPE = "https://graph.microsoft.com/.default";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ISSUER = "https://oidc.test.example/issuer";
    private static final String SUBJECT = "system:serviceaccount:equa:sync";

    private static final HeldCertificate CERT = new HeldCertificate.Builder().commonName("equa-msgraph-test")
            .rsa2048().build();

    private static OkHttpAsyncHttpClientBuilder http(FakeGraphTenant fake) {
        HandshakeCertificates hc = SdkWiring.trust(fake);
        return new OkHttpAsyncHttpClientBuilder(new OkHttpClient.Builder()
                .sslSocketFactory(hc.sslSocketFactory(), hc.trustManager()).build());
    }

    static TokenCredential certificateCredential(FakeGraphTenant fake, FakeApp app, HeldCertificate cert) {
        String pem = cert.certificatePem() + cert.privateKeyPkcs8Pem();
        return new ClientCertificateCredentialBuilder().tenantId(app.tenantId()).clientId(app.clientId())
                .pemCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .authorityHost(fake.authorityHost().toString()).disableInstanceDiscovery().maxRetry(0)
                .httpClient(http(fake).build()).build();
    }

    static TokenCredential workloadCredential(FakeGraphTenant fake, FakeApp app, Path tokenFile) {
        return new WorkloadIdentityCredentialBuilder().tenantId(app.tenantId()).clientId(app.clientId())
                .tokenFilePath(tokenFile.toString()).authorityHost(fake.authorityHost().toString())
                .disableInstanceDiscovery().maxRetry(0).httpClient(http(fake).build()).build();
    }

    private static String error(TokenCredential credential) {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)));
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static JsonObject claims(String jwt) {
        return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void aCertificateAssertionSignedByTheRegisteredKeyGetsATokenThatWorksOnGraph(FakeGraphTenant fake) {
        FakeApp app = fake.registerApp(AppRegistration.builder().certificate(CERT.certificate())
                .roles("Group.Read.All").build());
        fake.directory().addGroup("Board");
        TokenCredential credential = certificateCredential(fake, app, CERT);
        String token = credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)).getToken();
        assertEquals("2", claims(token).get("appidacr").getAsString(), "a certificate-authenticated app token");
        GraphServiceClient graph = SdkWiring.graphClient(fake, credential, UnaryOperator.identity());
        assertEquals(1, graph.groups().get().getValue().size());
        RecordedCall tokenCall = fake.journal().calls(k -> k.kind() == RecordedCall.Kind.TOKEN).get(0);
        assertEquals(200, tokenCall.status());
        String form = tokenCall.body().orElseThrow();
        assertTrue(form.contains("client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                form);
        assertFalse(form.contains("client_assertion="), "the assertion itself is never journaled");
    }

    @Test
    void aCertificateThatIsNotRegisteredIsRefusedWith700027(FakeGraphTenant fake) {
        FakeApp app = fake.registerApp(AppRegistration.builder().certificate(CERT.certificate()).build());
        HeldCertificate other = new HeldCertificate.Builder().commonName("stranger").rsa2048().build();
        String message = error(certificateCredential(fake, app, other));
        assertTrue(message.contains("AADSTS700027"), message);
        assertTrue(message.contains("The key was not found"), message);
        assertEquals(401, fake.journal().calls(k -> k.kind() == RecordedCall.Kind.TOKEN).get(0).status());
    }

    @Test
    void handMadeAssertionsAreCheckedLikeEntraDoes(FakeGraphTenant fake) throws Exception {
        FakeApp app = fake.registerApp(AppRegistration.builder().certificate(CERT.certificate()).build());
        String endpoint = fake.authorityHost() + app.tenantId() + "/oauth2/v2.0/token";
        long now = fake.clock().instant().getEpochSecond();
        Http http = new Http(fake);
        String c = app.clientId();
        assertEquals(200, post(http, app, sign(c, c, endpoint, now + 600, "RS256", CERT)).status());
        assertEquals(200, post(http, app, sign(c, c, endpoint, now + 600, "PS256", CERT)).status());
        assertRefused(post(http, app, sign(c, c, endpoint, now - 3600, "RS256", CERT)), 401, 700024);
        assertRefused(post(http, app, sign(c, c, "https://login.example/other/oauth2/v2.0/token", now + 600,
                "RS256", CERT)), 401, 700023);
        assertRefused(post(http, app, sign(c, UUID.randomUUID().toString(), endpoint, now + 600, "RS256", CERT)),
                401, 700021);
        String good = sign(c, c, endpoint, now + 600, "RS256", CERT);
        String tampered = good.substring(0, good.lastIndexOf('.') + 1) + B64.encodeToString(new byte[256]);
        Http.Resp bad = post(http, app, tampered);
        assertRefused(bad, 401, 700027);
        assertTrue(bad.body().contains("signature"), bad.body());
        assertRefused(post(http, app, "not-a-jwt"), 400, 50027);
    }

    @Test
    void aFederatedTokenMatchingTheRegisteredCredentialIsExchanged(FakeGraphTenant fake, @TempDir Path dir)
            throws Exception {
        FakeApp app = fake.registerApp(AppRegistration.builder().federatedCredential(ISSUER, SUBJECT)
                .roles("Group.Read.All").build());
        Path file = dir.resolve("token");
        Files.writeString(file, federated(fake, ISSUER, SUBJECT, AppRegistration.TOKEN_EXCHANGE_AUDIENCE));
        TokenCredential credential = workloadCredential(fake, app, file);
        GraphServiceClient graph = SdkWiring.graphClient(fake, credential, UnaryOperator.identity());
        assertEquals(0, graph.groups().get().getValue().size());
        assertEquals(200, fake.journal().calls(k -> k.kind() == RecordedCall.Kind.TOKEN).get(0).status());
    }

    @Test
    void aFederatedTokenWithAnotherIssuerSubjectOrAudienceIsRefused(FakeGraphTenant fake, @TempDir Path dir)
            throws Exception {
        FakeApp app = fake.registerApp(AppRegistration.builder().federatedCredential(ISSUER, SUBJECT).build());
        String[][] cases = {
            {"https://evil.example", SUBJECT, AppRegistration.TOKEN_EXCHANGE_AUDIENCE, "AADSTS700211"},
            {ISSUER, "system:serviceaccount:equa:other", AppRegistration.TOKEN_EXCHANGE_AUDIENCE, "AADSTS700213"},
            {ISSUER, SUBJECT.toUpperCase(java.util.Locale.ROOT), AppRegistration.TOKEN_EXCHANGE_AUDIENCE,
                "AADSTS700213"},
            {ISSUER, SUBJECT, "api://SomethingElse", "AADSTS700212"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve(UUID.randomUUID().toString());
            Files.writeString(file, federated(fake, c[0], c[1], c[2]));
            String message = error(workloadCredential(fake, app, file));
            assertTrue(message.contains(c[3]), c[3] + " expected in " + message);
        }
    }

    private static Http.Resp post(Http http, FakeApp app, String assertion) {
        return http.token(app.tenantId(), Http.form("grant_type", "client_credentials", "client_id", app.clientId(),
                "scope", SCOPE, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion));
    }

    private static void assertRefused(Http.Resp r, int status, int code) {
        assertEquals(status, r.status(), r.body());
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(code, o.getAsJsonArray("error_codes").get(0).getAsInt(), r.body());
        assertTrue(o.get("error_description").getAsString().startsWith("AADSTS" + code + ":"));
    }

    /** An external (federated) token: unsigned, as the fake does not check the issuer's signature. */
    private static String federated(FakeGraphTenant fake, String iss, String sub, String aud) {
        long now = fake.clock().instant().getEpochSecond();
        JsonObject h = new JsonObject();
        h.addProperty("alg", "none");
        h.addProperty("typ", "JWT");
        JsonObject c = new JsonObject();
        c.addProperty("iss", iss);
        c.addProperty("sub", sub);
        c.addProperty("aud", aud);
        c.addProperty("iat", now);
        c.addProperty("exp", now + 3600);
        return B64.encodeToString(h.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(c.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static String sign(String iss, String sub, String aud, long exp, String alg, HeldCertificate cert)
            throws Exception {
        JsonObject h = new JsonObject();
        h.addProperty("alg", alg);
        h.addProperty("typ", "JWT");
        h.addProperty("x5t", B64.encodeToString(MessageDigest.getInstance("SHA-1")
                .digest(cert.certificate().getEncoded())));
        JsonObject c = new JsonObject();
        c.addProperty("iss", iss);
        c.addProperty("sub", sub);
        c.addProperty("aud", aud);
        c.addProperty("jti", UUID.randomUUID().toString());
        c.addProperty("nbf", exp - 1200);
        c.addProperty("exp", exp);
        String input = B64.encodeToString(h.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(c.toString().getBytes(StandardCharsets.UTF_8));
        PrivateKey key = cert.keyPair().getPrivate();
        Signature s;
        if (alg.equals("PS256")) {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        } else {
            s = Signature.getInstance("SHA256withRSA");
        }
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(s.sign());
    }

}
