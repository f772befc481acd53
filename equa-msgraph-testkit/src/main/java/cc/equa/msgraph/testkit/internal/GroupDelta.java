package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /groups/delta}, the subset a sync needs
 * (https://learn.microsoft.com/en-us/graph/api/group-delta?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/delta-query-groups?view=graph-rest-1.0; graph-behaviour.md §9):
 * <ul>
 *   <li>the first request names its groups with {@code $filter=id eq '…'} joined by {@code or}, at most 50; any other
 *       filter, or none, is 400 rather than a full-tenant round the fake does not model;</li>
 *   <li>{@code $select} may name {@code members} and {@code owners}: each answer then reports, per tracked group, the
 *       relationship ids added since the previous round and those removed ({@code @removed});</li>
 *   <li>{@code $deltatoken=latest} starts from now with an empty page;</li>
 *   <li>every answer is one page ending in an {@code @odata.deltaLink}; a deleted group shows as {@code @removed};</li>
 *   <li>links live 7 days ({@link cc.equa.msgraph.testkit.Hostility#deltaLinkLifetime()}); an unknown or expired
 *       token is 400 {@code syncStateNotFound}, which tells the client to start over (delta-query-overview,
 *       "Synchronization reset"), or, for a share of expired links
 *       ({@link cc.equa.msgraph.testkit.Hostility#expiredDeltaAsGone()}), 410 Gone with a {@code Location} header
 *       holding the initial query to start over with (same page: "a Location header containing a request URL with
 *       an empty $deltatoken (same as for the initial query)"; the error body's code is not documented);</li>
 *   <li>membership changes made through Graph reach delta only after the read lag ({@link ReadLag}): "changes can
 *       appear late" (delta-query-overview, processing delays).</li>
 * </ul>
 */
final class GroupDelta {
    private static final Pattern DELTA_ID = Pattern.compile("(?i)^\\s*id\\s+eq\\s+'([^']*)'\\s*$");
    private static final int MAX_IDS = 50;

    private final GraphContext ctx;

    GroupDelta(GraphContext ctx) {
        this.ctx = ctx;
    }

    /** What this round tracks, and the round it continues (null for a first request). */
    private record Tracking(List<String> ids, boolean members, boolean owners,
            TenantState.@Nullable DeltaRound previous) {
    }

    GraphResult round(Call x) {
        Permissions.READ_MEMBERS.check(x.caller());
        TenantState t = x.tenant();
        String token = x.request().url.queryParameter("$deltatoken");
        boolean fromNow = "latest".equals(token);
        boolean first = token == null || token.isEmpty() || fromNow;
        Tracking tr = first ? start(x.request()) : resume(t, token);
        if (tr == null) {
            return gone(t.deltaRounds.get(token), x.request());
        }
        Map<String, Set<String>> members = tr.members() ? snapshot(t, tr.ids(), Relation.MEMBERS) : null;
        Map<String, Set<String>> owners = tr.owners() ? snapshot(t, tr.ids(), Relation.OWNERS) : null;
        JsonArray value = fromNow ? new JsonArray() : changes(t, tr, members, owners);
        String next = UUID.randomUUID().toString().replace("-", "");
        Set<String> existing = new HashSet<>();
        tr.ids().stream().filter(t.groups::containsKey).forEach(existing::add);
        t.deltaRounds.put(next, new TenantState.DeltaRound(tr.ids(), existing, members, owners, ctx.now()));
        JsonObject out = new JsonObject();
        out.addProperty("@odata.context", ctx.graphRoot() + "/v1.0/$metadata#groups");
        out.add("value", value);
        out.addProperty("@odata.deltaLink", x.request().root(ctx.graphRoot()) + "/v1.0/groups/delta?$deltatoken="
                + next);
        return GraphResult.ok(out);
    }

    /** The round a token continues; null when it expired and is to be answered 410 Gone. */
    private @Nullable Tracking resume(TenantState t, String token) {
        TenantState.DeltaRound previous = t.deltaRounds.get(token);
        boolean expired = previous != null
                && previous.issued().plus(ctx.hostility().deltaLinkLifetime()).isBefore(ctx.now());
        if (expired && ctx.chance(ctx.hostility().expiredDeltaAsGone())) {
            return null;
        }
        if (previous == null || expired) {
            throw new GraphException(400, "syncStateNotFound",
                    "The delta token is unknown or has expired; start a new delta round.");
        }
        return new Tracking(previous.groupIds(), previous.members() != null, previous.owners() != null, previous);
    }

    /** 410 Gone: start over with the initial query, which the Location header repeats. */
    private GraphResult gone(TenantState.DeltaRound expired, GraphRequest req) {
        okhttp3.HttpUrl.Builder b = okhttp3.HttpUrl.get(ctx.graphRoot() + "/v1.0/groups/delta").newBuilder()
                .addQueryParameter("$filter", String.join(" or ", expired.groupIds().stream()
                        .map(id -> "id eq '" + id + "'").toList()));
        List<String> select = new java.util.ArrayList<>();
        if (expired.members() != null) {
            select.add("members");
        }
        if (expired.owners() != null) {
            select.add("owners");
        }
        if (!select.isEmpty()) {
            b.addQueryParameter("$select", String.join(",", select));
        }
        GraphResult r = GraphResult.error(410, "resyncRequired", "The delta token has expired; start over with a "
                + "full synchronization from the URL in the Location header.", ctx.now(), req.requestId,
                req.clientRequestId());
        r.headers.put("Location", b.build().toString());
        return r;
    }

    private static Tracking start(GraphRequest r) {
        String filter = r.url.queryParameter("$filter");
        if (filter == null) {
            throw GraphException.unsupported("This fake answers group delta queries only with "
                    + "$filter=id eq '{id}' (joined with 'or').");
        }
        Set<String> wanted = new TreeSet<>();
        for (String part : filter.split("(?i)\\s+or\\s+")) {
            Matcher m = DELTA_ID.matcher(part);
            if (!m.matches()) {
                throw GraphException.unsupported("Unsupported filter on group delta: only 'id eq' joined with "
                        + "'or' is supported.");
            }
            wanted.add(TenantState.key(m.group(1)));
        }
        if (wanted.size() > MAX_IDS) {
            throw GraphException.unsupported("The delta query $filter supports at most 50 group ids.");
        }
        String select = r.url.queryParameter("$select");
        Set<String> selected = new HashSet<>();
        if (select != null) {
            for (String p : select.split(",")) {
                selected.add(p.strip().toLowerCase(Locale.ROOT));
            }
        }
        return new Tracking(List.copyOf(wanted), selected.contains("members"), selected.contains("owners"), null);
    }

    /** The round's page: per tracked group, gone ({@code @removed}), new, or with relationship changes. */
    private static JsonArray changes(TenantState t, Tracking tr, @Nullable Map<String, Set<String>> members,
            @Nullable Map<String, Set<String>> owners) {
        TenantState.DeltaRound previous = tr.previous();
        JsonArray value = new JsonArray();
        for (String id : tr.ids()) {
            Entity g = t.groups.get(id);
            boolean existed = previous == null || previous.existing().contains(id);
            if (g == null) {
                if (previous != null && existed) {
                    value.add(removed(id, "changed"));
                }
                continue;
            }
            JsonObject o = new JsonObject();
            o.addProperty("@odata.type", ObjectType.GROUP.odataType());
            o.addProperty("id", g.id);
            boolean fresh = previous == null || !existed;
            boolean changed = fresh;
            if (members != null) {
                changed |= addDelta(t, o, "members@delta", fresh ? Set.of() : previous.members().get(id),
                        members.get(id));
            }
            if (owners != null) {
                changed |= addDelta(t, o, "owners@delta", fresh ? Set.of() : previous.owners().get(id),
                        owners.get(id));
            }
            if (changed) {
                value.add(o);
            }
        }
        return value;
    }

    private static JsonObject removed(String id, String reason) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.add("@removed", reason(reason));
        return o;
    }

    private static JsonObject reason(String reason) {
        JsonObject why = new JsonObject();
        why.addProperty("reason", reason);
        return why;
    }

    private Map<String, Set<String>> snapshot(TenantState t, List<String> ids, Relation relation) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String id : ids) {
            Entity g = t.groups.get(id);
            if (g != null) {
                out.put(id, Set.copyOf(ReadLag.view(ctx, g, relation)));
            }
        }
        return out;
    }

    private static boolean addDelta(TenantState t, JsonObject o, String property, Set<String> before,
            Set<String> now) {
        JsonArray a = new JsonArray();
        for (String k : new TreeSet<>(now)) {
            if (!before.contains(k)) {
                a.add(ref(t, k, false));
            }
        }
        for (String k : new TreeSet<>(before)) {
            if (!now.contains(k)) {
                a.add(ref(t, k, true));
            }
        }
        if (a.isEmpty()) {
            return false;
        }
        o.add(property, a);
        return true;
    }

    /** A related object in a delta: its type and id, {@code @removed} "deleted" when it left the relation. */
    private static JsonObject ref(TenantState t, String key, boolean removed) {
        Entity e = t.all.get(key);
        JsonObject o = new JsonObject();
        o.addProperty("@odata.type", e == null ? "#microsoft.graph.directoryObject" : e.type.odataType());
        o.addProperty("id", e == null ? key : e.id);
        if (removed) {
            o.add("@removed", reason("deleted"));
        }
        return o;
    }
}
