package cc.equa.msgraph.testkit.attack;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.MsalCaches;
import cc.equa.msgraph.testkit.RecordedCall;
import com.google.gson.JsonObject;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.TokenSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MSAL4J as a third party configures it: Microsoft's authority URLs, authority validation and instance discovery on
 * (the defaults), routed to the standalone fake by its proxy. Each test names what real Entra does.
 */
class MsalAuthorityAttackTest {
    private static Routed routed;
    private static String tid;

    @BeforeAll
    static void start() {
        routed = Routed.start();
        tid = routed.fake.defaultTenant().tenantId();
    }

    @AfterAll
    static void stop() {
        routed.close();
    }

    @BeforeEach
    void fresh() throws Exception {
        MsalCaches.forgetInstanceDiscovery();
        routed.fake.journal().clear();
    }

    private static IAuthenticationResult acquire(ConfidentialClientApplication app) throws Exception {
        return app.acquireToken(ClientCredentialParameters.builder(Set.of(Routed.SCOPE)).build()).get();
    }

    /** MSAL's app-token cache: the second call must not reach the token endpoint (nor rediscover). */
    @Test
    void tenantIdAuthorityTokenIsCachedOnTheSecondCall() throws Exception {
        FakeApp app = routed.app("User.Read.All");
        ConfidentialClientApplication msal = routed.msal(app, "https://login.microsoftonline.com/" + tid + "/");
        IAuthenticationResult first = acquire(msal);
        IAuthenticationResult second = acquire(msal);
        assertEquals(1, routed.fake.journal().tokenRequests());
        assertEquals(TokenSource.IDENTITY_PROVIDER, first.metadata().tokenSource());
        assertEquals(first.accessToken(), second.accessToken());
        // and the token works on Graph under graph.microsoft.com
        assertEquals(200, routed.call("GET", "/users", second.accessToken(), null).status());
    }

    /** login.windows.net is an alias of the public cloud (instance discovery's aliases): MSAL signs in through it. */
    @Test
    void loginWindowsNetAliasAuthoritySignsInWithValidationOn() throws Exception {
        FakeApp app = routed.app("User.Read.All");
        IAuthenticationResult token = acquire(routed.msal(app, "https://login.windows.net/" + Routed.DOMAIN + "/"));
        assertFalse(token.accessToken().isEmpty());
        assertEquals(200, routed.call("GET", "/users", token.accessToken(), null).status());
        List<RecordedCall> identity = routed.fake.journal().calls().stream()
                .filter(c -> c.kind() != RecordedCall.Kind.GRAPH).toList();
        assertTrue(identity.stream().anyMatch(c -> c.path().endsWith("/oauth2/v2.0/token") && c.status() == 200),
                identity.toString());
    }

    /** A tenant domain of a tenant that does not exist: Entra 400 invalid_tenant AADSTS90002, MSAL surfaces it. */
    @Test
    void unknownTenantDomainIsRefusedAsEntraRefusesIt() throws Exception {
        FakeApp app = routed.app("User.Read.All");
        ExecutionException e = assertThrows(ExecutionException.class, () -> acquire(
                routed.msal(app, "https://login.microsoftonline.com/nosuchtenant.onmicrosoft.com/")));
        MsalServiceException msal = assertInstanceOf(MsalServiceException.class, e.getCause());
        assertEquals("invalid_tenant", msal.errorCode());
        assertTrue(msal.getMessage().contains("AADSTS90002"), msal.getMessage());
    }

    /**
     * Client credentials against /common: Entra refuses (AADSTS9001023, "The grant type is not supported over the
     * /common or /consumers endpoints"); against /organizations it refuses too (no tenant to issue an app token for;
     * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow: "tenant ... the
     * directory tenant the application plans to operate against, in GUID or domain-name format").
     */
    @Test
    void commonAndOrganizationsAuthoritiesGiveNoAppToken() throws Exception {
        FakeApp app = routed.app("User.Read.All");
        for (String t : List.of("common", "organizations")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> acquire(routed.msal(app, "https://login.microsoftonline.com/" + t + "/")), t);
            assertInstanceOf(MsalServiceException.class, e.getCause(), t + ": " + e.getCause());
            assertTrue(e.getCause().getMessage().contains("AADSTS"), t + ": " + e.getCause().getMessage());
        }
        // each refusal is one answer, not a timeout or a 5xx MSAL retries
        List<String> tokenCalls = routed.fake.journal().calls().stream()
                .filter(c -> c.path().endsWith("/oauth2/v2.0/token")).map(c -> c.path() + " " + c.status()).toList();
        assertEquals(List.of("/common/oauth2/v2.0/token 400", "/organizations/oauth2/v2.0/token 400"), tokenCalls,
                routed.fake.journal().calls().toString());
    }

    /**
     * Instance discovery validates the host, not the tenant: Entra answers 200 for /common (MSAL.NET's instance
     * discovery doc shows the call for the common authority,
     * https://learn.microsoft.com/en-us/entra/msal/dotnet/advanced/instance-discovery) and names that authority's
     * OpenID configuration.
     */
    @Test
    void instanceDiscoveryForTheCommonAuthorityAnswers200() throws Exception {
        Routed.Resp r = routed.call("GET", "https://login.microsoftonline.com/common/discovery/instance?api-version=1.1"
                + "&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2Fcommon%2Foauth2%2Fv2.0%2Fauthorize",
                null, null);
        assertEquals(200, r.status(), r.toString());
        assertEquals("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                r.json().getAsJsonObject().get("tenant_discovery_endpoint").getAsString());
    }

    /**
     * The OpenID configuration of the multi-tenant authorities: Entra serves it (issuer with the literal
     * {tenantid} placeholder); MSAL Node/Python/.NET fetch it for /common and /organizations authorities.
     * https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
     * (the {tenantid} issuer of /common is quoted from a live answer in https://github.com/coreos/go-oidc/issues/121).
     */
    @Test
    void openIdConfigurationOfCommonAndOrganizationsIsServed() throws Exception {
        assertAll(List.of("common", "organizations").stream().map(t -> () -> {
            Routed.Resp r = routed.call("GET", "https://login.microsoftonline.com/" + t
                    + "/v2.0/.well-known/openid-configuration", null, null);
            assertEquals(200, r.status(), t + " " + r);
            JsonObject o = r.json().getAsJsonObject();
            assertEquals("https://login.microsoftonline.com/{tenantid}/v2.0", o.get("issuer").getAsString());
            assertEquals("https://login.microsoftonline.com/" + t + "/oauth2/v2.0/token",
                    o.get("token_endpoint").getAsString());
        }));
    }

    /**
     * The fields msal-common's isOpenIdConfigResponse requires (authorization_endpoint, token_endpoint, issuer,
     * jwks_uri) and the keys behind jwks_uri: without them msal-node refuses the authority.
     */
    @Test
    void openIdConfigurationHasTheFieldsMsalRequiresAndItsJwksUriAnswers() throws Exception {
        Routed.Resp r = routed.call("GET", "https://login.microsoftonline.com/" + Routed.DOMAIN
                + "/v2.0/.well-known/openid-configuration", null, null);
        assertEquals(200, r.status(), r.toString());
        JsonObject o = r.json().getAsJsonObject();
        for (String f : List.of("authorization_endpoint", "token_endpoint", "issuer", "jwks_uri")) {
            assertTrue(o.has(f), f + " missing: " + o);
        }
        assertEquals("https://login.microsoftonline.com/" + tid + "/oauth2/v2.0/authorize",
                o.get("authorization_endpoint").getAsString());
        Routed.Resp keys = routed.call("GET", o.get("jwks_uri").getAsString(), null, null);
        assertEquals(200, keys.status(), keys.toString());
        assertFalse(keys.json().getAsJsonObject().getAsJsonArray("keys").isEmpty());
    }

    /**
     * The v1 OpenID configuration (/{tenant}/.well-known/openid-configuration, no v2.0) that ADAL-era clients and
     * some OIDC libraries read: Entra serves it with token_endpoint .../oauth2/token and issuer
     * https://sts.windows.net/{tid}/ (the issuer of the fake's own v1 tokens).
     */
    @Test
    void v1OpenIdConfigurationIsServed() throws Exception {
        Routed.Resp r = routed.call("GET", "https://login.microsoftonline.com/" + Routed.DOMAIN
                + "/.well-known/openid-configuration", null, null);
        assertEquals(200, r.status(), r.toString());
        JsonObject o = r.json().getAsJsonObject();
        assertEquals("https://sts.windows.net/" + tid + "/", o.get("issuer").getAsString());
        assertEquals("https://login.microsoftonline.com/" + tid + "/oauth2/token",
                o.get("token_endpoint").getAsString());
    }

    /** Instance discovery's answer: every alias of the public cloud listed once, sovereign clouds separate. */
    @Test
    void instanceDiscoveryAliasesAreConsistentAcrossAliasHosts() throws Exception {
        for (String host : List.of("login.windows.net", "login.microsoft.com", "sts.windows.net")) {
            Routed.Resp r = routed.call("GET", "https://" + host + "/common/discovery/instance?api-version=1.1"
                    + "&authorization_endpoint=https%3A%2F%2F" + host + "%2F" + Routed.DOMAIN
                    + "%2Foauth2%2Fv2.0%2Fauthorize", null, null);
            assertEquals(200, r.status(), host + " " + r);
            JsonObject o = r.json().getAsJsonObject();
            assertEquals("https://" + host + "/" + Routed.DOMAIN + "/v2.0/.well-known/openid-configuration",
                    o.get("tenant_discovery_endpoint").getAsString(), host);
            var aliases = o.getAsJsonArray("metadata").asList().stream()
                    .flatMap(m -> m.getAsJsonObject().getAsJsonArray("aliases").asList().stream())
                    .map(e -> e.getAsString()).toList();
            assertEquals(aliases.size(), aliases.stream().distinct().count(), aliases.toString());
            assertTrue(aliases.contains(host), aliases.toString());
        }
    }

    /**
     * Connectors often ask for the Graph app id's default scope instead of the URL form; Entra issues the same Graph
     * token for {@code 00000003-0000-0000-c000-000000000000/.default}
     * (https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc#the-default-scope).
     */
    @Test
    void graphAppIdScopeGivesAGraphToken() throws Exception {
        FakeApp app = routed.app("User.Read.All");
        IAuthenticationResult token = routed.msal(app, "https://login.microsoftonline.com/" + tid + "/")
                .acquireToken(ClientCredentialParameters.builder(
                        Set.of("00000003-0000-0000-c000-000000000000/.default")).build()).get();
        assertEquals(200, routed.call("GET", "/users", token.accessToken(), null).status());
    }

    /**
     * The v1 token endpoint (POST /{tenant}/oauth2/token with resource=https://graph.microsoft.com), which ADAL-era
     * and some current connectors still use: Entra issues a v1 Graph token
     * (https://learn.microsoft.com/en-us/previous-versions/azure/active-directory/azuread-dev/v1-oauth2-client-creds-grant-flow).
     */
    @Test
    void v1TokenEndpointWithResourceGivesAGraphToken() throws Exception {
        FakeApp app = routed.app("User.Read.All");
        okhttp3.FormBody form = new okhttp3.FormBody.Builder().add("grant_type", "client_credentials")
                .add("client_id", app.clientId()).add("client_secret", app.clientSecret())
                .add("resource", "https://graph.microsoft.com").build();
        try (okhttp3.Response r = routed.http.newCall(new okhttp3.Request.Builder()
                .url("https://login.microsoftonline.com/" + Routed.DOMAIN + "/oauth2/token").post(form).build())
                .execute()) {
            String body = r.body().string();
            assertEquals(200, r.code(), body);
            String access = com.google.gson.JsonParser.parseString(body).getAsJsonObject().get("access_token")
                    .getAsString();
            assertEquals(200, routed.call("GET", "/users", access, null).status());
        }
    }
}
