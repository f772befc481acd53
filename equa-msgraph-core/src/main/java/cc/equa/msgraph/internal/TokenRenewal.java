package cc.equa.msgraph.internal;

import com.azure.core.credential.TokenRequestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Survive a refused access token (and, see {@link #permissionRefused}, a token older than a consent): on a 401 from Graph (an expired or revoked token, clock skew, a continuous access
 * evaluation claims challenge in {@code WWW-Authenticate}) drop the organization's cached token, acquire a fresh one
 * (with the challenge's claims) and send the request once more. A second 401 is returned as it is, and becomes an
 * authentication failure with Graph's error code. Replaying is safe: a 401 means Graph did not execute the request.
 *
 * <p>Source: Graph answers an invalid or expired token with 401 {@code InvalidAuthenticationToken}
 * (https://learn.microsoft.com/en-us/graph/errors) and a claims challenge as {@code WWW-Authenticate: Bearer ...,
 * error="insufficient_claims", claims="<base64 JSON>"}
 * (https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge).
 */
public final class TokenRenewal implements Interceptor {

    private static final Pattern CLAIMS = Pattern.compile("claims=\"([^\"]*)\"");

    private final CachingTokenCredential tokens;
    private final String scope;

    /**
     * Create the interceptor.
     *
     * @param tokens the organization's token cache
     * @param scope the Graph scope
     */
    public TokenRenewal(CachingTokenCredential tokens, String scope) {
        this.tokens = tokens;
        this.scope = scope;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Response response = chain.proceed(request);
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || request.body() != null && request.body().isOneShot()) {
            return response;
        }
        if (response.code() == 403) {
            return permissionRefused(chain, request, response, authorization.substring(7).trim());
        }
        if (response.code() != 401) {
            return response;
        }
        String claims = claims(response.header("WWW-Authenticate"));
        tokens.invalidate(authorization.substring(7).trim(), claims);
        // acquire before discarding the 401: if Entra is down, its failure (an outage, retried) is the better answer
        String fresh = tokens.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
        response.close();
        return chain.proceed(request.newBuilder().header("Authorization", "Bearer " + fresh)
                .tag(Replay.class, Replay.INSTANCE).build());
    }

    /**
     * A 403 for lack of permission (no roles at all: {@code AccessDenied}; a missing role:
     * {@code Authorization_RequestDenied}) may come from a token issued before admin consent was granted: a token keeps
     * the roles of its issue for its whole life, up to 24 h with continuous access evaluation
     * (https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-continuous-access-evaluation-workload),
     * and another node's connection test does not renew this node's token. So a token older than
     * {@link #STALE_ROLES_AFTER} is replaced and the request sent once more (Graph did not execute a refused request);
     * a younger one is kept, and the 403 stands.
     */
    private Response permissionRefused(Chain chain, Request request, Response response, String token)
            throws IOException {
        String body;
        try {
            body = response.peekBody(4096).string();
        } catch (IOException e) {
            return response;
        }
        if (!(body.contains("\"AccessDenied\"") || body.contains("\"Authorization_RequestDenied\""))
                || !tokens.dropIfOlderThan(token, STALE_ROLES_AFTER)) {
            return response;
        }
        String fresh = tokens.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
        if (fresh.equals(token)) {
            return response;
        }
        response.close();
        return chain.proceed(request.newBuilder().header("Authorization", "Bearer " + fresh)
                .tag(Replay.class, Replay.INSTANCE).build());
    }

    /** How old a token refused for lack of permission must be before a new one is tried. */
    static final java.time.Duration STALE_ROLES_AFTER = java.time.Duration.ofMinutes(5);

    /** Tags the request sent again with a fresh token, so request events can call it a retry. */
    enum Replay {
        /** The one value. */
        INSTANCE
    }

    /**
     * Read the claims of a {@code WWW-Authenticate} challenge: the base64 {@code claims} parameter, decoded.
     *
     * @param header the header value, or null
     * @return the claims JSON, or null when there are none or they cannot be decoded
     */
    public static @Nullable String claims(@Nullable String header) {
        if (header == null) {
            return null;
        }
        Matcher m = CLAIMS.matcher(header);
        if (!m.find() || m.group(1).isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            try {
                return new String(Base64.getUrlDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException neither) {
                return null;
            }
        }
    }
}
