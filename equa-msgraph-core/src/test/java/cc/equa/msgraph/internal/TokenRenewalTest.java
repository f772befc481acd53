package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenRenewalTest {

    @Test
    void claimsOfAChallengeAreDecoded() {
        String claims = "{\"access_token\":{\"nbf\":{\"essential\":true,\"value\":\"1604106651\"}}}";
        String header = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/"
                + "authorize\", client_id=\"00000003-0000-0000-c000-000000000000\", error=\"insufficient_claims\", "
                + "claims=\"" + Base64.getEncoder().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "\"";
        assertEquals(claims, TokenRenewal.claims(header));
        assertNull(TokenRenewal.claims("Bearer realm=\"\", error=\"invalid_token\""));
        assertNull(TokenRenewal.claims("Bearer claims=\"%%%\""));
        assertNull(TokenRenewal.claims(null));
    }
}
