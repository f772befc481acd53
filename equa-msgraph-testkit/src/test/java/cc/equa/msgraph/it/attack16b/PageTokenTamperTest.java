package cc.equa.msgraph.it.attack16b;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changed, truncated, extended and spliced page tokens: each must be refused before any request. */
class PageTokenTamperTest extends TokenHarness {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static List<String> ids(OrganizationIntegration org, String token) {
        return org.groups(GroupQuery.page(token)).groups().stream().map(GroupInfo::id).toList();
    }

    /** A few replacement characters at every position, the whole alphabet at each part's edges. */
    @Test
    void everySingleCharacterChangeIsRefused() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        List<String> expected = ids(acme, token);
        List<String> candidates = new ArrayList<>();
        String few = "AQgw_-.=z0+/ ";
        for (int i = 0; i < token.length(); i++) {
            boolean edge = i == 0 || i == token.length() - 1 || token.charAt(i - 1) == '.'
                    || token.charAt(i + 1) == '.';
            String set = edge ? ALPHABET + ".=+/ " : few;
            for (char c : set.toCharArray()) {
                if (c != token.charAt(i)) {
                    candidates.add(token.substring(0, i) + c + token.substring(i + 1));
                }
            }
        }
        assertNone(notRefused(acme, candidates, "change"));
        assertEquals(expected, ids(acme, token), "the genuine token must still work");
        assertEquals(1, notRefused(acme, List.of(token), "self-check").size(), "the checker must see an acceptance");
    }

    @Test
    void everyTruncationAndSingleDeletionIsRefused() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        List<String> candidates = new ArrayList<>();
        for (int n = 0; n < token.length(); n++) {
            candidates.add(token.substring(0, n));
            candidates.add(token.substring(n + 1 > token.length() ? n : n, n) + token.substring(0, n)
                    + token.substring(n + 1));
            candidates.add(token.substring(n));
        }
        candidates.remove(token);
        assertNone(notRefused(acme, candidates.stream().filter(t -> !t.equals(token)).toList(), "cut"));
    }

    @Test
    void appendedOrInsertedDataIsRefused() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        List<String> candidates = new ArrayList<>();
        for (String tail : List.of("=", "==", ".", "A", "\n", " ", "\t", "\u0000", ".x", "..", token, "%3D",
                "\u200b", "\ufeff")) {
            candidates.add(token + tail);
            candidates.add(tail + token);
        }
        // base64 padding on each part: decodes to the same bytes with a lenient decoder
        String[] parts = token.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            for (String pad : List.of("=", "==")) {
                String[] p = parts.clone();
                p[i] = p[i] + pad;
                candidates.add(String.join(".", p));
            }
            String[] p = parts.clone();
            p[i] = p[i] + "." + p[i];
            candidates.add(String.join(".", p));
        }
        candidates.add(String.join("..", parts));
        candidates.add(token.replace('-', '+').replace('_', '/'));
        candidates.add(token.toUpperCase(java.util.Locale.ROOT));
        candidates.add(token.toLowerCase(java.util.Locale.ROOT));
        assertNone(notRefused(acme, candidates.stream().filter(t -> !t.equals(token)).distinct().toList(), "add"));
    }

    @Test
    void unicodeControlAndHugeTokensAreRefused() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        int mid = token.length() / 2;
        List<String> candidates = new ArrayList<>();
        for (String ins : List.of("\u202e", "\u200d", "\u0301", "\r\n", "\u0085", "\u2028", "\ud800", "\uffff",
                "\uff21", "\ud83d\ude00", "%00", "\\")) {
            candidates.add(token.substring(0, mid) + ins + token.substring(mid));
        }
        // fullwidth look-alikes of the whole token
        StringBuilder wide = new StringBuilder();
        token.chars().forEach(c -> wide.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uff01') : (char) c));
        candidates.add(wide.toString());
        candidates.add(token.repeat(3000));
        candidates.add("g3." + "A".repeat(5_000_000) + ".k-1.AAAA");
        candidates.add(".".repeat(100_000));
        candidates.add("g3...");
        candidates.add("g3");
        candidates.add("\u0000".repeat(10));
        assertNone(notRefused(acme, candidates, "unicode"));
    }

    @Test
    void splicedPartsOfTokensOfOtherListingsAreRefused() {
        connect(acme);
        OrganizationIntegration beta = microsoft.organization(OrganizationId.of("beta"));
        connect(beta);
        List<String> tokens = List.of(
                token(acme, GroupQuery.all().pageSize(2)),
                token(acme, GroupQuery.all().pageSize(3)),
                token(acme, GroupQuery.search("G").pageSize(2)),
                token(acme, GroupQuery.nameStartsWith("G").pageSize(2)),
                token(acme, GroupQuery.all().pageSize(2).includeAllGroupTypes()),
                token(beta, GroupQuery.all().pageSize(2)));
        // second-page token of the first listing
        String second = token(acme, GroupQuery.page(tokens.get(0)));
        List<String> all = new ArrayList<>(tokens);
        all.add(second);
        List<String> candidates = new ArrayList<>();
        for (String a : all) {
            for (String b : all) {
                if (a.equals(b)) {
                    continue;
                }
                String[] pa = a.split("\\.", -1);
                String[] pb = b.split("\\.", -1);
                int n = Math.min(pa.length, pb.length);
                for (int mask = 1; mask < (1 << n) - 1; mask++) {
                    String[] p = pa.clone();
                    for (int i = 0; i < n; i++) {
                        if ((mask & (1 << i)) != 0) {
                            p[i] = pb[i];
                        }
                    }
                    candidates.add(String.join(".", p));
                }
            }
        }
        List<String> distinct = candidates.stream().distinct().filter(t -> !all.contains(t)).toList();
        assertNone(notRefused(acme, distinct, "splice"));
        assertNone(notRefused(acme, List.of(tokens.get(5)), "beta's token at acme"));
        assertNone(notRefused(beta, tokens.subList(0, 5), "acme's tokens at beta"));
    }
}
