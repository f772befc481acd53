package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@code client_assertion}: either the app's own JWT signed with a registered certificate (iss = sub =
 * client id, aud = the token endpoint) or a federated token matching a registered federated identity credential.
 * Errors follow Entra ID (AADSTS700027, 700023, 700021, 700024, 700211/700212/700213, 50027).
 */
final class ClientAssertions {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final long SKEW_SECONDS = 300;

    /** A refusal: HTTP status, OAuth error, AADSTS code and message. */
    record Refusal(int status, String error, int code, String message) {
    }

    private ClientAssertions() {
    }

    /**
     * Check the assertion for the app.
     *
     * @param audiences the token endpoint URLs the assertion may be addressed to
     * @return null when accepted, else the refusal
     */
    static @Nullable Refusal check(String assertion, @Nullable String assertionType, String clientId,
            TenantState.AppState app, List<String> audiences, Instant now) {
        if (!JWT_BEARER.equals(assertionType)) {
            return new Refusal(400, "invalid_request", 700025, "Client assertion type '" + assertionType
                    + "' is not supported. Use '" + JWT_BEARER + "'.");
        }
        String[] parts = assertion.split("\\.", -1);
        JsonObject header;
        JsonObject claims;
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException();
            }
            header = JsonParser.parseString(new String(B64D.decode(parts[0]), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            claims = JsonParser.parseString(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            return new Refusal(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
        }
        String iss = str(claims, "iss");
        if (iss != null && iss.equalsIgnoreCase(clientId)) {
            return certificate(parts, header, claims, clientId, app, audiences, now);
        }
        return federated(claims, clientId, app, now);
    }

    private static @Nullable Refusal certificate(String[] parts, JsonObject header, JsonObject claims, String clientId,
            TenantState.AppState app, List<String> audiences, Instant now) {
        String sub = str(claims, "sub");
        if (sub == null || !sub.equalsIgnoreCase(clientId)) {
            return new Refusal(401, "invalid_client", 700021, "Client assertion application identifier doesn't "
                    + "match 'client_id' parameter. Review the documentation at "
                    + "https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        // MSAL4J writes the thumbprints in standard base64 with padding; RFC 7515 says base64url: accept both
        String x5t = normalize(str(header, "x5t"));
        String x5tS256 = normalize(str(header, "x5t#S256"));
        X509Certificate cert = null;
        for (X509Certificate c : app.certificates) {
            if (x5t != null && x5t.equals(thumbprint(c, "SHA-1"))
                    || x5tS256 != null && x5tS256.equals(thumbprint(c, "SHA-256"))) {
                cert = c;
                break;
            }
        }
        if (cert == null) {
            String shown = x5t != null ? hex(x5t) : x5tS256 != null ? hex(x5tS256) : "";
            return new Refusal(401, "invalid_client", 700027, "The certificate with identifier used to sign the "
                    + "client assertion is not registered on application. [Reason - The key was not found., "
                    + "Thumbprint of key used by client: '" + shown + "', Please visit the Azure Portal, Graph "
                    + "Explorer or directly use MS Graph to see configured keys for app Id '" + clientId + "'. Review "
                    + "the documentation at https://docs.microsoft.com/en-us/graph/api/application-get to learn more.]");
        }
        if (now.isAfter(cert.getNotAfter().toInstant()) || now.isBefore(cert.getNotBefore().toInstant())) {
            return new Refusal(401, "invalid_client", 700027, "Client assertion contains an invalid signature. "
                    + "[Reason - The key used is expired., Thumbprint of key used by client: '"
                    + hex(thumbprint(cert, "SHA-1")) + "']");
        }
        String alg = str(header, "alg");
        if (!verify(alg, cert, parts)) {
            return new Refusal(401, "invalid_client", 700027, "Client assertion failed signature validation. "
                    + "[Reason - The provided signature value did not match the expected signature value., "
                    + "Thumbprint of key used by client: '" + hex(thumbprint(cert, "SHA-1")) + "']");
        }
        String aud = str(claims, "aud");
        if (aud == null || audiences.stream().noneMatch(a -> a.equalsIgnoreCase(aud))) {
            return new Refusal(401, "invalid_client", 700023, "Client assertion audience claim does not match Realm "
                    + "issuer. Review the documentation at "
                    + "https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        return lifetime(claims, now);
    }

    private static @Nullable Refusal federated(JsonObject claims, String clientId, TenantState.AppState app,
            Instant now) {
        String iss = str(claims, "iss");
        String sub = str(claims, "sub");
        List<String> aud = audiences(claims);
        List<TenantState.Federated> byIssuer = app.federated.stream().filter(f -> f.issuer().equals(iss)).toList();
        if (byIssuer.isEmpty()) {
            return new Refusal(401, "invalid_client", 700211, "No matching federated identity record found for "
                    + "presented assertion issuer '" + iss + "'. Please check your federated identity credential "
                    + "Subject, Audience and Issuer against the presented assertion. "
                    + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
        }
        List<TenantState.Federated> bySubject = byIssuer.stream().filter(f -> f.subject().equals(sub)).toList();
        if (bySubject.isEmpty()) {
            return new Refusal(401, "invalid_client", 700213, "No matching federated identity record found for "
                    + "presented assertion subject '" + sub + "'. Check your federated identity credential Subject, "
                    + "Audience and Issuer against the presented assertion. "
                    + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
        }
        if (bySubject.stream().noneMatch(f -> aud.contains(f.audience()))) {
            return new Refusal(401, "invalid_client", 700212, "No matching federated identity record found for "
                    + "presented assertion audience '" + String.join(",", aud) + "'. Please check your federated "
                    + "identity credential Subject, Audience and Issuer against the presented assertion. "
                    + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
        }
        return lifetime(claims, now);
    }

    private static @Nullable Refusal lifetime(JsonObject claims, Instant now) {
        Long exp = num(claims, "exp");
        Long nbf = num(claims, "nbf");
        long t = now.getEpochSecond();
        if (exp == null || t >= exp + SKEW_SECONDS || nbf != null && t + SKEW_SECONDS < nbf) {
            return new Refusal(401, "invalid_client", 700024, "Client assertion is not within its valid time range. "
                    + "Current time: " + now + ", assertion valid from "
                    + (nbf == null ? "-" : Instant.ofEpochSecond(nbf).toString()) + ", expiry time of assertion "
                    + (exp == null ? "-" : Instant.ofEpochSecond(exp).toString()) + ". Review the documentation at "
                    + "https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        return null;
    }

    private static boolean verify(@Nullable String alg, X509Certificate cert, String[] parts) {
        try {
            Signature s;
            if ("RS256".equals(alg)) {
                s = Signature.getInstance("SHA256withRSA");
            } else if ("PS256".equals(alg)) {
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                return false;
            }
            s.initVerify(cert.getPublicKey());
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return s.verify(B64D.decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The certificate's thumbprint, base64url without padding (header values are normalized to that form). */
    static String thumbprint(X509Certificate cert, String digest) {
        try {
            return B64.encodeToString(MessageDigest.getInstance(digest).digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable String normalize(@Nullable String b64) {
        return b64 == null ? null : b64.replace('+', '-').replace('/', '_').replace("=", "");
    }

    private static String hex(String base64url) {
        try {
            return HexFormat.of().withUpperCase().formatHex(B64D.decode(base64url)).toUpperCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static List<String> audiences(JsonObject claims) {
        JsonElement a = claims.get("aud");
        if (a == null || a.isJsonNull()) {
            return List.of();
        }
        if (a.isJsonArray()) {
            return a.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList();
        }
        return List.of(a.getAsString());
    }

    private static @Nullable String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
    }

    private static @Nullable Long num(JsonObject o, String name) {
        JsonElement e = o.get(name);
        try {
            return e == null || e.isJsonNull() ? null : e.getAsLong();
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
