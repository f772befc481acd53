package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.internal.GraphSession;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one decoder of an access token's claims. Microsoft does not promise that Graph tokens are readable JWTs, so
 * every answer here is a hint: an unreadable token gives "unknown" (empty), never an error.
 */
public final class TokenClaims {

    private TokenClaims() {
    }

    /**
     * Read the {@code roles} claim (the application permissions granted with admin consent).
     *
     * @param jwt the token, or null
     * @return the roles (an empty set: a readable token without roles); empty when the token is not a readable JWT
     */
    public static Optional<Set<String>> roles(@Nullable String jwt) {
        try {
            Optional<JsonObject> claims = payload(jwt);
            if (claims.isEmpty()) {
                return Optional.empty();
            }
            JsonElement rolesElement = claims.get().get("roles");
            if (rolesElement == null || rolesElement.isJsonNull()) {
                return Optional.of(Set.of());
            }
            if (!rolesElement.isJsonArray()) {
                return Optional.empty();
            }
            Set<String> roles = new LinkedHashSet<>();
            JsonArray array = rolesElement.getAsJsonArray();
            for (JsonElement r : array) {
                roles.add(r.getAsString());
            }
            return Optional.of(Set.copyOf(roles));
        } catch (RuntimeException notAJwt) {
            return Optional.empty();
        }
    }

    /**
     * Read the {@code oid} claim: for an app-only token, the object id of the app's service principal.
     *
     * @param jwt the token, or null
     * @return the claim as text, empty when absent or unreadable
     */
    public static Optional<String> objectId(@Nullable String jwt) {
        return payload(jwt).map(c -> Json.str(c, "oid"));
    }

    /**
     * Acquire the session's token and read its {@code oid} claim.
     *
     * @param session the organization's session
     * @return the app's service-principal object id as the token states it; empty when no token or no claim
     */
    public static Optional<String> appObjectId(GraphSession session) {
        try {
            AccessToken token = session.tokens().getTokenSync(
                    new TokenRequestContext().addScopes(session.cloud().scope()));
            return objectId(token.getToken());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Acquire the session's token (usually the cached one) and read its {@code roles} claim.
     *
     * @param session the organization's session
     * @return the roles the token states; empty when no token or the token is unreadable
     */
    public static Optional<Set<String>> grantedRoles(GraphSession session) {
        try {
            AccessToken token = session.tokens().getTokenSync(
                    new TokenRequestContext().addScopes(session.cloud().scope()));
            return roles(token.getToken());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonObject> payload(@Nullable String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonElement claims = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            return claims.isJsonObject() ? Optional.of(claims.getAsJsonObject()) : Optional.empty();
        } catch (RuntimeException notAJwt) {
            return Optional.empty();
        }
    }
}
