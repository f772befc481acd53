package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
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
 * plan's changes rest on. A failed lookup never turns into "no such user": it fails the whole operation.
 */
final class Resolver {

    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);
    private static final List<String> LOOKUP_PERMISSIONS = List.of("User.ReadBasic.All", "User.Read.All");
    /**
     * The most pages one user-lookup filter may take. Each filter names at most 15 addresses (Graph's limit of 15
     * {@code in}/{@code or} terms per filter), each matching a handful of users at most, and asks for 999 per page:
     * one page is the rule and a second already odd. Ten leaves a wide margin; more is a server loop.
     */
    private static final int MAX_LOOKUP_PAGES = 10;

    private final IntegrationRuntime runtime;

    Resolver(IntegrationRuntime runtime) {
        this.runtime = runtime;
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
        BatchRunner runner = new BatchRunner(port, runtime.calls(), null, runtime.config().maxRetries(),
                runtime.config().maxRetryWait(), operation);
        List<UserRecord> users = new ArrayList<>(query(runner,
                UserMatcher.primaryFilters(emails, options.matchRules()), operation));
        List<String> unresolved = new ArrayList<>();
        UserMatcher.Index found = new UserMatcher.Index(users);
        for (String e : emails) {
            if (found.primaryMatches(e, options.matchRules()).isEmpty()) {
                unresolved.add(e);
            }
        }
        try {
            users.addAll(query(runner, UserMatcher.aliasFilters(unresolved, options.matchRules()), operation));
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
        BatchRunner runner = new BatchRunner(port, runtime.calls(), null, runtime.config().maxRetries(),
                runtime.config().maxRetryWait(), operation);
        List<String> filters = new ArrayList<>();
        for (List<String> part : UserMatcher.chunks(ids, UserMatcher.MAX_EXPRESSIONS)) {
            filters.add("id in (" + String.join(",", part.stream().map(Emails::literal).toList()) + ")");
        }
        List<UserRecord> users;
        try {
            users = query(runner, filters, operation);
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

    private List<UserRecord> query(BatchRunner runner, List<String> filters, String operation) {
        List<UserRecord> users = new ArrayList<>();
        List<Step.UserQuery> steps = filters.stream().map(f -> new Step.UserQuery(f, null)).toList();
        Set<String> seenLinks = new java.util.HashSet<>();
        for (int round = 1; !steps.isEmpty(); round++) {
            if (round > MAX_LOOKUP_PAGES) {
                throw cc.equa.msgraph.internal.Pages.malformed(operation + " (looking up users by e-mail)",
                        "Microsoft Graph kept returning next-page links for a user lookup past " + MAX_LOOKUP_PAGES
                                + " pages", null);
            }
            List<StepResponse> responses = runner.run(steps);
            List<Step.UserQuery> next = new ArrayList<>();
            for (StepResponse r : responses) {
                if (!r.ok()) {
                    // A failed lookup must never turn into "no such user": fail the whole plan.
                    throw ErrorMapper.fromGraph(operation + " (looking up users by e-mail)",
                            new GraphFailure(r.status(), r.code(), r.message(), r.requestId(), r.retryAfter()),
                            LOOKUP_PERMISSIONS, null);
                }
                JsonObject body = r.body();
                if (body == null) {
                    continue;
                }
                if (body.has("value") && body.get("value").isJsonArray()) {
                    for (JsonElement e : body.getAsJsonArray("value")) {
                        users.add(user(e.getAsJsonObject()));
                    }
                }
                String link = SdkGraphPort.str(body, "@odata.nextLink");
                if (link != null && !link.isBlank()) {
                    if (!seenLinks.add(link)) {
                        throw cc.equa.msgraph.internal.Pages.malformed(operation + " (looking up users by e-mail)",
                                "Microsoft Graph returned a user lookup's next-page link it had returned before (a"
                                        + " paging cycle)", r.requestId());
                    }
                    next.add(new Step.UserQuery(null, link));
                }
            }
            steps = next;
        }
        return users;
    }

    private static UserRecord user(JsonObject o) {
        return new UserRecord(String.valueOf(SdkGraphPort.str(o, "id")), SdkGraphPort.str(o, "displayName"),
                SdkGraphPort.str(o, "mail"), SdkGraphPort.str(o, "userPrincipalName"), strings(o, "otherMails"),
                strings(o, "proxyAddresses"),
                o.has("accountEnabled") && !o.get("accountEnabled").isJsonNull()
                        ? o.get("accountEnabled").getAsBoolean() : null);
    }

    private static List<String> strings(JsonObject o, String name) {
        List<String> out = new ArrayList<>();
        if (o.has(name) && o.get(name).isJsonArray()) {
            for (JsonElement e : o.getAsJsonArray(name)) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        }
        return out;
    }
}
