package cc.equa.msgraph.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.ObjectType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The user index answers the library's lookup shapes and declines everything else (then the fake scans). */
class UserIndexTest {

    private static Entity user(String id, String mail, String upn, List<String> other, List<String> proxy) {
        Entity e = new Entity(id, ObjectType.USER);
        e.mail = mail;
        e.userPrincipalName = upn;
        e.otherMails = new java.util.ArrayList<>(other);
        e.proxyAddresses = new java.util.ArrayList<>(proxy);
        return e;
    }

    @Test
    void orsOfIndexedEqualitiesAreAnsweredFromTheIndexAndTheRestIsDeclined() {
        TenantState t = new TenantState(FakeTenantInfo.withDomain("contoso.onmicrosoft.com"));
        t.add(user("A", "Ann@Contoso.com", "ann@contoso.onmicrosoft.com", List.of("ann.alias@x.org"),
                List.of("SMTP:Ann@Contoso.com", "smtp:a@legacy.org")));
        t.add(user("B", "bob@contoso.com", "bob@contoso.onmicrosoft.com", List.of(), List.of()));
        t.add(user("C", "shared@contoso.com", "c@contoso.onmicrosoft.com", List.of("ann.alias@x.org"), List.of()));
        UserIndex ix = t.userIndex;
        assertEquals(Set.of("a"), ix.candidates("mail eq 'ann@contoso.com'", t.users));
        assertEquals(Set.of("a", "b"), ix.candidates("mail in ('ANN@contoso.com','bob@contoso.com') or "
                + "userPrincipalName in ('nobody@x','bob@contoso.onmicrosoft.com')", t.users));
        assertEquals(Set.of("a", "c"), ix.candidates("otherMails/any(x:x eq 'ann.alias@x.org') or "
                + "proxyAddresses/any(y:y eq 'smtp:a@legacy.org')", t.users));
        assertEquals(Set.of("b"), ix.candidates("(id eq 'B') or (mail eq 'none@x')", t.users));
        assertEquals(Set.of(), ix.candidates("mail eq 'o''brien@x.org'", t.users));
        for (String scan : new String[] {"startswith(mail,'a')", "mail eq 'a@x' and accountEnabled eq true",
                "accountEnabled eq true", "mail ne 'a@x'", "otherMails/any(x:startswith(x,'a'))", "mail eq"}) {
            assertNull(ix.candidates(scan, t.users), scan);
        }
        assertNull(ix.candidates(null, t.users));

        // kept in step with removals and changes
        t.remove("B");
        assertEquals(Set.of(), ix.candidates("mail eq 'bob@contoso.com'", t.users));
        Entity a = t.user("A");
        t.userChanging(a);
        a.mail = "ann.new@contoso.com";
        t.userChanged(a);
        assertEquals(Set.of(), ix.candidates("mail eq 'ann@contoso.com'", t.users));
        assertEquals(Set.of("a"), ix.candidates("mail eq 'ann.new@contoso.com'", t.users));
        t.clearDirectory();
        assertEquals(Set.of(), ix.candidates("otherMails/any(x:x eq 'ann.alias@x.org')", t.users));
    }
}
