package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
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
 *   <li>links live 7 days; an unknown or expired token is 400 {@code syncStateNotFound}, which tells the client to
 *       start over (delta-query-overview, "Synchronization reset").</li>
 * </ul>
 */
final class GroupDelta {
    private static final Pattern DELTA_ID = Pattern.compile("(?i)^\\s*id\\s+eq\\s+'([^']*)'\\s*$");
    private static final Duration DELTA_LIFETIME = Duration.ofDays(7);
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
        Tracking tr = token != null && !fromNow ? resume(t, token) : start(x.request());
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

    private Tracking resume(TenantState t, String token) {
        TenantState.DeltaRound previous = t.deltaRounds.get(token);
        if (previous == null || previous.issued().plus(DELTA_LIFETIME).isBefore(ctx.now())) {
            throw new GraphException(400, "syncStateNotFound",
                    "The delta token is unknown or has expired; start a new delta round.");
        }
        return new Tracking(previous.groupIds(), previous.members() != null, previous.owners() != null, previous);
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

    private static Map<String, Set<String>> snapshot(TenantState t, List<String> ids, Relation relation) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String id : ids) {
            Entity g = t.groups.get(id);
            if (g != null) {
                out.put(id, Set.copyOf(relation.of(g)));
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
