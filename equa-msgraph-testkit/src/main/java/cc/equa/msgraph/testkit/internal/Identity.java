package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
     * Answer a token request: the tenant must be known (see {@link #tenantError}), then
     * {@link ClientCredentialsGrant} takes the request through the grant's stages.
     *
     * @param authority the fake's authority root ({@code https://localhost:PORT/}), for client assertion audiences
     */
    public Answer token(String tenant, String body, @Nullable String authorization, @Nullable String correlation,
            Instant now, String authority) {
        return token(tenant, body, authorization, correlation, now, authority, false);
    }

    /**
     * Answer a token request at the v2 endpoint or, with {@code v1}, at the v1 endpoint {@code /{tenant}/oauth2/token}
     * (see {@link ClientCredentialsGrant#answer(String, String, TokenService, boolean)}).
     */
    public Answer token(String tenant, String body, @Nullable String authorization, @Nullable String correlation,
            Instant now, String authority, boolean v1) {
        Answer te = tenantError(tenant, correlation, now);
        if (te != null) {
            return te;
        }
        return new ClientCredentialsGrant(tenant, Objects.requireNonNull(tenants.find(tenant)), parseForm(body),
                correlation, now).answer(authorization, authority, tokens, v1);
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
        o.add("token_endpoint_auth_methods_supported", strings("client_secret_post", "private_key_jwt",
                "client_secret_basic"));
        o.addProperty("jwks_uri", base + "/discovery/keys");
        o.addProperty("issuer", "https://sts.windows.net/" + tid + "/");
        o.addProperty("authorization_endpoint", base + "/oauth2/authorize");
        o.add("id_token_signing_alg_values_supported", strings("RS256"));
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
     * still refused there (a tenant is needed for client credentials).
     */
    private static Answer multiTenantDiscovery(String segment, String authority) {
        String base = authority + segment;
        JsonObject o = new JsonObject();
        o.addProperty("token_endpoint", base + "/oauth2/v2.0/token");
        o.add("token_endpoint_auth_methods_supported", strings("client_secret_post", "private_key_jwt",
                "client_secret_basic"));
        o.addProperty("jwks_uri", base + "/discovery/v2.0/keys");
        o.addProperty("issuer", authority + "{tenantid}/v2.0");
        o.addProperty("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        o.add("id_token_signing_alg_values_supported", strings("RS256"));
        o.add("tenant_region_scope", JsonNull.INSTANCE);
        o.addProperty("cloud_instance_name", "microsoftonline.com");
        o.addProperty("msgraph_host", "graph.microsoft.com");
        return new Answer(200, o, null, null);
    }

    private static JsonArray strings(String... values) {
        JsonArray a = new JsonArray();
        for (String v : values) {
            a.add(v);
        }
        return a;
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
        List<String> publicCloud = new ArrayList<>();
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
        new LinkedHashSet<>(cloud.subList(2, cloud.size())).forEach(aliases::add);
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
