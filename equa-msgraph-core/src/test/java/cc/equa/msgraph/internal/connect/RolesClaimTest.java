package cc.equa.msgraph.internal.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cc.equa.msgraph.internal.graph.TokenClaims;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesClaimTest {

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void rolesAreReadAsAHint() {
        assertEquals(Optional.of(Set.of("Group.Read.All", "User.ReadBasic.All")), TokenClaims.roles(
                jwt("{\"roles\":[\"Group.Read.All\",\"User.ReadBasic.All\"]}")));
    }

    @Test
    void readableTokenWithoutRolesMeansNoPermissionsConsented() {
        assertEquals(Optional.of(Set.of()), TokenClaims.roles(jwt("{\"aud\":\"https://graph\"}")));
    }

    @Test
    void unreadableTokenYieldsNoHint() {
        assertEquals(Optional.empty(), TokenClaims.roles("opaque-token"));
        assertEquals(Optional.empty(), TokenClaims.roles("a.!!!.c"));
        assertEquals(Optional.empty(), TokenClaims.roles(jwt("{\"roles\":\"Group.Read.All\"}")));
        assertEquals(Optional.empty(), TokenClaims.roles(null));
    }

    @Test
    void grantTextNamesLeastPrivilegedFirstAndAdminConsent() {
        String text = CapabilityProbe.grantText(cc.equa.msgraph.Capability.MANAGE_MEMBERSHIP);
        assertEquals("Grant the Microsoft Graph application permission GroupMember.ReadWrite.All (or"
                + " Group.ReadWrite.All, Directory.ReadWrite.All) and grant admin consent.", text);
    }
}
