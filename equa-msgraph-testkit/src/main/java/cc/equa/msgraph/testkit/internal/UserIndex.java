package cc.equa.msgraph.testkit.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Indexes of a tenant's users by the properties a sync looks users up by ({@code mail}, {@code userPrincipalName},
 * {@code otherMails}, {@code proxyAddresses}), so that {@code GET /users?$filter=…} over 100,000 users answers from a
 * few index probes instead of a scan. Real Graph serves these filters from its own indexes; the fake only has to be
 * fast enough for end-to-end benchmarks at that scale.
 *
 * <p>Only a filter that is entirely an OR of equality tests on indexed properties ({@code mail eq 'a'},
 * {@code userPrincipalName in ('a','b')}, {@code otherMails/any(x:x eq 'a')}, {@code proxyAddresses/any(x:x eq
 * 'smtp:a')}, {@code id eq}/{@code id in}, parenthesised or not) is answered from the index; the index yields
 * candidates, and the request's full predicate is still applied to them, so the answer is the same as a scan's.
 * Any other filter scans.
 *
 * <p>Kept in step by {@link TenantState#add}, {@link TenantState#remove} and {@link TenantState#clearDirectory}. Code
 * that changes an indexed property of an existing user must call {@link TenantState#userChanging} before the change
 * and {@link TenantState#userChanged} after it. Values are compared case-insensitively, as Graph compares them.
 * Guarded by the tenant's lock.
 */
public final class UserIndex {
    private final Map<String, Object> mail = new HashMap<>();
    private final Map<String, Object> upn = new HashMap<>();
    private final Map<String, Object> otherMails = new HashMap<>();
    private final Map<String, Object> proxyAddresses = new HashMap<>();

    void add(Entity u) {
        String k = TenantState.key(u.id);
        put(mail, u.mail, k);
        put(upn, u.userPrincipalName, k);
        u.otherMails.forEach(v -> put(otherMails, v, k));
        u.proxyAddresses.forEach(v -> put(proxyAddresses, v, k));
    }

    void remove(Entity u) {
        String k = TenantState.key(u.id);
        drop(mail, u.mail, k);
        drop(upn, u.userPrincipalName, k);
        u.otherMails.forEach(v -> drop(otherMails, v, k));
        u.proxyAddresses.forEach(v -> drop(proxyAddresses, v, k));
    }

    void clear() {
        mail.clear();
        upn.clear();
        otherMails.clear();
        proxyAddresses.clear();
    }

    /**
     * The keys of the users a filter can match, in key order, or null when the filter is not an OR of indexed
     * equalities (then the caller scans).
     */
    @Nullable NavigableSet<String> candidates(@Nullable String filter, NavigableMap<String, Entity> users) {
        if (filter == null) {
            return null;
        }
        List<String[]> tests;
        try {
            tests = new Lookup(filter).parse();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (tests == null) {
            return null;
        }
        TreeSet<String> out = new TreeSet<>();
        for (String[] t : tests) {
            String v = t[1].toLowerCase(Locale.ROOT);
            switch (t[0]) {
                case "id" -> {
                    if (users.containsKey(v)) {
                        out.add(v);
                    }
                }
                case "mail" -> collect(mail.get(v), out);
                case "userprincipalname" -> collect(upn.get(v), out);
                case "othermails" -> collect(otherMails.get(v), out);
                default -> collect(proxyAddresses.get(v), out);
            }
        }
        return out;
    }

    /** The users behind keys, skipping any that no longer exist. */
    static Iterator<Entity> entities(NavigableMap<String, Entity> users, Collection<String> keys) {
        return present(users, keys.iterator());
    }

    /**
     * The objects behind keys, in the keys' order, skipping keys whose object no longer exists (a relation or an
     * index entry may outlive a deleted object for a moment; Graph never lists a deleted object).
     */
    static Iterator<Entity> present(Map<String, Entity> objects, Iterator<String> keys) {
        return new Iterator<>() {
            @Nullable Entity next = advance();

            private @Nullable Entity advance() {
                while (keys.hasNext()) {
                    Entity e = objects.get(keys.next());
                    if (e != null) {
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Entity next() {
                Entity e = next;
                if (e == null) {
                    throw new NoSuchElementException();
                }
                next = advance();
                return e;
            }
        };
    }

    // One key per value is the common case: store it bare, and a set only once a value is shared.
    private static void put(Map<String, Object> index, @Nullable String value, String key) {
        if (value == null) {
            return;
        }
        index.merge(value.toLowerCase(Locale.ROOT), key, (old, k) -> {
            if (old instanceof TreeSet<?>) {
                @SuppressWarnings("unchecked")
                TreeSet<String> set = (TreeSet<String>) old;
                set.add(key);
                return set;
            }
            if (old.equals(key)) {
                return old;
            }
            TreeSet<String> set = new TreeSet<>();
            set.add((String) old);
            set.add(key);
            return set;
        });
    }

    private static void drop(Map<String, Object> index, @Nullable String value, String key) {
        if (value == null) {
            return;
        }
        index.computeIfPresent(value.toLowerCase(Locale.ROOT), (v, old) -> {
            if (old instanceof TreeSet<?> set) {
                set.remove(key);
                return set.isEmpty() ? null : set.size() == 1 ? set.first() : set;
            }
            return old.equals(key) ? null : old;
        });
    }

    private static void collect(@Nullable Object hit, TreeSet<String> out) {
        if (hit instanceof String s) {
            out.add(s);
        } else if (hit instanceof TreeSet<?> set) {
            set.forEach(k -> out.add((String) k));
        }
    }

    /**
     * Reads a filter as an OR of indexed equalities: {@code [property, value]} pairs (property lower-case), or null
     * when it is anything else. Throws IllegalArgumentException on syntax it does not follow (then: scan).
     */
    private static final class Lookup {
        private final List<String> tokens = new ArrayList<>();
        private int pos;

        Lookup(String filter) {
            int i = 0;
            while (i < filter.length()) {
                char c = filter.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'') {
                    StringBuilder b = new StringBuilder("'");
                    i++;
                    while (true) {
                        if (i >= filter.length()) {
                            throw new IllegalArgumentException();
                        }
                        char d = filter.charAt(i);
                        if (d == '\'' && i + 1 < filter.length() && filter.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                        } else if (d == '\'') {
                            i++;
                            break;
                        } else {
                            b.append(d);
                            i++;
                        }
                    }
                    tokens.add(b.toString());
                } else if ("(),:/".indexOf(c) >= 0) {
                    tokens.add(String.valueOf(c));
                    i++;
                } else {
                    int st = i;
                    while (i < filter.length() && !Character.isWhitespace(filter.charAt(i))
                            && "(),:/'".indexOf(filter.charAt(i)) < 0) {
                        i++;
                    }
                    tokens.add(filter.substring(st, i).toLowerCase(Locale.ROOT));
                }
            }
        }

        @Nullable List<String[]> parse() {
            List<String[]> out = new ArrayList<>();
            if (!or(out) || pos != tokens.size()) {
                return null;
            }
            return out;
        }

        private boolean or(List<String[]> out) {
            if (!term(out)) {
                return false;
            }
            while (peek("or")) {
                pos++;
                if (!term(out)) {
                    return false;
                }
            }
            return true;
        }

        private boolean term(List<String[]> out) {
            String t = next();
            if (t.equals("(")) {
                return or(out) && next().equals(")");
            }
            switch (t) {
                case "id", "mail", "userprincipalname" -> {
                    String op = next();
                    if (op.equals("eq")) {
                        return literal(t, out);
                    }
                    if (!op.equals("in") || !next().equals("(")) {
                        return false;
                    }
                    do {
                        if (!literal(t, out)) {
                            return false;
                        }
                    } while (next().equals(","));
                    return tokens.get(pos - 1).equals(")");
                }
                case "othermails", "proxyaddresses" -> {
                    if (!next().equals("/") || !next().equals("any") || !next().equals("(")) {
                        return false;
                    }
                    String var = next();
                    return next().equals(":") && next().equals(var) && next().equals("eq") && literal(t, out)
                            && next().equals(")");
                }
                default -> {
                    return false;
                }
            }
        }

        private boolean literal(String property, List<String[]> out) {
            String t = next();
            if (!t.startsWith("'")) {
                return false;
            }
            out.add(new String[] {property, t.substring(1)});
            return true;
        }

        private boolean peek(String word) {
            return pos < tokens.size() && tokens.get(pos).equals(word);
        }

        private String next() {
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException();
            }
            return tokens.get(pos++);
        }
    }
}
