package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Signs and checks RS256 access tokens. The RSA key is generated once per JVM; the key id is per fake instance. */
public final class TokenService {
    public static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static final class KeyHolder {
        static final KeyPair KEY = generate();

        private static KeyPair generate() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final String kid = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    /** Seconds a token lives: 3599 as Entra's default; up to 24 h with continuous access evaluation (Hostility). */
    private volatile long lifetimeSeconds = 3599;

    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    public void lifetimeSeconds(long seconds) {
        this.lifetimeSeconds = seconds;
    }

    public String kid() {
        return kid;
    }

    public static void warmUp() {
        KeyHolder.KEY.getPublic();
    }

    public String issue(String tenantId, String appId, String servicePrincipalId, List<String> roles, Instant now) {
        return issue(tenantId, appId, servicePrincipalId, roles, now, "1");
    }

    /** Issue a token; {@code appidacr} is 1 for a secret, 2 for a certificate or federated assertion. */
    public String issue(String tenantId, String appId, String servicePrincipalId, List<String> roles, Instant now,
            String appidacr) {
        JsonObject header = new JsonObject();
        header.addProperty("typ", "JWT");
        header.addProperty("alg", "RS256");
        header.addProperty("kid", kid);
        header.addProperty("x5t", kid);
        long iat = now.getEpochSecond();
        JsonObject c = new JsonObject();
        c.addProperty("aud", GRAPH_AUDIENCE);
        c.addProperty("iss", "https://sts.windows.net/" + tenantId + "/");
        c.addProperty("iat", iat);
        c.addProperty("nbf", iat);
        c.addProperty("exp", iat + lifetimeSeconds);
        c.addProperty("aio", UUID.randomUUID().toString());
        c.addProperty("app_displayname", "app " + appId);
        c.addProperty("appid", appId);
        c.addProperty("appidacr", appidacr);
        c.addProperty("azp", appId);
        c.addProperty("idp", "https://sts.windows.net/" + tenantId + "/");
        c.addProperty("idtyp", "app");
        c.addProperty("oid", servicePrincipalId);
        if (!roles.isEmpty()) {
            JsonArray r = new JsonArray();
            roles.forEach(r::add);
            c.add("roles", r);
        }
        c.addProperty("sub", servicePrincipalId);
        c.addProperty("tid", tenantId);
        c.addProperty("uti", UUID.randomUUID().toString().replace("-", ""));
        c.addProperty("ver", "1.0");
        String signingInput = enc(header.toString()) + "." + enc(c.toString());
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(KeyHolder.KEY.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Check a bearer token the way Graph does (signature, key id, audience, expiry, tenant).
     *
     * @return the caller, or throws a 401 {@link GraphException}
     */
    public Caller validate(@Nullable String authorization, Instant now, java.util.function.Predicate<String> tenantKnown) {
        if (authorization == null || authorization.isBlank()) {
            throw new GraphException(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new GraphException(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        String token = authorization.substring(7).trim();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("IDX14100: JWT is not well formed, there are no dots (.).");
        }
        JsonObject header;
        JsonObject claims;
        try {
            header = JsonParser.parseString(new String(B64D.decode(parts[0]), StandardCharsets.UTF_8)).getAsJsonObject();
            claims = JsonParser.parseString(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw invalid("IDX14102: Unable to decode the header or payload as Base64Url encoded string.");
        }
        if (!"RS256".equals(str(header, "alg")) || !kid.equals(str(header, "kid"))) {
            throw invalid("Invalid signature.");
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(KeyHolder.KEY.getPublic());
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(B64D.decode(parts[2]))) {
                throw invalid("Invalid signature.");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalid("Invalid signature.");
        }
        String aud = str(claims, "aud");
        if (!GRAPH_AUDIENCE.equals(aud) && !(GRAPH_AUDIENCE + "/").equals(aud) && !GRAPH_APP_ID.equals(aud)) {
            throw invalid("Invalid audience.");
        }
        long exp = claims.has("exp") ? claims.get("exp").getAsLong() : 0;
        if (now.getEpochSecond() >= exp) {
            throw new GraphException(401, "InvalidAuthenticationToken",
                    "Lifetime validation failed, the token is expired.");
        }
        long nbf = claims.has("nbf") ? claims.get("nbf").getAsLong() : 0;
        if (now.getEpochSecond() + 300 < nbf) {
            throw invalid("Lifetime validation failed, the token is not yet valid.");
        }
        String tid = str(claims, "tid");
        if (tid == null || !tenantKnown.test(tid)) {
            throw invalid("Invalid tenant.");
        }
        Set<String> roles = new HashSet<>();
        JsonElement r = claims.get("roles");
        if (r != null && r.isJsonArray()) {
            r.getAsJsonArray().forEach(x -> roles.add(x.getAsString()));
        }
        String appId = str(claims, "appid");
        return new Caller(tid, appId == null ? "" : appId, Set.copyOf(roles));
    }

    /** Read the app id and tenant id of a token without checking it (for the journal). */
    public static @Nullable String[] peek(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            String[] parts = authorization.substring(7).trim().split("\\.", -1);
            JsonObject claims = JsonParser.parseString(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            return new String[] {str(claims, "appid"), str(claims, "tid")};
        } catch (RuntimeException e) {
            return null;
        }
    }

    public JsonObject jwks() {
        RSAPublicKey pub = (RSAPublicKey) KeyHolder.KEY.getPublic();
        JsonObject k = new JsonObject();
        k.addProperty("kty", "RSA");
        k.addProperty("use", "sig");
        k.addProperty("kid", kid);
        k.addProperty("x5t", kid);
        k.addProperty("alg", "RS256");
        k.addProperty("n", B64.encodeToString(unsigned(pub.getModulus())));
        k.addProperty("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
        JsonArray keys = new JsonArray();
        keys.add(k);
        JsonObject root = new JsonObject();
        root.add("keys", keys);
        return root;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            return java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return b;
    }

    private static GraphException invalid(String detail) {
        return new GraphException(401, "InvalidAuthenticationToken", detail);
    }

    private static @Nullable String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static String enc(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
