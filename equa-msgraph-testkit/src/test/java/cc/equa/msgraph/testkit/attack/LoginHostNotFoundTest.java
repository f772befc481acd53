package cc.equa.msgraph.testkit.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A path the fake does not serve on one of Microsoft's login hosts answers 404 in the identity platform's error shape
 * ({@code error}, {@code error_description} with AADSTS code, {@code error_codes}), which MSAL parses, not Graph's
 * {@code {"error":{"code",...}}} envelope.
 */
class LoginHostNotFoundTest {
    private static Routed routed;

    @BeforeAll
    static void start() {
        routed = Routed.start();
    }

    @AfterAll
    static void stop() {
        routed.close();
    }

    @Test
    void unknownLoginPathIs404InEntrasShape() throws Exception {
        Routed.Resp r = routed.call("GET", "https://login.microsoftonline.com/" + Routed.DOMAIN
                + "/oauth2/v2.0/nosuch", null, null);
        assertEquals(404, r.status(), r.toString());
        JsonObject o = r.json().getAsJsonObject();
        assertTrue(o.get("error").isJsonPrimitive(), r.body());
        assertTrue(o.get("error_description").getAsString().startsWith("AADSTS"), r.body());
        assertTrue(o.has("error_codes"), r.body());
    }
}
