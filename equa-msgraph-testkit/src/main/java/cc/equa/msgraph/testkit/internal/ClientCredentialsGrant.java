package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One token request of the OAuth 2.0 client credentials grant, as the Microsoft identity platform serves it
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow, GB §1.1), for a
 * tenant {@link Identity} has already found. The request passes the stages of {@link #answer} in a fixed order and
 * the first refusal is the answer; refusals carry the AADSTS codes of
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (GB §1.3). Each stage records what
 * it found (the client id and secret, the app, the roles) for the next.
 */
final class ClientCredentialsGrant {
    private final String segment;
    private final TenantState tenant;
    private final String tenantId;
    private final Map<String, String> form;
    private final @Nullable String correlation;
    private final Instant now;
    private @Nullable String clientId;
    private @Nullable String secret;
    private TenantState.@Nullable AppState app;
    private List<String> roles = List.of();

    /**
     * @param segment the tenant as the client named it in the path (id or domain)
     * @param form the request's form fields
     */
    ClientCredentialsGrant(String segment, TenantState tenant, Map<String, String> form, @Nullable String correlation,
            Instant now) {
        this.segment = segment;
        this.tenant = tenant;
        this.tenantId = tenant.info.tenantId();
        this.form = form;
        this.correlation = correlation;
        this.now = now;
        this.clientId = form.get("client_id");
        this.secret = form.get("client_secret");
    }

    /**
     * The stages: read the client's credentials, check the form, find the app, check an assertion, check the app's
     * state and its secret, check the scope; then mint the token.
     *
     * @param authorization the {@code Authorization} header, if any
     * @param authority the fake's authority root ({@code https://localhost:PORT/}), for client assertion audiences
     */
    Identity.Answer answer(@Nullable String authorization, String authority, TokenService tokens) {
        return answer(authorization, authority, tokens, false);
    }

    /**
     * The stages as above; with {@code v1} the v1 endpoint {@code /{tenant}/oauth2/token}, which takes
     * {@code resource} instead of {@code scope} and answers the v1 shape
     * (https://learn.microsoft.com/en-us/previous-versions/azure/active-directory/azuread-dev/v1-oauth2-client-creds-grant-flow).
     */
    Identity.Answer answer(@Nullable String authorization, String authority, TokenService tokens, boolean v1) {
        Identity.Answer refusal = readClient(authorization);
        if (refusal == null) {
            refusal = checkForm();
        }
        if (refusal == null) {
            refusal = findApp();
        }
        if (refusal == null && assertion()) {
            refusal = checkAssertion(authority);
        }
        if (refusal == null) {
            refusal = checkAppAndSecret();
        }
        if (refusal == null && v1) {
            return mintV1(tokens);
        }
        if (refusal == null) {
            refusal = checkScope();
        }
        return refusal != null ? refusal : mint(tokens);
    }

    /**
     * The client's id and secret: from the form ({@code client_secret_post}), or from an HTTP Basic header
     * ({@code client_secret_basic}, RFC 6749 §2.3.1: each part form-encoded, then base64), which wins; Entra accepts
     * both (GB §1.1). A header that can't be decoded is refused as if no credential came (AADSTS7000216).
     */
    private Identity.@Nullable Answer readClient(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String dec = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = dec.indexOf(':');
            if (colon > 0) {
                clientId = URLDecoder.decode(dec.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(dec.substring(colon + 1), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            return refuseUnnamed(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or "
                    + "'request' is required for the 'client_credentials' grant type.");
        }
        return null;
    }

    /**
     * The form: {@code grant_type} must be there and be {@code client_credentials}, the only grant the fake serves
     * (AADSTS900144, 70003), and so must {@code client_id} (AADSTS900144).
     */
    private Identity.@Nullable Answer checkForm() {
        String grant = form.get("grant_type");
        if (grant == null) {
            return refuse(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                    + "'grant_type'.");
        }
        if (!grant.equals("client_credentials")) {
            return refuse(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
                    + grant + "'.");
        }
        if (clientId == null || clientId.isBlank()) {
            return refuseUnnamed(400, "invalid_request", 900144, "The request body must contain the following "
                    + "parameter: 'client_id'.");
        }
        return null;
    }

    /** The app must be registered in this tenant (AADSTS700016: 400 {@code unauthorized_client}, GB §1.3). */
    private Identity.@Nullable Answer findApp() {
        String id = Objects.requireNonNull(clientId);
        synchronized (tenant.lock) {
            app = tenant.apps.get(id.toLowerCase(Locale.ROOT));
        }
        if (app == null) {
            return refuse(400, "unauthorized_client", 700016, "Application with identifier '" + id
                    + "' was not found in the directory '" + tenant.info.domain() + "'. This can happen if the "
                    + "application has not been installed by the administrator of the tenant or consented to by any "
                    + "user in the tenant. You may have sent your authentication request to the wrong tenant.");
        }
        return null;
    }

    /** Without a secret, the client proves who it is with a {@code client_assertion}. */
    private boolean assertion() {
        return secret == null || secret.isEmpty();
    }

    /**
     * The assertion must be there (AADSTS7000218) and pass {@link ClientAssertions}: the app's own JWT signed with a
     * registered certificate (https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials), or
     * an external token matching a federated credential
     * (https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation). A certificate assertion is
     * addressed to the token endpoint, v2 or v1, under any name of the tenant: the one the client used, its id or
     * its domain.
     */
    private Identity.@Nullable Answer checkAssertion(String authority) {
        String clientAssertion = form.get("client_assertion");
        if (clientAssertion == null || clientAssertion.isEmpty()) {
            return refuse(400, "invalid_request", 7000218, "The request body must contain the following "
                    + "parameter: 'client_assertion' or 'client_secret'.");
        }
        List<String> audiences = new ArrayList<>();
        for (String seg : new LinkedHashSet<>(List.of(segment, tenantId, tenant.info.domain()))) {
            audiences.add(authority + seg + "/oauth2/v2.0/token");
            audiences.add(authority + seg + "/oauth2/token");
        }
        ClientAssertions.Refusal refusal;
        synchronized (tenant.lock) {
            refusal = ClientAssertions.check(clientAssertion, form.get("client_assertion_type"),
                    Objects.requireNonNull(clientId), Objects.requireNonNull(app), audiences, now);
        }
        return refusal == null ? null : refuse(refusal.status(), refusal.error(), refusal.code(), refusal.message());
    }

    /**
     * The app's state, read at once under the tenant's lock: it must be enabled (AADSTS7000112); a secret must be one
     * of its secrets and not expired (AADSTS7000215, 7000222: 401 {@code invalid_client}, GB §1.3); and the token
     * carries the app's roles only once an admin has consented: without consent the token is still issued, with no
     * {@code roles} claim, and Graph refuses later (GB §1.3, "Missing admin consent").
     */
    private Identity.@Nullable Answer checkAppAndSecret() {
        TenantState.AppState a = Objects.requireNonNull(app);
        boolean matched = assertion();
        boolean expired = false;
        synchronized (tenant.lock) {
            for (TenantState.Secret s : a.secrets) {
                if (!assertion() && s.value().equals(secret)) {
                    if (s.expires() != null && !now.isBefore(s.expires())) {
                        expired = true;
                    } else {
                        matched = true;
                    }
                }
            }
            roles = a.adminConsent ? List.copyOf(a.roles) : List.of();
            if (!a.enabled) {
                return refuse(400, "unauthorized_client", 7000112, "Application '" + clientId + "' is disabled.");
            }
        }
        if (matched) {
            return null;
        }
        if (expired) {
            return refuse(401, "invalid_client", 7000222, "The provided client secret keys for app '" + clientId
                    + "' are expired. Visit the Azure portal to create new keys for your app: "
                    + "https://aka.ms/NewClientSecret, or consider using certificate credentials for added "
                    + "security: https://aka.ms/certCreds.");
        }
        return refuse(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent "
                + "in the request is the client secret value, not the client secret ID, for a secret added to app '"
                + clientId + "'.");
    }

    /**
     * The scope: client credentials take only {@code {resource}/.default} (GB §1.1), here Graph's, by app id or by
     * URL (the fake also takes the URL with a double slash; whether Entra does is unverified); another resource is
     * not found in the tenant (AADSTS500011) and a scope without {@code /.default} is invalid (AADSTS1002012).
     */
    private Identity.@Nullable Answer checkScope() {
        String scope = form.getOrDefault("scope", "");
        boolean graphDefault = false;
        for (String sc : scope.split(" ")) {
            if (sc.equals("https://graph.microsoft.com/.default") || sc.equals("https://graph.microsoft.com//.default")
                    || sc.equals(TokenService.GRAPH_APP_ID + "/.default")) {
                graphDefault = true;
            } else if (sc.endsWith("/.default")) {
                return refuse(400, "invalid_resource", 500011, "The resource principal named "
                        + sc.substring(0, sc.length() - 9) + " was not found in the tenant named "
                        + tenant.info.domain() + ".");
            }
        }
        if (!graphDefault) {
            return refuse(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid. "
                    + "Client credential flows must have a scope value with /.default suffixed to the resource "
                    + "identifier (application ID URI).");
        }
        return null;
    }

    /**
     * The token response: {@code token_type}, {@code expires_in}, {@code ext_expires_in}, {@code access_token}
     * (GB §1.1). The token's {@code appidacr} says how the client proved itself: 1 a secret, 2 an assertion.
     */
    private Identity.Answer mint(TokenService tokens) {
        TenantState.AppState a = Objects.requireNonNull(app);
        JsonObject ok = new JsonObject();
        ok.addProperty("token_type", "Bearer");
        ok.addProperty("expires_in", tokens.lifetimeSeconds());
        ok.addProperty("ext_expires_in", tokens.lifetimeSeconds());
        ok.addProperty("access_token", tokens.issue(tenantId, a.clientId, a.servicePrincipalId, roles, now,
                assertion() ? "2" : "1"));
        return new Identity.Answer(200, ok, clientId, tenantId);
    }

    /**
     * The v1 endpoint's answer: {@code resource} must be Graph's (URL or app id), else AADSTS500011; missing, 900144
     * (the parameter's code at the v2 endpoint; unverified for v1). Lifetimes are strings and {@code resource} is
     * echoed, as the v1 page shows.
     */
    private Identity.Answer mintV1(TokenService tokens) {
        String resource = form.get("resource");
        if (resource == null || resource.isBlank()) {
            return refuse(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                    + "'resource'.");
        }
        String r = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
        if (!r.equals("https://graph.microsoft.com") && !r.equals(TokenService.GRAPH_APP_ID)) {
            return refuse(400, "invalid_resource", 500011, "The resource principal named " + resource
                    + " was not found in the tenant named " + tenant.info.domain() + ".");
        }
        TenantState.AppState a = Objects.requireNonNull(app);
        JsonObject ok = new JsonObject();
        ok.addProperty("token_type", "Bearer");
        ok.addProperty("expires_in", Long.toString(tokens.lifetimeSeconds()));
        ok.addProperty("ext_expires_in", Long.toString(tokens.lifetimeSeconds()));
        ok.addProperty("expires_on", Long.toString(now.getEpochSecond() + tokens.lifetimeSeconds()));
        ok.addProperty("not_before", Long.toString(now.getEpochSecond()));
        ok.addProperty("resource", resource);
        ok.addProperty("access_token", tokens.issue(tenantId, a.clientId, a.servicePrincipalId, roles, now,
                assertion() ? "2" : "1"));
        return new Identity.Answer(200, ok, clientId, tenantId);
    }

    /** A refusal naming the client as far as it is known, so the journal shows who was refused. */
    private Identity.Answer refuse(int status, String error, int code, String message) {
        return Identity.error(status, error, code, message, correlation, now, clientId, tenantId);
    }

    /** A refusal naming no client: its id could not be read, or is blank. */
    private Identity.Answer refuseUnnamed(int status, String error, int code, String message) {
        return Identity.error(status, error, code, message, correlation, now, null, tenantId);
    }
}
