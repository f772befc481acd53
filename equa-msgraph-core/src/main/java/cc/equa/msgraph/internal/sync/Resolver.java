package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import java.util.ArrayList;
import java.util.HashMap;
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
        List<UserRecord> users = new ArrayList<>(port.findUsers(
                UserMatcher.primaryFilters(emails, options.matchRules()), operation));
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
        List<String> filters = new ArrayList<>();
        for (List<String> part : UserMatcher.chunks(ids, UserMatcher.MAX_EXPRESSIONS)) {
            filters.add("id in (" + String.join(",", part.stream().map(Emails::literal).toList()) + ")");
        }
        List<UserRecord> users;
        try {
            users = port.findUsers(filters, operation);
        } catch (PermissionDeniedException e) {
            LOG.warn("{}: the removed members' aliases cannot be read with the app's permissions; checking their "
                    + "mail and userPrincipalName only", operation);
            return Map.of();
        }
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
