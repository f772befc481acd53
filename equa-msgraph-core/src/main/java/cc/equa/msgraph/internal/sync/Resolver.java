package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolve e-mail addresses to directory users (and, for the re-check at apply, read users' aliases by id) through
 * batched user lookups. Planning resolves the team's addresses with it; applying resolves again only the addresses a
 * plan's changes rest on. The lookups themselves (batching, paging, decoding) are the gateway's
 * ({@code internal.graph.Users}, through {@link GraphPort#findUsers}); a failed lookup never turns into "no such
 * user": it fails the whole operation.
 */
final class Resolver {

    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);
    Resolver() {
    }

    /**
     * Resolve addresses by the options' match rules: first on the primary attributes, then the still unresolved on
     * the aliases (skipped, with a warning, when the app may not read them).
     *
     * @return the resolution of each address, by normalised address
     */
    Map<String, Resolution> resolve(GraphPort port, List<String> emails, SyncOptions options, String operation) {
        if (emails.isEmpty()) {
            return Map.of();
        }
        return resolveFrom(port, emails, port.findUsers(UserMatcher.primaryFilters(emails, options.matchRules()),
                operation), options, operation);
    }

    /**
     * Read users by id and resolve addresses in one round of lookups (one {@code $batch} when the filters fit): apply's
     * re-check needs both, and the second depends on the first only when a re-read user carries a new address. Users
     * returned for the ids are real directory users, so indexing them beside the address lookups' users adds no match
     * a lookup would not find (any user holding an address on a primary attribute is returned for that address too).
     *
     * @param ids the user ids to read
     * @param emails the normalised addresses to resolve
     * @return the users read by id (those found), and the resolutions of the addresses
     * @throws PermissionDeniedException if the app may not read or filter users that way (the caller falls back)
     */
    Recheck recheck(GraphPort port, List<String> ids, List<String> emails, SyncOptions options, String operation) {
        if (ids.isEmpty() && emails.isEmpty()) {
            return new Recheck(List.of(), Map.of());
        }
        List<String> filters = new ArrayList<>(idFilters(ids));
        filters.addAll(UserMatcher.primaryFilters(emails, options.matchRules()));
        List<UserRecord> found = port.findUsers(filters, operation);
        Set<String> wanted = new HashSet<>();
        ids.forEach(id -> wanted.add(id.toLowerCase(Locale.ROOT)));
        List<UserRecord> byId = found.stream().filter(u -> wanted.contains(u.id().toLowerCase(Locale.ROOT))).toList();
        return new Recheck(byId, emails.isEmpty() ? Map.of() : resolveFrom(port, emails, found, options, operation));
    }

    /** Resolve addresses against the users the primary lookups returned, looking the still unresolved up on aliases. */
    private Map<String, Resolution> resolveFrom(GraphPort port, List<String> emails, List<UserRecord> primary,
            SyncOptions options, String operation) {
        List<UserRecord> users = new ArrayList<>(primary);
        List<String> unresolved = new ArrayList<>();
        UserMatcher.Index found = new UserMatcher.Index(users);
        for (String e : emails) {
            if (found.primaryMatches(e, options.matchRules()).isEmpty()) {
                unresolved.add(e);
            }
        }
        try {
            users.addAll(port.findUsers(UserMatcher.aliasFilters(unresolved, options.matchRules()), operation));
        } catch (PermissionDeniedException e) {
            // With User.ReadBasic.All only, otherMails and proxyAddresses cannot be read or filtered (403): match on
            // mail and userPrincipalName alone, and say so; the unmatched stay "no matching user".
            LOG.warn("{}: aliases (otherMails, proxyAddresses) cannot be read with the app's permissions, so {} "
                    + "address(es) were matched on mail and userPrincipalName only; grant User.Read.All to match "
                    + "aliases too", operation, unresolved.size());
        }
        return UserMatcher.resolveAll(emails, users, options.matchRules());
    }

    /**
     * Read the aliases of the members a mirror removal would hit, by id (15 per lookup, batched), so that a team
     * address they carry is resolved before they are removed. With {@code User.ReadBasic.All} only, aliases cannot be
     * read; the planner could not match on them either, so none are used.
     */
    Map<String, Set<String>> aliases(GraphPort port, List<String> ids, SyncOptions options, String operation) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<UserRecord> users;
        try {
            users = port.findUsers(idFilters(ids), operation);
        } catch (PermissionDeniedException e) {
            LOG.warn("{}: the removed members' aliases cannot be read with the app's permissions; checking their "
                    + "mail and userPrincipalName only", operation);
            return Map.of();
        }
        return aliasesOf(users, options);
    }

    private static List<String> idFilters(List<String> ids) {
        List<String> filters = new ArrayList<>();
        for (List<String> part : UserMatcher.chunks(ids, UserMatcher.MAX_EXPRESSIONS)) {
            filters.add("id in (" + String.join(",", part.stream().map(Emails::literal).toList()) + ")");
        }
        return filters;
    }

    /**
     * Return the aliases (as the rules match them) of users read by id.
     *
     * @return normalised aliases by lower-case user id
     */
    static Map<String, Set<String>> aliasesOf(List<UserRecord> users, SyncOptions options) {
        Map<String, Set<String>> out = new HashMap<>();
        for (UserRecord u : users) {
            Set<String> a = out.computeIfAbsent(u.id().toLowerCase(Locale.ROOT),
                    k -> new LinkedHashSet<>());
            if (options.matchRules().uses(MatchRules.Attribute.OTHER_MAILS)) {
                u.otherMails().stream().map(Emails::normalize).filter(Objects::nonNull).forEach(a::add);
            }
            if (options.matchRules().uses(MatchRules.Attribute.PROXY_ADDRESSES)) {
                u.proxyAddresses().stream().map(Emails::fromProxyAddress).filter(Objects::nonNull)
                        .forEach(a::add);
            }
        }
        return out;
    }

    /**
     * What apply's combined lookup found.
     *
     * @param users the users read by id
     * @param resolutions the resolutions of the addresses
     */
    record Recheck(List<UserRecord> users, Map<String, Resolution> resolutions) {
    }

    /**
     * Return, for each address, the users carrying it as an alias ({@code otherMails}, {@code proxyAddresses}), so
     * that a member found by mail or user principal name is not taken for the only person answering to it. With
     * {@code User.ReadBasic.All} only, aliases cannot be read: nothing is returned and a warning says so.
     *
     * @return user ids (lower case) by normalised address; addresses nobody carries as an alias are absent
     */
    Map<String, Set<String>> aliasHolders(GraphPort port, List<String> emails, SyncOptions options,
            String operation) {
        if (emails.isEmpty()) {
            return Map.of();
        }
        List<UserRecord> users;
        try {
            users = port.findUsers(UserMatcher.aliasFilters(emails, options.matchRules()), operation);
        } catch (PermissionDeniedException e) {
            LOG.warn("{}: aliases cannot be read with the app's permissions, so {} address(es) were checked against "
                    + "mail and userPrincipalName only", operation, emails.size());
            return Map.of();
        }
        UserMatcher.Index index = new UserMatcher.Index(users);
        Map<String, Set<String>> out = new HashMap<>();
        for (String e : emails) {
            Set<String> ids = new LinkedHashSet<>();
            index.aliasMatches(e, options.matchRules()).keySet().forEach(id -> ids.add(id.toLowerCase(Locale.ROOT)));
            if (!ids.isEmpty()) {
                out.put(e, ids);
            }
        }
        return out;
    }
}
