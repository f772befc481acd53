package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.internal.graph.UserRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        // 15 addresses per attribute and filter, the remaining 5 in one filter on both attributes
        assertEquals(3, both.size());
        assertTrue(both.get(0).startsWith("mail in ('o''neil@contoso.com',"), both.get(0));
        assertTrue(both.get(1).startsWith("userPrincipalName in ('o''neil@contoso.com',"), both.get(1));
        assertFalse(both.get(0).contains(" or "), both.get(0));
        assertTrue(both.get(2).startsWith("mail in ('u15@contoso.com',") && both.get(2).contains(" or userPrincipalName"),
                both.get(2));
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

    @Test
    void plausibilityIsCheckedBeforeCaseFoldingSoCompatibilityCharactersNeverPassAsAscii() {
        // U+212A KELVIN SIGN lower-cases to 'k': it must be refused before folding, never become kate@...
        assertEquals(null, Emails.normalize("\u212Aate@acme.test"));
        assertEquals(null, Emails.normalize("\uFF4Bate@acme.test"));
        assertEquals(null, Emails.normalize("kate@\uFF41cme.test"));
        assertEquals(null, Emails.normalize("kate@acme\u3002test"));
        assertEquals(null, Emails.normalize("k\u0430te@acme.test"));
        assertEquals(null, Emails.normalize("kate@acme.te\u212At"));
        assertFalse(Emails.isPlausible("\u212Aate@acme.test"));
        assertEquals(null, Emails.fromProxyAddress("smtp:\u212Aate@acme.test"));
        // a Turkish dotted capital I in the local part is not ASCII either
        assertEquals(null, Emails.normalize("\u0130nfo@acme.test"));
        assertEquals(null, Emails.normalize("x".repeat(65) + "@acme.test"));
        assertEquals("x".repeat(64) + "@acme.test", Emails.normalize("X".repeat(64) + "@acme.test"));
        assertEquals(null, Emails.normalize("a@b@acme.test"));
        assertEquals(null, Emails.normalize("ann.@acme.test"));
        assertEquals("ann@acme.test", Emails.normalize("MAILTO:Ann@ACME.test"));
    }

    @Test
    void properlyNormalisedInternationalDomainsFoldToTheirPunycodeForm() {
        assertEquals("ana@xn--bcher-kva.test", Emails.normalize("Ana@B\u00fccher.test"));
        assertEquals("ana@xn--bcher-kva.test", Emails.normalize("ana@XN--BCHER-KVA.test"));
        // decomposed (NFD) u + combining diaeresis is not NFC: refused rather than silently composed
        assertEquals(null, Emails.normalize("ana@bu\u0308cher.test"));
        // IDNA 2003 would map sharp s to ss: the domain would not round-trip, so it is refused
        assertEquals(null, Emails.normalize("ana@stra\u00dfe.test"));
        assertEquals(null, Emails.normalize("ana@-acme.test"));
        assertEquals(null, Emails.normalize("ana@acme.test\u202E"));
    }

    @Test
    void aDomainLabelMixingScriptsIsRefusedButEastAsianCombinationsAreNot() {
        // Cyrillic dze (U+0455) among Latin letters: a look-alike of acme.test, refused (UTS #39 highly restrictive)
        assertEquals(null, Emails.normalize("kim@acme.te\u0455t"));
        // Greek omicron among Latin letters
        assertEquals(null, Emails.normalize("kim@micr\u03BFsoft.com"));
        // one script per label is fine, whatever the script
        assertEquals("kim@xn--e1afmkfd.test", Emails.normalize("kim@\u043f\u0440\u0438\u043c\u0435\u0440.test"));
        // Latin with Han and Katakana (Japanese) is one of UTS #39's allowed combinations
        assertTrue(Emails.isPlausible("kim@abc\u6F22\u30AB.jp"));
    }

    @Test
    void aDirectoryAddressWithACompatibilityCharacterMatchesNothing() {
        UserRecord lookalike = new UserRecord("u1", "Lookalike", "\u212Aate@acme.test", "lookalike@acme.test",
                List.of("\u212Aate@acme.test"), List.of("smtp:\u212Aate@acme.test"), true);
        Map<String, UserMatcher.Resolution> r = UserMatcher.resolveAll(List.of("kate@acme.test"), List.of(lookalike),
                MatchRules.defaults());
        assertEquals(UserMatcher.Resolution.Status.NONE, r.get("kate@acme.test").status());
        assertTrue(UserMatcher.primaryMatches("kate@acme.test", List.of(lookalike), MatchRules.defaults()).isEmpty());
        assertTrue(UserMatcher.aliasMatches("kate@acme.test", List.of(lookalike), MatchRules.defaults()).isEmpty());
    }

    @Test
    void indexAnswersExactlyAsALinearScanForEveryRuleSet() {
        Random rnd = new Random(7);
        String[] pool = {"ann@contoso.com", "ANN@Contoso.com ", "bob@contoso.com", "cat@contoso.com",
            "mailto:dan@contoso.com", "\u00A0Eve@Contoso.com", "x@y.z", "bob@contoso.com"};
        List<UserRecord> users = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = "id" + rnd.nextInt(120); // some ids returned more than once, as by overlapping lookups
            String mail = rnd.nextInt(5) == 0 ? null : pool[rnd.nextInt(pool.length)];
            String upn = rnd.nextInt(7) == 0 ? null : pool[rnd.nextInt(pool.length)];
            List<String> other = rnd.nextBoolean() ? List.of(pool[rnd.nextInt(pool.length)],
                    pool[rnd.nextInt(pool.length)]) : List.of();
            List<String> proxy = rnd.nextBoolean() ? List.of((rnd.nextBoolean() ? "SMTP:" : "smtp:")
                    + pool[rnd.nextInt(pool.length)].strip(), "X500:/o=" + i) : List.of();
            users.add(new UserRecord(id, "User " + i, mail, upn, other, proxy, rnd.nextInt(4) == 0 ? false : null));
        }
        List<String> emails = List.of("ann@contoso.com", "bob@contoso.com", "cat@contoso.com", "dan@contoso.com",
                "eve@contoso.com", "x@y.z", "nobody@contoso.com");
        UserMatcher.Index index = new UserMatcher.Index(users);
        for (EnumSet<MatchRules.Attribute> set : List.of(EnumSet.allOf(MatchRules.Attribute.class),
                EnumSet.of(MatchRules.Attribute.MAIL), EnumSet.of(MatchRules.Attribute.USER_PRINCIPAL_NAME),
                EnumSet.of(MatchRules.Attribute.OTHER_MAILS, MatchRules.Attribute.PROXY_ADDRESSES),
                EnumSet.of(MatchRules.Attribute.PROXY_ADDRESSES, MatchRules.Attribute.MAIL))) {
            MatchRules rules = MatchRules.of(set.iterator().next(),
                    set.toArray(new MatchRules.Attribute[0]));
            for (String e : emails) {
                Map<String, UserRecord> primary = UserMatcher.primaryMatches(e, users, rules);
                Map<String, UserRecord> alias = UserMatcher.aliasMatches(e, users, rules);
                assertEquals(primary, index.primaryMatches(e, rules), e + " " + set);
                assertEquals(alias, index.aliasMatches(e, rules), e + " " + set);
                assertEquals(UserMatcher.resolve(primary, alias),
                        UserMatcher.resolveAll(List.of(e), users, rules).get(e), e + " " + set);
            }
        }
    }

    @Test
    void resolvingFiftyThousandAddressesAgainstFiftyThousandUsersIsLinear() {
        List<String> emails = new ArrayList<>();
        List<UserRecord> users = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            emails.add("person" + i + "@contoso.com");
            users.add(new UserRecord("id" + i, null, "Person" + i + "@Contoso.com", "person" + i + "@contoso.com",
                    List.of(), List.of("SMTP:Person" + i + "@contoso.com"), true));
        }
        // A scan of every user per address (2.5 billion comparisons) would take minutes.
        Map<String, UserMatcher.Resolution> r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> UserMatcher.resolveAll(emails, users, MatchRules.defaults()));
        assertEquals(50_000, r.size());
        assertEquals("id49999", r.get("person49999@contoso.com").user().id());
        assertTrue(r.values().stream().allMatch(x -> x.status() == UserMatcher.Resolution.Status.MATCHED));
    }
}
