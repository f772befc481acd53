package cc.equa.msgraph.internal.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.spi.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokenTest {

    private static final String BASE = "https://graph.microsoft.com/v1.0";
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final String LINK = BASE + "/groups?$filter=groupTypes/any(c:c+eq+'Unified')&$top=100"
            + "&$skiptoken=RFNwdAIAAQAAAB8";

    private static String forge(String org, String flag, String link) {
        return "g1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((org + "\n" + flag + "\n" + link).getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidInputException rejected(String token) {
        return assertThrows(InvalidInputException.class, () -> PageToken.decode("List", token, ACME, BASE));
    }

    @Test
    void tokenRoundTripsAndHidesTheRawLink() {
        PageToken token = new PageToken(ACME, true, LINK);
        String text = token.encode();
        assertFalse(text.contains("graph.microsoft.com"));
        assertFalse(text.contains("skiptoken"));
        assertEquals(token, PageToken.decode("List", text, ACME, BASE));
        assertFalse(PageToken.decode("List", new PageToken(ACME, false, LINK).encode(), ACME, BASE).search());
    }

    @Test
    void tokenOfAnotherOrganizationIsRejected() {
        InvalidInputException e = rejected(new PageToken(OrganizationId.of("globex"), false, LINK).encode());
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
        rejected("g1.%%%");
        rejected("g1." + Base64.getUrlEncoder().encodeToString("only-one-part".getBytes(StandardCharsets.UTF_8)));
        rejected(forge("acme", "x", LINK));
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
        PageToken second = PageToken.decode("List", first.next(b).encode(), ACME, BASE);
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
        assertEquals(later, PageToken.decode("List", later.encode(), ACME, BASE));
    }

    @Test
    void thePageCapCoversTheLargestDirectory() {
        assertEquals(600_001, PageToken.maxPages(1));
        assertEquals(6_001, PageToken.maxPages(100));
        assertEquals(601, PageToken.maxPages(999));
    }

    @Test
    void aTokenOfTheFirstFormatStillDecodes() {
        PageToken t = PageToken.decode("List", forge("acme", "s", LINK), ACME, BASE);
        assertEquals(LINK, t.nextLink());
        assertEquals(1, t.pages());
    }
}
