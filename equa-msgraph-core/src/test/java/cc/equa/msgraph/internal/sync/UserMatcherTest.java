package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MatchRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserMatcherTest {

    @Test
    void primaryFiltersStayWithinFifteenExpressionsAndEscapeQuotes() {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            emails.add("u" + i + "@contoso.com");
        }
        emails.set(0, "o'neil@contoso.com");
        List<String> both = UserMatcher.primaryFilters(emails, MatchRules.defaults());
        assertEquals(3, both.size());
        assertTrue(both.get(0).startsWith("mail in ('o''neil@contoso.com',"), both.get(0));
        assertTrue(both.get(0).contains(" or userPrincipalName in ('o''neil@contoso.com',"));
        for (String f : both) {
            assertTrue(f.split("@").length - 1 <= UserMatcher.MAX_EXPRESSIONS, f);
        }
        List<String> mailOnly = UserMatcher.primaryFilters(emails, MatchRules.of(MatchRules.Attribute.MAIL));
        assertEquals(2, mailOnly.size());
        assertFalse(mailOnly.get(0).contains("userPrincipalName"));
    }

    @Test
    void aliasFiltersUseAnyLambdasWithTheSmtpPrefix() {
        List<String> f = UserMatcher.aliasFilters(List.of("a@contoso.com"), MatchRules.defaults());
        assertEquals(List.of("otherMails/any(x:x eq 'a@contoso.com') or "
                + "proxyAddresses/any(x:x eq 'smtp:a@contoso.com')"), f);
        assertTrue(UserMatcher.aliasFilters(List.of("a@contoso.com"),
                MatchRules.of(MatchRules.Attribute.MAIL)).isEmpty());
    }

    @Test
    void emailsAreNormalisedAndImplausibleOnesRejected() {
        assertEquals("ann@contoso.com", Emails.normalize("\u00A0 Ann@Contoso.COM "));
        assertEquals(null, Emails.normalize("   "));
        assertTrue(Emails.isPlausible("o'neil+tag@sub.contoso.com"));
        assertFalse(Emails.isPlausible("ann@contoso"));
        assertFalse(Emails.isPlausible("ann@@contoso.com"));
        assertFalse(Emails.isPlausible("a b@contoso.com"));
        assertFalse(Emails.isPlausible(".ann@contoso.com"));
        assertFalse(Emails.isPlausible("x".repeat(120) + "@contoso.com"));
        assertEquals("a@b.com", Emails.fromProxyAddress("SMTP:A@b.com"));
        assertEquals(null, Emails.fromProxyAddress("X500:/o=foo"));
    }
}
