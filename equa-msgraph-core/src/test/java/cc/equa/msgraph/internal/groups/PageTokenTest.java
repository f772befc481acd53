package cc.equa.msgraph.internal.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokenTest {

    private static final String BASE = "https://graph.microsoft.com/v1.0";
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final String LINK = BASE + "/groups?$filter=groupTypes/any(c:c+eq+'Unified')&$top=100"
            + "&$skiptoken=RFNwdAIAAQAAAB8";

    private static final PlanKey KEY = PlanKey.of("k1", new byte[32]);
    private static final PlanKey RETIRED = PlanKey.of("k0", filled(7));
    private static final PlanKeys KEYS = PlanKeys.of(KEY, RETIRED);

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    /** A token signed with the organization's own key: the link check must hold even if a key leaked. */
    private static String forge(String org, String flag, String link) {
        return new PageToken(OrganizationId.of(org), flag.equals("s"), link).encode(KEY);
    }

    private static PageToken decode(String token) {
        return PageToken.decode("List", token, ACME, BASE, KEYS);
    }

    private static InvalidInputException rejected(String token) {
        return assertThrows(InvalidInputException.class, () -> decode(token));
    }

    @Test
    void tokenRoundTripsAndHidesTheRawLink() {
        PageToken token = new PageToken(ACME, true, LINK);
        String text = token.encode(KEY);
        assertFalse(text.contains("graph.microsoft.com"));
        assertFalse(text.contains("skiptoken"));
        assertEquals(token, decode(text));
        assertFalse(decode(new PageToken(ACME, false, LINK).encode(KEY)).search());
        assertEquals(token, decode(token.encode(RETIRED)), "a token made before a key rotation still verifies");
    }

    @Test
    void theTenantOfTheListingIsSignedAndReadBack() {
        PageToken token = new PageToken(ACME, false, LINK, 1, 5, List.of(), "Contoso.onmicrosoft.com");
        assertEquals("contoso.onmicrosoft.com", decode(token.encode(KEY)).tenant());
        assertEquals("contoso.onmicrosoft.com", decode(token.next(LINK + "2").encode(KEY)).tenant());
    }

    @Test
    void everyChangedCharacterIsRefusedAsChanged() {
        String text = new PageToken(ACME, false, LINK).encode(KEY);
        for (int i = 3; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                continue;
            }
            String changed = text.substring(0, i) + (c == 'A' ? 'B' : 'A') + text.substring(i + 1);
            assertThrows(InvalidInputException.class, () -> decode(changed), "position " + i);
        }
    }

    @Test
    void tokensOfOlderVersionsAndUnknownKeysAreRefused() {
        String g2 = "g2." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("acme\n-\n1\n0\n\n" + LINK).getBytes(StandardCharsets.UTF_8));
        assertTrue(rejected(g2).problems().get(0).problem().contains("older version"));
        String foreignKey = new PageToken(ACME, false, LINK).encode(PlanKey.of("k1", filled(9)));
        assertTrue(rejected(foreignKey).problems().get(0).problem().contains("changed"));
        String unknownKey = new PageToken(ACME, false, LINK).encode(PlanKey.of("k9", filled(9)));
        assertTrue(rejected(unknownKey).problems().get(0).problem().contains("unknown or retired key"));
    }

    @Test
    void aFailingKeySourceIsAStorageFailure() {
        PlanKeys broken = new PlanKeys() {
            @Override
            public PlanKey current(OrganizationId organization) {
                throw new IllegalStateException("store down");
            }

            @Override
            public java.util.Optional<PlanKey> find(OrganizationId organization, String keyId) {
                throw new IllegalStateException("store down");
            }
        };
        cc.equa.msgraph.MsGraphException e = assertThrows(cc.equa.msgraph.MsGraphException.class,
                () -> PageToken.decode("List", new PageToken(ACME, false, LINK).encode(KEY), ACME, BASE, broken));
        assertEquals(cc.equa.msgraph.ErrorKind.STORAGE, e.kind());
    }

    @Test
    void tokenOfAnotherOrganizationIsRejected() {
        InvalidInputException e = rejected(new PageToken(OrganizationId.of("globex"), false, LINK).encode(KEY));
        assertEquals("pageToken", e.problems().get(0).field());
        assertTrue(e.problems().get(0).problem().contains("another organization"));
    }

    @Test
    void tokenPointingElsewhereIsRejected() {
        rejected(forge("acme", "-", "https://evil.example/v1.0/groups?$skiptoken=x"));
        rejected(forge("acme", "-", "https://graph.microsoft.com.evil.example/v1.0/groups"));
        rejected(forge("acme", "-", "https://graph.microsoft.com@evil.example/v1.0/groups"));
        rejected(forge("acme", "-", "https://evil.example@graph.microsoft.com/v1.0/groups"));
        rejected(forge("acme", "-", "http://graph.microsoft.com/v1.0/groups"));
        rejected(forge("acme", "-", "https://graph.microsoft.com:8443/v1.0/groups"));
        rejected(forge("acme", "-", BASE + "/users?$skiptoken=x"));
        rejected(forge("acme", "-", BASE + "/groups/abc/members"));
        rejected(forge("acme", "-", "https://graph.microsoft.com/beta/groups"));
        rejected(forge("acme", "-", BASE + "/groups/../users"));
        rejected(forge("acme", "-", BASE + "/groups#frag"));
        rejected(forge("acme", "-", BASE + "/groups?x=1\r\nHost: evil"));
        rejected(forge("acme", "-", "/v1.0/groups"));
    }

    @Test
    void malformedTokensAreRejected() {
        rejected("");
        rejected("not-a-token");
        rejected("g3.%%%");
        rejected("g3.abc.k1.%%%");
        rejected("g1." + Base64.getUrlEncoder().encodeToString("only-one-part".getBytes(StandardCharsets.UTF_8)));
        rejected("g3." + "A".repeat(20_000) + ".k1." + "A".repeat(43));
        rejected("g1." + "A".repeat(20_000));
    }

    @Test
    void explicitDefaultPortAndCaseDifferencesAreAccepted() {
        assertTrue(PageToken.pointsAtGroups("https://GRAPH.microsoft.com:443/v1.0/groups?$skiptoken=x", BASE));
        assertTrue(PageToken.pointsAtGroups("https://localhost:8443/v1.0/groups?a=b", "https://localhost:8443/v1.0"));
        assertFalse(PageToken.pointsAtGroups("https://localhost:8444/v1.0/groups", "https://localhost:8443/v1.0"));
    }

    @Test
    void toStringDoesNotShowTheLink() {
        assertFalse(new PageToken(ACME, false, LINK).toString().contains("skiptoken"));
    }

    @Test
    void aListingRemembersItsLinksSoACycleOfAnyLengthIsSeen() {
        String a = BASE + "/groups?$skiptoken=A";
        String b = BASE + "/groups?$skiptoken=B";
        String c = BASE + "/groups?$skiptoken=C";
        PageToken first = new PageToken(ACME, false, a, 1, 100, List.of());
        PageToken second = decode(first.next(b).encode(KEY));
        assertEquals(2, second.pages());
        assertEquals(100, second.pageSize());
        assertTrue(second.seen(a), "A->B->A");
        assertTrue(second.seen(b), "the same link twice");
        assertFalse(second.seen(c));
        PageToken later = second;
        for (int i = 0; i < 40; i++) {
            later = later.next(BASE + "/groups?$skiptoken=" + i);
        }
        assertEquals(PageToken.RECENT, later.recent().size());
        assertEquals(later, decode(later.encode(KEY)));
    }

    @Test
    void thePageCapCoversTheLargestDirectory() {
        assertEquals(600_001, PageToken.maxPages(1));
        assertEquals(6_001, PageToken.maxPages(100));
        assertEquals(601, PageToken.maxPages(999));
    }
}
