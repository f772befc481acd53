package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenRequestContext;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@FakeGraphTest
class IdentityTest {
    private static final String SCOPE = "https://graph.microsoft.com/.default";

    private static String sdkTokenError(FakeGraphTenant fake, String tenant, String clientId, String secret) {
        // azure-identity 1.18 getTokenSync wraps MSAL's MsalServiceException in a plain RuntimeException
        // (not ClientAuthenticationException); the AADSTS text is in the message chain.
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Sdk.credential(fake, tenant, clientId, secret)
                        .getTokenSync(new TokenRequestContext().addScopes(SCOPE)));
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void tokenIsAnRs256JwtWithEntraClaimsThatVerifiesAgainstTheJwks(FakeGraphTenant fake) throws Exception {
        FakeApp app = Sdk.app(fake, "Group.ReadWrite.All", "User.Read.All");
        Http http = new Http(fake);
        Http.Resp r = http.token(fake.defaultTenant().domain(), Http.form("grant_type", "client_credentials",
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "scope", SCOPE));
        assertEquals(200, r.status());
        assertEquals(3599, r.json().get("expires_in").getAsInt());
        assertEquals("Bearer", r.json().get("token_type").getAsString());
        String[] parts = r.json().get("access_token").getAsString().split("\\.");
        JsonObject header = decode(parts[0]);
        JsonObject claims = decode(parts[1]);
        assertEquals("RS256", header.get("alg").getAsString());
        assertEquals(app.tenantId(), claims.get("tid").getAsString());
        assertEquals(app.clientId(), claims.get("appid").getAsString());
        assertEquals(app.clientId(), claims.get("azp").getAsString());
        assertEquals("https://graph.microsoft.com", claims.get("aud").getAsString());
        assertEquals("app", claims.get("idtyp").getAsString());
        assertEquals("1.0", claims.get("ver").getAsString());
        assertEquals(app.servicePrincipalId(), claims.get("oid").getAsString());
        assertEquals("https://sts.windows.net/" + app.tenantId() + "/", claims.get("iss").getAsString());
        assertEquals(3599, claims.get("exp").getAsLong() - claims.get("iat").getAsLong());
        assertTrue(claims.get("nbf").getAsLong() <= claims.get("iat").getAsLong());
        assertEquals(2, claims.getAsJsonArray("roles").size());

        JsonObject discovery = http.send(HttpRequest.newBuilder(URI.create(fake.authorityHost() + app.tenantId()
                + "/v2.0/.well-known/openid-configuration"))).json();
        assertEquals(fake.authorityHost() + app.tenantId() + "/oauth2/v2.0/token",
                discovery.get("token_endpoint").getAsString());
        JsonObject jwks = http.send(HttpRequest.newBuilder(URI.create(discovery.get("jwks_uri").getAsString())))
                .json();
        JsonObject key = jwks.getAsJsonArray("keys").get(0).getAsJsonObject();
        assertEquals(header.get("kid").getAsString(), key.get("kid").getAsString());
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").getAsString())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").getAsString()))));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initVerify(pub);
        sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(sig.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    private static JsonObject decode(String part) {
        return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    @Test
    void tokenEndpointAcceptsTheSecretInHttpBasicAuth(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake, "Group.Read.All");
        String basic = Base64.getEncoder().encodeToString((app.clientId() + ":" + app.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        Http.Resp r = new Http(fake).send(HttpRequest.newBuilder(URI.create(fake.authorityHost() + app.tenantId()
                + "/oauth2/v2.0/token")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form("grant_type", "client_credentials", "scope",
                        SCOPE))));
        assertEquals(200, r.status());
        assertTrue(r.json().has("access_token"));
    }

    @Test
    void tokenEndpointAnswersEntraShapedErrorsWithTheRightStatus(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake, "Group.Read.All");
        Http http = new Http(fake);
        Http.Resp wrong = http.token(app.tenantId(), Http.form("grant_type", "client_credentials", "client_id",
                app.clientId(), "client_secret", "nope", "scope", SCOPE));
        assertEquals(401, wrong.status());
        JsonObject e = wrong.json();
        assertEquals("invalid_client", e.get("error").getAsString());
        assertTrue(e.get("error_description").getAsString().matches(
                "(?s)AADSTS7000215: .* Trace ID: \\S+ Correlation ID: \\S+ Timestamp: .+"));
        assertEquals(7000215, e.getAsJsonArray("error_codes").get(0).getAsInt());
        for (String field : new String[] {"timestamp", "trace_id", "correlation_id", "error_uri"}) {
            assertTrue(e.has(field), field);
        }
        Http.Resp missing = http.token(app.tenantId(), Http.form("grant_type", "client_credentials", "client_id",
                app.clientId(), "scope", SCOPE));
        assertEquals(400, missing.status());
        assertTrue(missing.json().get("error_description").getAsString().startsWith("AADSTS7000218: "));
        Http.Resp unknownTenant = http.token("fabrikam.onmicrosoft.com", Http.form("grant_type",
                "client_credentials", "client_id", app.clientId(), "client_secret", app.clientSecret()));
        assertEquals(400, unknownTenant.status());
        assertEquals("invalid_tenant", unknownTenant.json().get("error").getAsString());
        Http.Resp malformed = http.token("not_a_tenant", Http.form("grant_type", "client_credentials"));
        assertEquals(400, malformed.status());
        assertEquals("invalid_request", malformed.json().get("error").getAsString());
        assertTrue(malformed.json().get("error_description").getAsString().startsWith("AADSTS900023: "));
        Http.Resp unknownClient = http.token(app.tenantId(), Http.form("grant_type", "client_credentials",
                "client_id", "00000000-0000-0000-0000-00000000dead", "client_secret", "x", "scope", SCOPE));
        assertEquals(400, unknownClient.status());
        assertEquals("unauthorized_client", unknownClient.json().get("error").getAsString());
    }

    @Test
    void azureIdentitySurfacesEachTokenErrorWithItsAadstsCode(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake, "Group.Read.All");
        assertTrue(sdkTokenError(fake, app.tenantId(), app.clientId(), "wrong").contains("AADSTS7000215"));
        assertTrue(sdkTokenError(fake, "3f9d1c2e-0000-4000-8000-000000000001", app.clientId(), app.clientSecret())
                .contains("AADSTS90002"));
        assertTrue(sdkTokenError(fake, "nodots", app.clientId(), app.clientSecret()).contains("AADSTS900023"));
        assertTrue(sdkTokenError(fake, app.tenantId(), "00000000-0000-0000-0000-00000000dead", "x")
                .contains("AADSTS700016"));
    }

    @Test
    void expiredSecretIsRejectedWith7000222ButANewerSecretWorks(FakeGraphTenant fake) {
        FakeApp app = fake.registerApp(AppRegistration.builder().secret("old", Instant.now().minusSeconds(60))
                .secret("new").roles("Group.Read.All").build());
        assertTrue(sdkTokenError(fake, app.tenantId(), app.clientId(), "old").contains("AADSTS7000222"));
        assertFalse(Sdk.credential(fake, app.tenantId(), app.clientId(), "new")
                .getTokenSync(new TokenRequestContext().addScopes(SCOPE)).getToken().isEmpty());
    }

    @Test
    void tenantDomainWorksAsWellAsTheGuid(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake, "Group.Read.All");
        assertFalse(Sdk.credential(fake, fake.defaultTenant().domain(), app.clientId(), app.clientSecret())
                .getTokenSync(new TokenRequestContext().addScopes(SCOPE)).getToken().isEmpty());
    }

    @Test
    void missingAdminConsentGivesATokenWithoutRolesAndA403FromGraph(FakeGraphTenant fake) {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.Read.All").adminConsent(false).build());
        String token = new Http(fake).accessToken(app);
        assertFalse(decode(token.split("\\.")[1]).has("roles"));
        ODataError e = assertThrows(ODataError.class, () -> Sdk.graph(fake, app).groups().get());
        assertEquals(403, e.getResponseStatusCode());
        assertEquals("Authorization_RequestDenied", e.getError().getCode());
        assertEquals("Insufficient privileges to complete the operation.", e.getError().getMessage());
    }

    @Test
    void graphRejectsMissingForeignAndExpiredTokensWith401(FakeGraphTenant fake) {
        Http http = new Http(fake);
        assertEquals("InvalidAuthenticationToken", http.get("/groups", null).errorCode());
        assertEquals(401, http.get("/groups", "not.a.jwt").status());
        try (FakeGraphTenant other = FakeGraphTenant.startNew()) {
            String foreign = new Http(other).accessToken(Sdk.app(other, "Group.Read.All"));
            Http.Resp r = http.get("/groups", foreign);
            assertEquals(401, r.status());
            assertEquals("InvalidAuthenticationToken", r.errorCode());
        }
    }

    @Test
    void graphRejectsATokenOnceItExpiresOnVirtualTime() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            Http http = new Http(fake);
            String token = http.accessToken(Sdk.app(fake, "Group.Read.All"));
            assertEquals(200, http.get("/groups", token).status());
            fake.advanceTime(Duration.ofSeconds(3600));
            Http.Resp r = http.get("/groups", token);
            assertEquals(401, r.status());
            assertEquals("InvalidAuthenticationToken", r.errorCode());
        }
    }
}
