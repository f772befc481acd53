package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * User lookups by address over 100,000 users answer from the fake's index (issue 14 item 11), with the same results
 * a scan gives. The generous timeout only catches a scan per lookup (minutes); it is not a benchmark.
 */
@FakeGraphTest
class UserLookupScaleTest {

    @Test
    void aThousandAddressLookupsOverAHundredThousandUsersMatchAScan(FakeGraphTenant fake) {
        FakeDirectory dir = fake.directory();
        for (int i = 0; i < 100_000; i++) {
            dir.addUser(FakeUser.builder().mail("user" + i + "@contoso.com").otherMails("alias" + i + "@old.org")
                    .build());
        }
        Http http = new Http(fake);
        String token = http.accessToken(Sdk.app(fake, "User.Read.All"));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int n = 0; n < 1000; n++) {
                List<String> values = new ArrayList<>();
                Set<String> expected = new TreeSet<>();
                for (int k = 0; k < 7; k++) {
                    int i = (n * 97 + k * 13_001) % 120_000;   // some beyond the directory: no match
                    values.add("'USER" + i + "@contoso.com'");
                    if (i < 100_000) {
                        expected.add("user" + i + "@contoso.com");
                    }
                }
                String in = String.join(",", values);
                String filter = n % 2 == 0 ? "mail in (" + in + ") or userPrincipalName in (" + in + ")"
                        : "otherMails/any(x:x eq " + values.get(0).replace("USER", "alias").replace("contoso.com",
                                "old.org") + ")";
                if (n % 2 == 1) {
                    expected.retainAll(Set.of(values.get(0).replace("'", "").toLowerCase(java.util.Locale.ROOT)));
                }
                Http.Resp r = http.get("/users?$select=mail&$filter=" + Http.enc(filter), token);
                assertEquals(200, r.status(), r.body());
                Set<String> got = new TreeSet<>();
                for (JsonElement e : r.json().getAsJsonArray("value")) {
                    got.add(e.getAsJsonObject().get("mail").getAsString());
                }
                assertEquals(expected, got, filter);
            }
        });
        // the same lookup with a clause the index does not serve is scanned: same answer
        Http.Resp scanned = http.get("/users?$select=mail&$filter=" + Http.enc(
                "(mail eq 'user5@contoso.com' or mail eq 'user7@contoso.com') and accountEnabled eq true"), token);
        Http.Resp indexed = http.get("/users?$select=mail&$filter=" + Http.enc(
                "mail eq 'user5@contoso.com' or mail eq 'user7@contoso.com'"), token);
        assertEquals(scanned.json().get("value"), indexed.json().get("value"));
        assertEquals(2, indexed.json().getAsJsonArray("value").size());
    }
}
