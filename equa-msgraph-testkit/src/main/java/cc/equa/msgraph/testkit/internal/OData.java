package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The OData subset: {@code $filter}, {@code $search}, {@code $select}. Anything else is rejected, never ignored. */
public final class OData {
    private OData() {
    }

    /** Properties by entity kind: name → accessor. */
    static final Map<String, Function<Entity, @Nullable Object>> USER_PROPS = Map.ofEntries(
            Map.entry("id", e -> e.id), Map.entry("displayName", e -> e.displayName), Map.entry("mail", e -> e.mail),
            Map.entry("userPrincipalName", e -> e.userPrincipalName), Map.entry("otherMails", e -> e.otherMails),
            Map.entry("proxyAddresses", e -> e.proxyAddresses), Map.entry("accountEnabled", e -> e.accountEnabled),
            Map.entry("userType", e -> e.userType), Map.entry("givenName", e -> null), Map.entry("surname", e -> null),
            Map.entry("jobTitle", e -> null), Map.entry("mobilePhone", e -> null),
            Map.entry("officeLocation", e -> null), Map.entry("preferredLanguage", e -> null),
            Map.entry("businessPhones", e -> List.of()));
    static final Map<String, Function<Entity, @Nullable Object>> GROUP_PROPS = Map.ofEntries(
            Map.entry("id", e -> e.id), Map.entry("displayName", e -> e.displayName),
            Map.entry("description", e -> e.description), Map.entry("mailNickname", e -> e.mailNickname),
            Map.entry("mail", e -> e.mail), Map.entry("groupTypes", e -> e.groupTypes),
            Map.entry("mailEnabled", e -> e.mailEnabled), Map.entry("securityEnabled", e -> e.securityEnabled),
            Map.entry("visibility", e -> e.visibility),
            Map.entry("onPremisesSyncEnabled", e -> e.onPremisesSyncEnabled ? Boolean.TRUE : null),
            Map.entry("membershipRule", e -> e.membershipRule),
            Map.entry("membershipRuleProcessingState", e -> e.membershipRule == null ? null : "On"),
            Map.entry("createdDateTime", e -> e.createdDateTime == null ? null : e.createdDateTime.toString()),
            Map.entry("proxyAddresses", e -> e.proxyAddresses), Map.entry("deletedDateTime", e -> null),
            Map.entry("renewedDateTime", e -> e.createdDateTime == null ? null : e.createdDateTime.toString()),
            Map.entry("securityIdentifier", e -> null), Map.entry("isAssignableToRole", e -> null));
    static final Map<String, Function<Entity, @Nullable Object>> OTHER_PROPS = Map.ofEntries(
            Map.entry("id", e -> e.id), Map.entry("displayName", e -> e.displayName), Map.entry("mail", e -> e.mail),
            Map.entry("appId", e -> e.appId), Map.entry("accountEnabled", e -> e.accountEnabled),
            Map.entry("proxyAddresses", e -> e.proxyAddresses));

    static final List<String> USER_DEFAULT = List.of("businessPhones", "displayName", "givenName", "jobTitle", "mail",
            "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");

    /**
     * The first user property outside the basic profile a {@code $filter} names (string literals skipped), or null.
     */
    public static @Nullable String nonBasicUserProperty(String filter) {
        String code = filter.replaceAll("'(?:[^']|'')*'", "''");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(code);
        while (m.find()) {
            String word = m.group();
            for (String k : USER_PROPS.keySet()) {
                if (k.equalsIgnoreCase(word) && !Permissions.BASIC_USER_PROPERTIES.contains(k)) {
                    return k;
                }
            }
        }
        return null;
    }

    static Map<String, Function<Entity, @Nullable Object>> props(ObjectType t) {
        switch (t) {
            case USER:
                return USER_PROPS;
            case GROUP:
                return GROUP_PROPS;
            default:
                return OTHER_PROPS;
        }
    }

    static String typeName(@Nullable ObjectType t) {
        return t == null ? "microsoft.graph.directoryObject" : t.castName();
    }

    /** Parse {@code $select}; for a known type unknown names fail, for directoryObject lists they are kept. */
    public static @Nullable Set<String> select(@Nullable String select, @Nullable ObjectType type) {
        if (select == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String raw : select.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                throw GraphException.badRequest("Invalid $select value.");
            }
            String canonical = canonical(name, type);
            if (canonical == null) {
                throw GraphException.badRequest("Could not find a property named '" + name + "' on type '"
                        + typeName(type) + "'.");
            }
            out.add(canonical);
        }
        return out;
    }

    private static @Nullable String canonical(String name, @Nullable ObjectType type) {
        List<Map<String, Function<Entity, @Nullable Object>>> maps = type == null
                ? List.of(USER_PROPS, GROUP_PROPS, OTHER_PROPS) : List.of(props(type));
        for (Map<String, Function<Entity, @Nullable Object>> m : maps) {
            for (String k : m.keySet()) {
                if (k.equalsIgnoreCase(name)) {
                    return k;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ $search

    /** Parse {@code $search="displayName:foo" [AND|OR "mail:bar"]}. */
    public static Predicate<Entity> search(String search, @Nullable ObjectType type) {
        String s = search.trim();
        List<Predicate<Entity>> clauses = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
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
            String canonical = canonical(prop, type);
            if (canonical == null || !Set.of("displayName", "description", "mail", "mailNickname", "userPrincipalName",
                    "givenName", "surname").contains(canonical)) {
                throw GraphException.unsupported("Unsupported property '" + prop + "' in $search.");
            }
            clauses.add(e -> {
                Object v = value(e, canonical);
                return v instanceof String && tokenMatch((String) v, term);
            });
            i = end + 1;
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
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
                i = sp + 1;
                while (i < s.length() && s.charAt(i) == ' ') {
                    i++;
                }
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

    /** Tokenized prefix match, case-insensitive. */
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

    static @Nullable Object value(Entity e, String prop) {
        Function<Entity, @Nullable Object> f = props(e.type).get(prop);
        return f == null ? null : f.apply(e);
    }

    // ------------------------------------------------------------------ $filter

    /**
     * Parse a {@code $filter}.
     *
     * @param advanced whether the request is an advanced query ({@code ConsistencyLevel: eventual} and {@code $count=true})
     */
    public static Predicate<Entity> filter(String filter, @Nullable ObjectType type, boolean advanced) {
        Parser p = new Parser(tokenize(filter), type, advanced);
        Predicate<Entity> result = p.or();
        if (p.pos != p.tokens.size()) {
            throw GraphException.badRequest("Invalid filter clause: syntax error at position " + p.pos + " in '"
                    + filter + "'.");
        }
        return result;
    }

    private record Tok(char kind, String text) {
        // kind: 'i' identifier, 's' string literal, 'p' punctuation
    }

    private static List<Tok> tokenize(String s) {
        List<Tok> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw GraphException.badRequest("Invalid filter clause: unterminated string literal.");
                    }
                    char d = s.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(d);
                    i++;
                }
                out.add(new Tok('s', b.toString()));
            } else if ("(),:/".indexOf(c) >= 0) {
                out.add(new Tok('p', String.valueOf(c)));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@' || c == '$') {
                int st = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_.-@$".indexOf(s.charAt(i)) >= 0)) {
                    i++;
                }
                out.add(new Tok('i', s.substring(st, i)));
            } else {
                throw GraphException.badRequest("Invalid filter clause: unexpected character '" + c + "'.");
            }
        }
        return out;
    }

    private static final class Parser {
        final List<Tok> tokens;
        final @Nullable ObjectType type;
        final boolean advanced;
        int pos;

        Parser(List<Tok> tokens, @Nullable ObjectType type, boolean advanced) {
            this.tokens = tokens;
            this.type = type;
            this.advanced = advanced;
        }

        @Nullable Tok peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        boolean peekWord(String w) {
            Tok t = peek();
            return t != null && t.kind == 'i' && t.text.equalsIgnoreCase(w);
        }

        Tok next() {
            if (pos >= tokens.size()) {
                throw GraphException.badRequest("Invalid filter clause: unexpected end of expression.");
            }
            return tokens.get(pos++);
        }

        void expect(String punct) {
            Tok t = next();
            if (t.kind != 'p' || !t.text.equals(punct)) {
                throw GraphException.badRequest("Invalid filter clause: expected '" + punct + "' but found '"
                        + t.text + "'.");
            }
        }

        Predicate<Entity> or() {
            Predicate<Entity> left = and();
            while (peekWord("or")) {
                pos++;
                Predicate<Entity> right = and();
                Predicate<Entity> l = left;
                left = e -> l.test(e) || right.test(e);
            }
            return left;
        }

        Predicate<Entity> and() {
            Predicate<Entity> left = primary();
            while (peekWord("and")) {
                pos++;
                Predicate<Entity> right = primary();
                Predicate<Entity> l = left;
                left = e -> l.test(e) && right.test(e);
            }
            return left;
        }

        void needAdvanced(String what) {
            if (!advanced) {
                throw GraphException.unsupported("Operator '" + what + "' is not supported because the required "
                        + "parameters might be missing. Try adding $count with a value of true and setting the "
                        + "ConsistencyLevel header to eventual.");
            }
        }

        Predicate<Entity> primary() {
            Tok t = peek();
            if (t == null) {
                throw GraphException.badRequest("Invalid filter clause: unexpected end of expression.");
            }
            if (t.kind == 'p' && t.text.equals("(")) {
                pos++;
                Predicate<Entity> inner = or();
                expect(")");
                return inner;
            }
            if (peekWord("not")) {
                needAdvanced("not");
                pos++;
                Predicate<Entity> inner = primary();
                return inner.negate();
            }
            if (t.kind != 'i') {
                throw GraphException.badRequest("Invalid filter clause: unexpected '" + t.text + "'.");
            }
            String word = next().text;
            String lw = word.toLowerCase(Locale.ROOT);
            if ((lw.equals("startswith") || lw.equals("endswith")) && peekPunct("(")) {
                if (lw.equals("endswith")) {
                    needAdvanced("endsWith");
                }
                expect("(");
                String prop = property(next().text);
                expect(",");
                String lit = stringLiteral();
                expect(")");
                boolean starts = lw.equals("startswith");
                return e -> {
                    Object v = value(e, prop);
                    if (v instanceof List) {
                        throw GraphException.unsupported("Unsupported query.");
                    }
                    return v instanceof String && (starts ? lower((String) v).startsWith(lower(lit))
                            : lower((String) v).endsWith(lower(lit)));
                };
            }
            String prop = property(word);
            if (peekPunct("/")) {
                pos++;
                Tok any = next();
                if (!any.text.equalsIgnoreCase("any")) {
                    throw GraphException.unsupported("Lambda operator '" + any.text + "' is not supported.");
                }
                expect("(");
                String var = next().text;
                expect(":");
                Predicate<Object> body = lambdaBody(var);
                expect(")");
                return e -> {
                    Object v = value(e, prop);
                    if (!(v instanceof List)) {
                        return false;
                    }
                    for (Object item : (List<?>) v) {
                        if (body.test(item)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            if (isCollection(prop)) {
                throw GraphException.unsupported("Property '" + prop + "' is a collection; use a lambda such as "
                        + prop + "/any(x:x eq 'value').");
            }
            Tok op = next();
            String lop = op.text.toLowerCase(Locale.ROOT);
            switch (lop) {
                case "eq":
                case "ne": {
                    if (lop.equals("ne")) {
                        needAdvanced("ne");
                    }
                    Object lit = literal();
                    if (lit instanceof String && ((String) lit).length() > 120) {
                        throw GraphException.badRequest("Invalid filter clause: the value is longer than 120 characters.");
                    }
                    Predicate<Entity> eq = e -> equalsValue(value(e, prop), lit);
                    return lop.equals("eq") ? eq : eq.negate();
                }
                case "in": {
                    expect("(");
                    List<Object> values = new ArrayList<>();
                    values.add(literal());
                    while (peekPunct(",")) {
                        pos++;
                        values.add(literal());
                    }
                    expect(")");
                    if (values.size() > 15 && !advanced) {
                        throw GraphException.badRequest("Too many child clauses specified in search filter "
                                + "expression containing 'OR' operators: " + values.size() + ". Max allowed: 15.");
                    }
                    return e -> {
                        Object v = value(e, prop);
                        for (Object lit : values) {
                            if (equalsValue(v, lit)) {
                                return true;
                            }
                        }
                        return false;
                    };
                }
                case "ge":
                case "le":
                case "gt":
                case "lt":
                    throw GraphException.unsupported("Operator '" + op.text + "' is not supported.");
                default:
                    throw GraphException.badRequest("Invalid filter clause: unknown operator '" + op.text + "'.");
            }
        }

        Predicate<Object> lambdaBody(String var) {
            Tok t = next();
            if (t.text.equalsIgnoreCase("startswith")) {
                expect("(");
                Tok v = next();
                if (!v.text.equals(var)) {
                    throw GraphException.badRequest("Invalid filter clause: unknown range variable '" + v.text + "'.");
                }
                expect(",");
                String lit = stringLiteral();
                expect(")");
                return o -> o instanceof String && lower((String) o).startsWith(lower(lit));
            }
            if (!t.text.equals(var)) {
                throw GraphException.badRequest("Invalid filter clause: unknown range variable '" + t.text + "'.");
            }
            Tok op = next();
            if (!op.text.equalsIgnoreCase("eq")) {
                throw GraphException.unsupported("Operator '" + op.text + "' is not supported in a lambda.");
            }
            Object lit = literal();
            return o -> equalsValue(o, lit);
        }

        boolean peekPunct(String p) {
            Tok t = peek();
            return t != null && t.kind == 'p' && t.text.equals(p);
        }

        String property(String name) {
            String canonical = canonical(name, type);
            if (canonical == null) {
                throw GraphException.badRequest("Could not find a property named '" + name + "' on type '"
                        + typeName(type) + "'.");
            }
            return canonical;
        }

        boolean isCollection(String prop) {
            return Set.of("otherMails", "proxyAddresses", "groupTypes", "businessPhones").contains(prop);
        }

        String stringLiteral() {
            Object o = literal();
            if (!(o instanceof String)) {
                throw GraphException.badRequest("Invalid filter clause: a string literal was expected.");
            }
            return (String) o;
        }

        @Nullable Object literal() {
            Tok t = next();
            if (t.kind == 's') {
                return t.text;
            }
            if (t.kind == 'i') {
                String l = t.text.toLowerCase(Locale.ROOT);
                if (l.equals("true") || l.equals("false")) {
                    return Boolean.valueOf(l);
                }
                if (l.equals("null")) {
                    return null;
                }
            }
            throw GraphException.badRequest("Invalid filter clause: unexpected literal '" + t.text + "'.");
        }
    }

    static boolean equalsValue(@Nullable Object v, @Nullable Object lit) {
        if (lit == null) {
            return v == null;
        }
        if (v == null) {
            return false;
        }
        if (v instanceof String && lit instanceof String) {
            return ((String) v).equalsIgnoreCase((String) lit);
        }
        return v.equals(lit);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
