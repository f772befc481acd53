package cc.equa.msgraph.it.attack16b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Tokens in an older shape (the raw next link, other version prefixes) and the refusal's wording. */
class OldFormatAndMessageTest extends TokenHarness {

    @Test
    void rawNextLinksAndOtherVersionPrefixesAreRefused() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        String[] parts = token.split("\\.", -1);
        String link = null;
        String payload = null;
        for (String p : parts) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(p), StandardCharsets.UTF_8);
                if (plain.contains("https://")) {
                    payload = plain;
                    link = plain.substring(plain.indexOf("https://"));
                }
            } catch (IllegalArgumentException notBase64) {
                // not this part
            }
        }
        assertNotNull(link, "the next link is not readable in the token");
        List<String> candidates = new ArrayList<>(List.of(link,
                Base64.getUrlEncoder().withoutPadding().encodeToString(link.getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(link.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))));
        for (String v : List.of("g1", "g2", "g4", "G3", "g03", "", "g3g3")) {
            String[] p = parts.clone();
            p[0] = v;
            candidates.add(String.join(".", p));
        }
        assertNone(notRefused(acme, candidates, "old"));
    }

    @Test
    void theRefusalNamesTheFieldAndSaysWhatToDoWithoutTheToken() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        String changed = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        fake.journal().clear();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> acme.groups(GroupQuery.page(changed)));
        assertEquals(0, fake.journal().calls().size());
        String all = (e.getMessage() + " " + e.problems()).toLowerCase(Locale.ROOT);
        assertFalse(all.contains(changed.toLowerCase(Locale.ROOT)), all);
        for (String part : changed.split("\\.")) {
            if (part.length() > 12) {
                assertFalse(all.contains(part.toLowerCase(Locale.ROOT)), "a token part is echoed: " + all);
            }
        }
        assertTrue(e.problems().stream().anyMatch(p -> p.field().toLowerCase(Locale.ROOT).contains("token")),
                e.problems().toString());
        assertTrue(all.contains("again") || all.contains("first page") || all.contains("start"),
                "no remediation: " + all);
    }
}
