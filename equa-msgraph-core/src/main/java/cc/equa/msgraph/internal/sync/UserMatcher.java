package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.MatchRules.Attribute;
import cc.equa.msgraph.internal.graph.UserRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Match normalised e-mail addresses to Entra users: build the lookup filters (at most 15 expressions each, quotes
 * escaped) and resolve the users they returned, client-side and case-insensitively. Primary identifiers ({@code mail},
 * {@code userPrincipalName}) win; aliases ({@code otherMails}, {@code proxyAddresses}) are looked up only for
 * addresses not found there.
 */
public final class UserMatcher {

    /** Graph's default limit of expressions in one {@code in} filter. */
    public static final int MAX_EXPRESSIONS = 15;

    private UserMatcher() {
    }

    /**
     * Build the filters looking addresses up by mail and/or user principal name.
     *
     * @param emails normalised, plausible addresses
     * @param rules the rules
     * @return the filters (empty if the rules use neither attribute)
     */
    public static List<String> primaryFilters(List<String> emails, MatchRules rules) {
        boolean mail = rules.uses(Attribute.MAIL);
        boolean upn = rules.uses(Attribute.USER_PRINCIPAL_NAME);
        if (!mail && !upn) {
            return List.of();
        }
        // one attribute per filter, fifteen values each: every value counts against the 15-clause OR limit, so
        // "mail in (7) or userPrincipalName in (7)" would carry 14 addresses' worth in two attributes where two
        // filters of 15 carry 15 each (issue 17's floor: 2 x ceil(n / 15) filters)
        // filters of 15 carry 15 each (issue 17's floor: 2 x ceil(n / 15) filters); a remainder of up to 7 goes in one
        // filter on both attributes
        List<String> filters = new ArrayList<>();
        for (List<String> part : chunks(emails, MAX_EXPRESSIONS)) {
            String values = String.join(",", part.stream().map(Emails::literal).toList());
            if (mail && upn && part.size() <= MAX_EXPRESSIONS / 2) {
                filters.add("mail in (" + values + ") or userPrincipalName in (" + values + ")");
                continue;
            }
            if (mail) {
                filters.add("mail in (" + values + ")");
            }
            if (upn) {
                filters.add("userPrincipalName in (" + values + ")");
            }
        }
        return filters;
    }

    /**
     * Build the filters looking addresses up among aliases ({@code otherMails}, {@code proxyAddresses}).
     *
     * @param emails normalised, plausible addresses
     * @param rules the rules
     * @return the filters (empty if the rules use neither attribute)
     */
    public static List<String> aliasFilters(List<String> emails, MatchRules rules) {
        boolean other = rules.uses(Attribute.OTHER_MAILS);
        boolean proxy = rules.uses(Attribute.PROXY_ADDRESSES);
        if (!other && !proxy) {
            return List.of();
        }
        int chunk = other && proxy ? MAX_EXPRESSIONS / 2 : MAX_EXPRESSIONS;
        List<String> filters = new ArrayList<>();
        for (List<String> part : chunks(emails, chunk)) {
            List<String> clauses = new ArrayList<>();
            for (String e : part) {
                if (other) {
                    clauses.add("otherMails/any(x:x eq " + Emails.literal(e) + ")");
                }
                if (proxy) {
                    clauses.add("proxyAddresses/any(x:x eq " + Emails.literal("smtp:" + e) + ")");
                }
            }
            filters.add(String.join(" or ", clauses));
        }
        return filters;
    }

    /**
     * Return the users whose primary identifiers (as the rules allow) equal the address.
     *
     * @param email a normalised address
     * @param users candidate users
     * @param rules the rules
     * @return the matching users, by id
     */
    public static Map<String, UserRecord> primaryMatches(String email, Collection<UserRecord> users,
            MatchRules rules) {
        Map<String, UserRecord> out = new TreeMap<>();
        for (UserRecord u : users) {
            if ((rules.uses(Attribute.MAIL) && email.equals(Emails.normalize(u.mail())))
                    || (rules.uses(Attribute.USER_PRINCIPAL_NAME)
                            && email.equals(Emails.normalize(u.userPrincipalName())))) {
                out.put(u.id(), u);
            }
        }
        return out;
    }

    /**
     * Return the users whose aliases (as the rules allow) hold the address.
     *
     * @param email a normalised address
     * @param users candidate users
     * @param rules the rules
     * @return the matching users, by id
     */
    public static Map<String, UserRecord> aliasMatches(String email, Collection<UserRecord> users, MatchRules rules) {
        Map<String, UserRecord> out = new TreeMap<>();
        for (UserRecord u : users) {
            boolean hit = rules.uses(Attribute.OTHER_MAILS)
                    && u.otherMails().stream().anyMatch(m -> email.equals(Emails.normalize(m)));
            hit = hit || rules.uses(Attribute.PROXY_ADDRESSES)
                    && u.proxyAddresses().stream().anyMatch(p -> email.equals(Emails.fromProxyAddress(p)));
            if (hit) {
                out.put(u.id(), u);
            }
        }
        return out;
    }

    /**
     * Resolve one address from the matches found.
     *
     * @param primary matches on primary identifiers
     * @param alias matches on aliases (consulted only when there is no primary match)
     * @return the resolution
     */
    public static Resolution resolve(Map<String, UserRecord> primary, Map<String, UserRecord> alias) {
        Map<String, UserRecord> hits = primary.isEmpty() ? alias : primary;
        if (hits.isEmpty()) {
            return new Resolution(Resolution.Status.NONE, null, List.of());
        }
        if (hits.size() > 1) {
            return new Resolution(Resolution.Status.AMBIGUOUS, null, List.copyOf(hits.keySet()));
        }
        UserRecord u = hits.values().iterator().next();
        if (Boolean.FALSE.equals(u.accountEnabled())) {
            return new Resolution(Resolution.Status.DISABLED, u, List.of(u.id()));
        }
        return new Resolution(Resolution.Status.MATCHED, u, List.of());
    }

    /**
     * Resolve many addresses against every user the lookups returned.
     *
     * @param emails the normalised addresses
     * @param users every user returned
     * @param rules the rules
     * @return the resolutions, in the order of the addresses
     */
    public static Map<String, Resolution> resolveAll(Collection<String> emails, Collection<UserRecord> users,
            MatchRules rules) {
        Index index = new Index(users);
        Map<String, Resolution> out = new LinkedHashMap<>();
        for (String e : emails) {
            out.put(e, resolve(index.primaryMatches(e, rules), index.aliasMatches(e, rules)));
        }
        return out;
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }

    /**
     * The users a lookup returned, indexed by their normalised identifiers, so that resolving {@code n} addresses
     * against {@code m} users costs {@code O(n + m)} instead of {@code O(n x m)}. Answers exactly as
     * {@link #primaryMatches(String, Collection, MatchRules)} and {@link #aliasMatches(String, Collection, MatchRules)}
     * over the same users: the same users, and for a user id returned more than once the record seen last.
     */
    public static final class Index {
        private final List<UserRecord> users;
        private final Map<String, int[]> mail = new HashMap<>();
        private final Map<String, int[]> upn = new HashMap<>();
        private final Map<String, int[]> otherMails = new HashMap<>();
        private final Map<String, int[]> proxyAddresses = new HashMap<>();

        /**
         * Index users.
         *
         * @param users the users, in the order they were returned
         */
        public Index(Collection<UserRecord> users) {
            this.users = List.copyOf(users);
            for (int i = 0; i < this.users.size(); i++) {
                UserRecord u = this.users.get(i);
                put(mail, Emails.normalize(u.mail()), i);
                put(upn, Emails.normalize(u.userPrincipalName()), i);
                for (String m : u.otherMails()) {
                    put(otherMails, Emails.normalize(m), i);
                }
                for (String p : u.proxyAddresses()) {
                    put(proxyAddresses, Emails.fromProxyAddress(p), i);
                }
            }
        }

        private static void put(Map<String, int[]> map, @Nullable String key, int position) {
            if (key == null) {
                return;
            }
            int[] old = map.get(key);
            if (old == null) {
                map.put(key, new int[] {position});
            } else if (old[old.length - 1] != position) {
                int[] grown = Arrays.copyOf(old, old.length + 1);
                grown[old.length] = position;
                map.put(key, grown);
            }
        }

        /**
         * Return the users whose primary identifiers (as the rules allow) equal the address.
         *
         * @param email a normalised address
         * @param rules the rules
         * @return the matching users, by id
         */
        public Map<String, UserRecord> primaryMatches(String email, MatchRules rules) {
            return collect(rules.uses(Attribute.MAIL) ? mail.get(email) : null,
                    rules.uses(Attribute.USER_PRINCIPAL_NAME) ? upn.get(email) : null);
        }

        /**
         * Return the users whose aliases (as the rules allow) hold the address.
         *
         * @param email a normalised address
         * @param rules the rules
         * @return the matching users, by id
         */
        public Map<String, UserRecord> aliasMatches(String email, MatchRules rules) {
            return collect(rules.uses(Attribute.OTHER_MAILS) ? otherMails.get(email) : null,
                    rules.uses(Attribute.PROXY_ADDRESSES) ? proxyAddresses.get(email) : null);
        }

        private Map<String, UserRecord> collect(int @Nullable [] a, int @Nullable [] b) {
            Map<String, UserRecord> out = new TreeMap<>();
            if (a == null && b == null) {
                return out;
            }
            // in list order, so that a user returned twice keeps the record seen last, as a linear scan would
            TreeSet<Integer> positions = new TreeSet<>();
            for (int[] arr : new int[][] {a, b}) {
                if (arr != null) {
                    for (int p : arr) {
                        positions.add(p);
                    }
                }
            }
            for (int p : positions) {
                UserRecord u = users.get(p);
                out.put(u.id(), u);
            }
            return out;
        }
    }

    /**
     * How one address resolved.
     *
     * @param status the outcome
     * @param user the single user found (matched or disabled), or null
     * @param candidateIds the users involved when ambiguous or disabled
     */
    public record Resolution(Status status, @Nullable UserRecord user, List<String> candidateIds) {

        /** Copy the list. */
        public Resolution {
            Objects.requireNonNull(status);
            candidateIds = List.copyOf(candidateIds);
        }

        /** How an address resolved. */
        public enum Status {
            /** Exactly one enabled user. */
            MATCHED,
            /** No user. */
            NONE,
            /** Several users. */
            AMBIGUOUS,
            /** Exactly one user, disabled. */
            DISABLED
        }
    }
}
