package cc.equa.msgraph.testkit.internal;

/**
 * Graph's limit on OR'd clauses in a directory {@code $filter}: 400 {@code Request_UnsupportedQuery} "Too many child
 * clauses specified in search filter expression containing 'OR' operators: n. Max allowed: 15." The limit counts
 * every clause joined by {@code or} and every value of an {@code in} (an {@code in} is an OR of equalities), over
 * the whole filter (graph-behaviour.md §14, field reports; filter-query-parameter.md documents the 15-value
 * {@code in} limit). Counted on the filter's text, outside string literals, so {@link ODataFilter} stays as it is.
 */
final class ODataClauses {
    static final int MAX = 15;

    private ODataClauses() {
    }

    static void checkOrLimit(String filter) {
        int n = count(filter);
        if (n > MAX) {
            throw GraphException.unsupported("Too many child clauses specified in search filter expression "
                    + "containing 'OR' operators: " + n + ". Max allowed: " + MAX + ".");
        }
    }

    /**
     * The number of OR'd leaf clauses: one per {@code or} operand, where an {@code in (…)} list counts its values.
     * A filter without {@code or} or {@code in} counts 1.
     */
    static int count(String filter) {
        int ors = 0;
        int inValues = 0;
        int ins = 0;
        boolean quoted = false;
        int listDepth = -1;
        int depth = 0;
        String lower = filter.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '\'') {
                quoted = !quoted;   // '' inside a literal toggles twice: still quoted
                continue;
            }
            if (quoted) {
                continue;
            }
            if (c == '(') {
                depth++;
                if (listDepth < 0 && precededByIn(lower, i)) {
                    listDepth = depth;
                    ins++;
                    inValues++;
                }
            } else if (c == ')') {
                if (depth == listDepth) {
                    listDepth = -1;
                }
                depth--;
            } else if (c == ',' && depth == listDepth) {
                inValues++;
            } else if (listDepth < 0 && word(lower, i, "or")) {
                ors++;
            }
        }
        // each in (…) is one operand of the or-chain that counts as its values
        return ors + 1 - ins + inValues;
    }

    private static boolean precededByIn(String s, int open) {
        int j = open - 1;
        while (j >= 0 && Character.isWhitespace(s.charAt(j))) {
            j--;
        }
        return j >= 2 && s.startsWith("in", j - 1) && Character.isWhitespace(s.charAt(j - 2));
    }

    private static boolean word(String s, int i, String w) {
        return s.startsWith(w, i) && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))
                && i + w.length() < s.length() && Character.isWhitespace(s.charAt(i + w.length()));
    }
}
