package cc.equa.msgraph.testkit.internal;

import static cc.equa.msgraph.testkit.internal.ODataProperties.value;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code $filter} subset of directory objects
 * (https://learn.microsoft.com/en-us/graph/filter-query-parameter?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/aad-advanced-queries?view=graph-rest-1.0): {@code eq}, {@code in},
 * {@code startswith}, {@code and}/{@code or}, parentheses and {@code any} lambdas on collections; {@code ne},
 * {@code not} and {@code endswith} only as advanced queries ({@code $count=true} with {@code ConsistencyLevel:
 * eventual}), as Graph requires. Anything else is 400, never ignored: a filter the fake mis-evaluates silently would
 * let a client bug through.
 */
final class ODataFilter {
    /** Collection-valued properties: Graph refuses {@code eq} on them and wants a lambda. */
    private static final Set<String> COLLECTIONS = Set.of("otherMails", "proxyAddresses", "groupTypes",
            "businessPhones");

    private ODataFilter() {
    }

    /**
     * Parse a {@code $filter}.
     *
     * @param advanced whether the request is an advanced query ({@code ConsistencyLevel: eventual} and {@code $count=true})
     */
    static Predicate<Entity> parse(String filter, @Nullable ObjectType type, boolean advanced) {
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
                i = quoted(s, i + 1, out);
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

    /** A string literal whose opening quote precedes {@code start}; {@code ''} is a quote. Returns the index after it. */
    private static int quoted(String s, int start, List<Tok> out) {
        StringBuilder b = new StringBuilder();
        int i = start;
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
                out.add(new Tok('s', b.toString()));
                return i + 1;
            }
            b.append(d);
            i++;
        }
    }

    /**
     * Recursive descent over the tokens, building the predicate as it goes: {@code or} binds looser than {@code and},
     * as in OData; properties resolve against the listed type when known, else against every directory type.
     */
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
            return chain("or", this::and, Predicate::or);
        }

        Predicate<Entity> and() {
            return chain("and", this::primary, Predicate::and);
        }

        /** {@code operand (word operand)*}, joined left to right. */
        private Predicate<Entity> chain(String word, Supplier<Predicate<Entity>> operand,
                BinaryOperator<Predicate<Entity>> join) {
            Predicate<Entity> left = operand.get();
            while (peekWord(word)) {
                pos++;
                left = join.apply(left, operand.get());
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

        /** A parenthesised expression, {@code not}, a string function, a lambda or a comparison. */
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
                return stringFunction(lw.equals("startswith"));
            }
            String prop = property(word);
            if (peekPunct("/")) {
                return lambda(prop);
            }
            if (isCollection(prop)) {
                throw GraphException.unsupported("Property '" + prop + "' is a collection; use a lambda such as "
                        + prop + "/any(x:x eq 'value').");
            }
            return comparison(prop);
        }

        /** {@code startswith(prop,'x')}; {@code endswith} only as an advanced query (aad-advanced-queries). */
        Predicate<Entity> stringFunction(boolean starts) {
            if (!starts) {
                needAdvanced("endsWith");
            }
            expect("(");
            String prop = property(next().text);
            expect(",");
            String lit = stringLiteral();
            expect(")");
            return e -> {
                Object v = value(e, prop);
                if (v instanceof List) {
                    throw GraphException.unsupported("Unsupported query.");
                }
                return v instanceof String sv && (starts ? lower(sv).startsWith(lower(lit))
                        : lower(sv).endsWith(lower(lit)));
            };
        }

        /** {@code prop/any(x:x eq 'v')} or {@code prop/any(x:startswith(x,'v'))} on a collection property. */
        Predicate<Entity> lambda(String prop) {
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
            return e -> value(e, prop) instanceof List<?> items && items.stream().anyMatch(body);
        }

        /**
         * {@code eq}, {@code ne} (advanced only) and {@code in}; Graph caps {@code in} at 15 values outside advanced
         * queries and string literals at 120 characters. Range operators exist in OData but not on these properties.
         */
        Predicate<Entity> comparison(String prop) {
            Tok op = next();
            String lop = op.text.toLowerCase(Locale.ROOT);
            return switch (lop) {
                case "eq", "ne" -> {
                    if (lop.equals("ne")) {
                        needAdvanced("ne");
                    }
                    Object lit = literal();
                    if (lit instanceof String sl && sl.length() > 120) {
                        throw GraphException.badRequest("Invalid filter clause: the value is longer than 120 characters.");
                    }
                    Predicate<Entity> eq = e -> equalsValue(value(e, prop), lit);
                    yield lop.equals("eq") ? eq : eq.negate();
                }
                case "in" -> in(prop);
                case "ge", "le", "gt", "lt" ->
                    throw GraphException.unsupported("Operator '" + op.text + "' is not supported.");
                default -> throw GraphException.badRequest("Invalid filter clause: unknown operator '" + op.text + "'.");
            };
        }

        Predicate<Entity> in(String prop) {
            expect("(");
            List<@Nullable Object> values = new ArrayList<>();
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
                return values.stream().anyMatch(lit -> equalsValue(v, lit));
            };
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
                return o -> o instanceof String so && lower(so).startsWith(lower(lit));
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
            String canonical = ODataProperties.canonical(name, type);
            if (canonical == null) {
                throw GraphException.badRequest("Could not find a property named '" + name + "' on type '"
                        + ODataProperties.typeName(type) + "'.");
            }
            return canonical;
        }

        boolean isCollection(String prop) {
            return COLLECTIONS.contains(prop);
        }

        String stringLiteral() {
            Object o = literal();
            if (!(o instanceof String so)) {
                throw GraphException.badRequest("Invalid filter clause: a string literal was expected.");
            }
            return so;
        }

        /** A string, {@code true}/{@code false} or {@code null}: the literals directory properties can compare to. */
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

    /** Directory string comparisons are case-insensitive ({@code mail eq 'A@x'} finds {@code a@x}). */
    static boolean equalsValue(@Nullable Object v, @Nullable Object lit) {
        if (lit == null) {
            return v == null;
        }
        if (v == null) {
            return false;
        }
        if (v instanceof String sv && lit instanceof String sl) {
            return sv.equalsIgnoreCase(sl);
        }
        return v.equals(lit);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
