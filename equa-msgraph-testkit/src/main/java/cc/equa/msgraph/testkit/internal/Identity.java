package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The Entra ID side: token endpoint, discovery and JWKS. */
public final class Identity {
    static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern DNS = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    /**
     * The public cloud's authority host and its aliases, as instance discovery lists them (MSAL4J's
     * {@code AadInstanceDiscoveryProvider.TRUSTED_HOSTS_SET} trusts the same four): a token issued through one is valid
     * for all.
     */
    static final List<String> LOGIN_HOSTS = List.of("login.microsoftonline.com", "login.windows.net",
            "login.microsoft.com", "sts.windows.net");
    /**
     * The other clouds' entries of the instance discovery answer, each {@code preferred_network, preferred_cache,
     * aliases...}. The fake serves none of them; they are listed because a client may check that they are there.
     */
    private static final List<List<String>> SOVEREIGN_CLOUDS = List.of(
            List.of("login.partner.microsoftonline.cn", "login.partner.microsoftonline.cn",
                    "login.partner.microsoftonline.cn", "login.chinacloudapi.cn"),
            List.of("login.microsoftonline.de", "login.microsoftonline.de", "login.microsoftonline.de"),
            List.of("login.microsoftonline.us", "login.microsoftonline.us", "login.microsoftonline.us",
                    "login.usgovcloudapi.net"),
            List.of("login-us.microsoftonline.com", "login-us.microsoftonline.com", "login-us.microsoftonline.com"));
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** An answer of the identity side. */
    public record Answer(int status, JsonObject body, @Nullable String clientId, @Nullable String tenantId) {
    }

    /** Lookup of tenants by id or domain. */
    public interface Tenants {
        @Nullable TenantState find(String idOrDomain);
    }

    private final TokenService tokens;
    private final Tenants tenants;

    public Identity(TokenService tokens, Tenants tenants) {
        this.tokens = tokens;
        this.tenants = tenants;
    }

    /** Result of checking the tenant segment: the tenant or an error answer. */
    private @Nullable Answer tenantError(String tenant, @Nullable String correlation, Instant now) {
        String lower = tenant.toLowerCase(Locale.ROOT);
        if (Set.of("common", "consumers", "organizations").contains(lower)) {
            return error(400, "invalid_request", 9001023, "The grant type isn't supported over the /common or "
                    + "/consumers endpoints. Please use the /organizations or tenant-specific endpoint.", correlation,
                    now, null, null);
        }
        if (!GUID.matcher(tenant).matches() && !DNS.matcher(tenant).matches()) {
            return error(400, "invalid_request", 900023, "Specified tenant identifier '" + tenant
                    + "' is neither a valid DNS name, nor a valid external domain.", correlation, now, null, null);
        }
        if (GUID.matcher(tenant).matches() && UUID.fromString(tenant).equals(new UUID(0, 0))) {
            return error(400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found. Tenant identifiers may "
                    + "not be an empty GUID.", correlation, now, null, null);
        }
        if (tenants.find(tenant) == null) {
            return error(400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found. Check to make sure you "
                    + "have the correct tenant ID and are signing into the correct cloud. Check with your "
                    + "subscription administrator, this may happen if there are no active subscriptions for the "
                    + "tenant.", correlation, now, null, null);
        }
        return null;
    }

    public Answer token(String tenant, String body, @Nullable String authorization, @Nullable String correlation,
            Instant now) {
        return token(tenant, body, authorization, correlation, now, "https://localhost/");
    }

    /**
     * Answer a token request.
     *
     * @param authority the fake's authority root ({@code https://localhost:PORT/}), for client assertion audiences
     */
    public Answer token(String tenant, String body, @Nullable String authorization, @Nullable String correlation,
            Instant now, String authority) {
        return token(tenant, body, authorization, correlation, now, authority, false);
    }

    /**
     * Answer a token request at the v2 endpoint or, with {@code v1}, at the v1 endpoint {@code /{tenant}/oauth2/token},
     * which takes {@code resource} instead of {@code scope} and answers the v1 shape ({@code expires_in},
     * {@code ext_expires_in}, {@code expires_on}, {@code not_before} as strings, and {@code resource})
     * (https://learn.microsoft.com/en-us/previous-versions/azure/active-directory/azuread-dev/v1-oauth2-client-creds-grant-flow).
     */
    public Answer token(String tenant, String body, @Nullable String authorization, @Nullable String correlation,
            Instant now, String authority, boolean v1) {
        Answer te = tenantError(tenant, correlation, now);
        if (te != null) {
            return te;
        }
        TenantState t = tenants.find(tenant);
        Map<String, String> form = parseForm(body);
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String dec = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = dec.indexOf(':');
                if (colon > 0) {
                    clientId = URLDecoder.decode(dec.substring(0, colon), StandardCharsets.UTF_8);
                    secret = URLDecoder.decode(dec.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return error(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or "
                        + "'request' is required for the 'client_credentials' grant type.", correlation, now, null,
                        t.info.tenantId());
            }
        }
        String tid = t.info.tenantId();
        String grant = form.get("grant_type");
        if (grant == null) {
            return error(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                    + "'grant_type'.", correlation, now, clientId, tid);
        }
        if (!grant.equals("client_credentials")) {
            return error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
                    + grant + "'.", correlation, now, clientId, tid);
        }
        if (clientId == null || clientId.isBlank()) {
            return error(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                    + "'client_id'.", correlation, now, null, tid);
        }
        TenantState.AppState app;
        synchronized (t.lock) {
            app = t.apps.get(clientId.toLowerCase(Locale.ROOT));
        }
        if (app == null) {
            return error(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + t.info.domain() + "'. This can happen if the "
                    + "application has not been installed by the administrator of the tenant or consented to by any "
                    + "user in the tenant. You may have sent your authentication request to the wrong tenant.",
                    correlation, now, clientId, tid);
        }
        boolean assertion = false;
        if (secret == null || secret.isEmpty()) {
            String clientAssertion = form.get("client_assertion");
            if (clientAssertion == null || clientAssertion.isEmpty()) {
                return error(400, "invalid_request", 7000218, "The request body must contain the following "
                        + "parameter: 'client_assertion' or 'client_secret'.", correlation, now, clientId, tid);
            }
            List<String> audiences = new java.util.ArrayList<>();
            for (String seg : new java.util.LinkedHashSet<>(List.of(tenant, tid, t.info.domain()))) {
                audiences.add(authority + seg + "/oauth2/v2.0/token");
                audiences.add(authority + seg + "/oauth2/token");
            }
            ClientAssertions.Refusal refusal;
            synchronized (t.lock) {
                refusal = ClientAssertions.check(clientAssertion, form.get("client_assertion_type"), clientId, app,
                        audiences, now);
            }
            if (refusal != null) {
                return error(refusal.status(), refusal.error(), refusal.code(), refusal.message(), correlation, now,
                        clientId, tid);
            }
            assertion = true;
        }
        List<String> roles;
        boolean matched = assertion;
        boolean expired = false;
        synchronized (t.lock) {
            for (TenantState.Secret s : app.secrets) {
                if (!assertion && s.value().equals(secret)) {
                    if (s.expires() != null && !now.isBefore(s.expires())) {
                        expired = true;
                    } else {
                        matched = true;
                    }
                }
            }
            roles = app.adminConsent ? List.copyOf(app.roles) : List.of();
            if (!app.enabled) {
                return error(400, "unauthorized_client", 7000112, "Application '" + clientId + "' is disabled.",
                        correlation, now, clientId, tid);
            }
        }
        if (!matched) {
            if (expired) {
                return error(401, "invalid_client", 7000222, "The provided client secret keys for app '" + clientId
                        + "' are expired. Visit the Azure portal to create new keys for your app: "
                        + "https://aka.ms/NewClientSecret, or consider using certificate credentials for added "
                        + "security: https://aka.ms/certCreds.", correlation, now, clientId, tid);
            }
            return error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent "
                    + "in the request is the client secret value, not the client secret ID, for a secret added to app '"
                    + clientId + "'.", correlation, now, clientId, tid);
        }
        if (v1) {
            String resource = form.get("resource");
            if (resource == null || resource.isBlank()) {
                return error(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                        + "'resource'.", correlation, now, clientId, tid);
            }
            String r = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
            if (!r.equals("https://graph.microsoft.com") && !r.equals(TokenService.GRAPH_APP_ID)) {
                return error(400, "invalid_resource", 500011, "The resource principal named " + resource
                        + " was not found in the tenant named " + t.info.domain() + ".", correlation, now, clientId,
                        tid);
            }
            JsonObject ok = new JsonObject();
            ok.addProperty("token_type", "Bearer");
            ok.addProperty("expires_in", Long.toString(tokens.lifetimeSeconds()));
            ok.addProperty("ext_expires_in", Long.toString(tokens.lifetimeSeconds()));
            ok.addProperty("expires_on", Long.toString(now.getEpochSecond() + tokens.lifetimeSeconds()));
            ok.addProperty("not_before", Long.toString(now.getEpochSecond()));
            ok.addProperty("resource", resource);
            ok.addProperty("access_token", tokens.issue(tid, app.clientId, app.servicePrincipalId, roles, now,
                    assertion ? "2" : "1"));
            return new Answer(200, ok, clientId, tid);
        }
        String scope = form.getOrDefault("scope", "");
        boolean graphDefault = false;
        for (String sc : scope.split(" ")) {
            if (sc.equals("https://graph.microsoft.com/.default") || sc.equals("https://graph.microsoft.com//.default")
                    || sc.equals(TokenService.GRAPH_APP_ID + "/.default")) {
                graphDefault = true;
            } else if (sc.endsWith("/.default")) {
                return error(400, "invalid_resource", 500011, "The resource principal named "
                        + sc.substring(0, sc.length() - 9) + " was not found in the tenant named " + t.info.domain()
                        + ".", correlation, now, clientId, tid);
            }
        }
        if (!graphDefault) {
            return error(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid. "
                    + "Client credential flows must have a scope value with /.default suffixed to the resource "
                    + "identifier (application ID URI).", correlation, now, clientId, tid);
        }
        JsonObject ok = new JsonObject();
        ok.addProperty("token_type", "Bearer");
        ok.addProperty("expires_in", tokens.lifetimeSeconds());
        ok.addProperty("ext_expires_in", tokens.lifetimeSeconds());
        ok.addProperty("access_token", tokens.issue(tid, app.clientId, app.servicePrincipalId, roles, now,
                assertion ? "2" : "1"));
        return new Answer(200, ok, clientId, tid);
    }

    /**
     * The v1 OpenID configuration, {@code /{tenant}/.well-known/openid-configuration}: v1 endpoints and the v1
     * issuer {@code https://sts.windows.net/{tid}/}, which is also the issuer of the fake's tokens
     * (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens: v1.0 tokens' {@code iss}).
     */
    public Answer discoveryV1(String tenant, String authority, @Nullable String correlation, Instant now) {
        Answer te = tenantError(tenant, correlation, now);
        if (te != null) {
            return te;
        }
        String tid = tenants.find(tenant).info.tenantId();
        String base = authority + tid;
        JsonObject o = new JsonObject();
        o.addProperty("token_endpoint", base + "/oauth2/token");
        JsonArray auth = new JsonArray();
        auth.add("client_secret_post");
        auth.add("private_key_jwt");
        auth.add("client_secret_basic");
        o.add("token_endpoint_auth_methods_supported", auth);
        o.addProperty("jwks_uri", base + "/discovery/keys");
        o.addProperty("issuer", "https://sts.windows.net/" + tid + "/");
        o.addProperty("authorization_endpoint", base + "/oauth2/authorize");
        JsonArray alg = new JsonArray();
        alg.add("RS256");
        o.add("id_token_signing_alg_values_supported", alg);
        o.addProperty("tenant_region_scope", "EU");
        o.addProperty("cloud_instance_name", "microsoftonline.com");
        o.addProperty("msgraph_host", "graph.microsoft.com");
        return new Answer(200, o, null, tid);
    }

    public Answer discovery(String tenant, String authority, @Nullable String correlation, Instant now) {
        String lower = tenant.toLowerCase(Locale.ROOT);
        if (lower.equals("common") || lower.equals("organizations")) {
            return multiTenantDiscovery(lower, authority);
        }
        Answer te = tenantError(tenant, correlation, now);
        if (te != null) {
            return te;
        }
        String tid = tenants.find(tenant).info.tenantId();
        String base = authority + tid;
        JsonObject o = new JsonObject();
        o.addProperty("token_endpoint", base + "/oauth2/v2.0/token");
        JsonArray auth = new JsonArray();
        auth.add("client_secret_post");
        auth.add("private_key_jwt");
        auth.add("client_secret_basic");
        o.add("token_endpoint_auth_methods_supported", auth);
        o.addProperty("jwks_uri", base + "/discovery/v2.0/keys");
        o.addProperty("issuer", base + "/v2.0");
        o.addProperty("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        JsonArray grants = new JsonArray();
        grants.add("client_credentials");
        o.add("grant_types_supported", grants);
        JsonArray alg = new JsonArray();
        alg.add("RS256");
        o.add("id_token_signing_alg_values_supported", alg);
        o.addProperty("tenant_region_scope", "EU");
        o.addProperty("cloud_instance_name", "microsoftonline.com");
        o.addProperty("msgraph_host", "graph.microsoft.com");
        return new Answer(200, o, null, tid);
    }

    /**
     * The OpenID configuration of {@code /common} and {@code /organizations}: endpoints under that segment and the
     * issuer with the literal {@code {tenantid}} placeholder, as Entra serves it
     * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri;
     * the placeholder issuer quoted from a live answer in https://github.com/coreos/go-oidc/issues/121). Tokens are
     * still refused there (AADSTS9001023 / a tenant is needed for client credentials).
     */
    private static Answer multiTenantDiscovery(String segment, String authority) {
        String base = authority + segment;
        JsonObject o = new JsonObject();
        o.addProperty("token_endpoint", base + "/oauth2/v2.0/token");
        JsonArray auth = new JsonArray();
        auth.add("client_secret_post");
        auth.add("private_key_jwt");
        auth.add("client_secret_basic");
        o.add("token_endpoint_auth_methods_supported", auth);
        o.addProperty("jwks_uri", base + "/discovery/v2.0/keys");
        o.addProperty("issuer", authority + "{tenantid}/v2.0");
        o.addProperty("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        JsonArray alg = new JsonArray();
        alg.add("RS256");
        o.add("id_token_signing_alg_values_supported", alg);
        o.add("tenant_region_scope", com.google.gson.JsonNull.INSTANCE);
        o.addProperty("cloud_instance_name", "microsoftonline.com");
        o.addProperty("msgraph_host", "graph.microsoft.com");
        return new Answer(200, o, null, null);
    }

    /**
     * Instance discovery, the call MSAL makes before its first token: {@code GET
     * /{common|tenant}/discovery/instance?api-version=1.1&authorization_endpoint=https://HOST/TENANT/oauth2/v2.0/authorize}.
     * It answers where the tenant's OpenID configuration is and which hosts are aliases of one another
     * ({@code preferred_network} to call, {@code preferred_cache} to key the token cache). The shape is MSAL4J's
     * {@code AadInstanceDiscoveryResponse}/{@code InstanceDiscoveryMetadataEntry}; see
     * https://learn.microsoft.com/en-us/entra/msal/dotnet/advanced/instance-discovery (what the call is for) and
     * https://github.com/AzureAD/microsoft-authentication-library-for-java/blob/dev/msal4j-sdk/src/main/java/com/microsoft/aad/msal4j/AadInstanceDiscoveryProvider.java
     * (the request MSAL sends, and that a 400 {@code invalid_instance} makes it refuse the authority).
     *
     * <p>Only Microsoft's public-cloud hosts are known instances, the fake's own {@code localhost} included: as with
     * Entra, a client that validates an authority on another host is refused, and must turn validation off.
     *
     * @param authorizationEndpoint the {@code authorization_endpoint} query parameter, if any
     */
    public Answer instanceDiscovery(@Nullable String authorizationEndpoint, @Nullable String correlation,
            Instant now) {
        if (authorizationEndpoint == null || authorizationEndpoint.isBlank()) {
            return error(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                    + "'authorization_endpoint'.", correlation, now, null, null);
        }
        okhttp3.HttpUrl authorize = okhttp3.HttpUrl.parse(authorizationEndpoint);
        String host = authorize == null ? "" : authorize.host().toLowerCase(Locale.ROOT);
        String hostPort = authorize == null ? "" : authorize.port() == 443 ? host : host + ":" + authorize.port();
        boolean known = authorize != null && authorize.isHttps() && !authorize.pathSegments().get(0).isEmpty()
                && LOGIN_HOSTS.contains(host);
        if (!known) {
            // AADSTS50049, the answer for an authority that is not a Microsoft cloud (MSAL then refuses to sign in)
            return error(400, "invalid_instance", 50049, "Unknown or invalid instance.", correlation, now, null,
                    null);
        }
        String tenant = authorize.pathSegments().get(0);
        JsonObject o = new JsonObject();
        o.addProperty("tenant_discovery_endpoint", "https://" + hostPort + "/" + tenant
                + "/v2.0/.well-known/openid-configuration");
        o.addProperty("api-version", "1.1");
        JsonArray metadata = new JsonArray();
        List<String> publicCloud = new java.util.ArrayList<>();
        publicCloud.add("login.microsoftonline.com");
        publicCloud.add("login.windows.net");
        publicCloud.addAll(LOGIN_HOSTS);
        metadata.add(metadataEntry(publicCloud));
        SOVEREIGN_CLOUDS.forEach(c -> metadata.add(metadataEntry(c)));
        o.add("metadata", metadata);
        return new Answer(200, o, null, null);
    }

    /** One cloud: preferred network host, preferred cache host, then the aliases (duplicates dropped). */
    private static JsonObject metadataEntry(List<String> cloud) {
        JsonObject e = new JsonObject();
        e.addProperty("preferred_network", cloud.get(0));
        e.addProperty("preferred_cache", cloud.get(1));
        JsonArray aliases = new JsonArray();
        new java.util.LinkedHashSet<>(cloud.subList(2, cloud.size())).forEach(aliases::add);
        e.add("aliases", aliases);
        return e;
    }

    public Answer keys(String tenant, @Nullable String correlation, Instant now) {
        Answer te = tenantError(tenant, correlation, now);
        if (te != null) {
            return te;
        }
        return new Answer(200, tokens.jwks(), null, tenants.find(tenant).info.tenantId());
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> out = new HashMap<>();
        for (String part : body.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    static Answer error(int status, String error, int code, String message, @Nullable String correlation,
            Instant now, @Nullable String clientId, @Nullable String tenantId) {
        String trace = UUID.randomUUID().toString();
        String corr = correlation != null ? correlation : UUID.randomUUID().toString();
        String ts = TS.format(now);
        JsonObject o = new JsonObject();
        o.addProperty("error", error);
        o.addProperty("error_description", "AADSTS" + code + ": " + message + " Trace ID: " + trace
                + " Correlation ID: " + corr + " Timestamp: " + ts);
        JsonArray codes = new JsonArray();
        codes.add(code);
        o.add("error_codes", codes);
        o.addProperty("timestamp", ts);
        o.addProperty("trace_id", trace);
        o.addProperty("correlation_id", corr);
        o.addProperty("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return new Answer(status, o, clientId, tenantId);
    }
}
