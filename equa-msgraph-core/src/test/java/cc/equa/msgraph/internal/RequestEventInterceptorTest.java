package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Resource templates keep Graph's words and drop everything the directory holds. */
class RequestEventInterceptorTest {

    private static String template(String url) {
        return RequestEventInterceptor.template(HttpUrl.get(url).pathSegments());
    }

    @Test
    void idsAddressesKeysAndQueriesNeverReachATemplate() {
        assertEquals("/groups/{id}/members/$ref", template(
                "https://graph.microsoft.com/v1.0/groups/0f4c6a3e-4b1e-4c1e-9a7e-3d2f1e0c9b8a/members/$ref"));
        assertEquals("/groups/{id}/members/{id}/$ref", template(
                "https://graph.microsoft.com/v1.0/groups/g-1/members/u-2/$ref?x=alice@acme.test"));
        assertEquals("/users/{id}", template("https://graph.microsoft.com/v1.0/users/alice%40acme.test"));
        assertEquals("/users", template("https://graph.microsoft.com/v1.0/users?$filter=mail%20eq%20'a@b.c'"));
        assertEquals("/servicePrincipals({key})", template(
                "https://graph.microsoft.com/v1.0/servicePrincipals(appId='11111111-2222-3333-4444-555555555555')"));
        assertEquals("/{id}", template("https://graph.microsoft.com/v1.0/alice(x='y')"));
        assertEquals("/$batch", template("https://graph.microsoft.us/v1.0/$batch"));
        assertEquals("/groups/delta", template("https://graph.microsoft.com/v1.0/groups/delta?$deltatoken=abc"));
        assertEquals("/{id}/groups", template("https://graph.microsoft.com/tenant-secret/groups"));
        assertEquals("/", RequestEventInterceptor.template(List.of()));
    }
}
