package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code $search} as directory objects support it
 * (https://learn.microsoft.com/en-us/graph/search-query-parameter?view=graph-rest-1.0):
 * quoted {@code "property:term"} clauses joined by {@code AND}/{@code OR}, a tokenized, case-insensitive prefix match
 * on string properties. The header requirement ({@code ConsistencyLevel: eventual}) is checked by {@link ListQuery}.
 */
final class ODataSearch {
    /**
     * The properties the fake lets {@code $search} name: displayName and description as documented for directory
     * objects, plus the string properties users and groups also accept there.
     */
    private static final Set<String> SEARCHABLE = Set.of("displayName", "description", "mail", "mailNickname",
            "userPrincipalName", "givenName", "surname");

    private ODataSearch() {
    }

    /**
     * Parse {@code $search="displayName:foo" [AND|OR "mail:bar"]}, combined left to right (no precedence), as the
     * fake has always done.
     */
    static Predicate<Entity> parse(String search, @Nullable ObjectType type) {
        String s = search.trim();
        List<Predicate<Entity>> clauses = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int end = clause(s, i, type, clauses);
            i = skipSpaces(s, end + 1);
            if (i < s.length()) {
                int sp = s.indexOf(' ', i);
                if (sp < 0) {
                    throw GraphException.unsupported("Syntax error in $search.");
                }
                String op = s.substring(i, sp);
                if (!op.equals("AND") && !op.equals("OR")) {
                    throw GraphException.unsupported("Syntax error in $search: unexpected '" + op + "'.");
                }
                ops.add(op);
                i = skipSpaces(s, sp + 1);
            }
        }
        if (clauses.isEmpty()) {
            throw GraphException.unsupported("Empty $search.");
        }
        Predicate<Entity> p = clauses.get(0);
        for (int k = 1; k < clauses.size(); k++) {
            p = ops.get(k - 1).equals("AND") ? p.and(clauses.get(k)) : p.or(clauses.get(k));
        }
        return p;
    }

    /** One {@code "property:term"} clause starting at {@code i}; returns the index of its closing quote. */
    private static int clause(String s, int i, @Nullable ObjectType type, List<Predicate<Entity>> clauses) {
        if (s.charAt(i) != '"') {
            throw GraphException.unsupported("Syntax error: the $search clause must be \"property:value\".");
        }
        int end = s.indexOf('"', i + 1);
        int colon = s.indexOf(':', i + 1);
        if (end < 0 || colon < 0 || colon > end) {
            throw GraphException.unsupported("Syntax error: the $search clause must be \"property:value\".");
        }
        String prop = s.substring(i + 1, colon).trim();
        String term = s.substring(colon + 1, end).trim().toLowerCase(Locale.ROOT);
        String canonical = ODataProperties.canonical(prop, type);
        if (canonical == null || !SEARCHABLE.contains(canonical)) {
            throw GraphException.unsupported("Unsupported property '" + prop + "' in $search.");
        }
        clauses.add(e -> ODataProperties.value(e, canonical) instanceof String v && tokenMatch(v, term));
        return end;
    }

    private static int skipSpaces(String s, int i) {
        int k = i;
        while (k < s.length() && s.charAt(k) == ' ') {
            k++;
        }
        return k;
    }

    /** Tokenized prefix match, case-insensitive: "ann" finds "Ann Lee" and "Lee-Annika"'s second token. */
    static boolean tokenMatch(String value, String term) {
        String v = value.toLowerCase(Locale.ROOT);
        if (term.isEmpty() || v.startsWith(term)) {
            return true;
        }
        for (String tok : v.split("[^\\p{L}\\p{N}]+")) {
            if (tok.startsWith(term)) {
                return true;
            }
        }
        return false;
    }
}
