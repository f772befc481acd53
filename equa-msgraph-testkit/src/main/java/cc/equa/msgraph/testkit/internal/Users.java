package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.Violation;
import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The user resource: list, get, update, delete, and the groups a user is in.
 * <ul>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — paging and the OData subset of
 *       {@link ListQuery}; without {@code $select} the documented default property set.</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0 — by id or userPrincipalName; only
 *       {@code $select}.</li>
 *   <li>With User.ReadBasic.All as the only user-read role, properties outside the basic profile come back empty and
 *       filtering on them is 403 (permissions reference; Microsoft 365 message center MC704030).</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-update?view=graph-rest-1.0 — see {@link UserUpdate}; with
 *       a read lag, reads show a changed user as it was for a while ({@link UserReadLag}).</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-list-memberof?view=graph-rest-1.0 and
 *       https://learn.microsoft.com/en-us/graph/api/user-list-transitivememberof?view=graph-rest-1.0 — the groups
 *       the user is in, directly or through nested groups (directory roles and administrative units are not
 *       modelled), paged in key order, with {@code $select}, {@code $top}, casts such as
 *       {@code /memberOf/microsoft.graph.group}, and {@code $filter} only as an advanced query. The pages document
 *       Directory.Read.All for applications; the fake also serves a caller that may read users, showing groups it
 *       may not read with {@code @odata.type} and {@code id} only, the "limited information" rule of
 *       https://learn.microsoft.com/en-us/graph/permissions-overview#limited-information-returned-for-inaccessible-member-objects
 *       (a caller with User.Read.All alone sees its memberships that way in Graph too).</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-delete?view=graph-rest-1.0 — served, because a client
 *       that sends it by mistake must see the damage, and recorded as a violation.</li>
 * </ul>
 */
final class Users {
    private final GraphContext ctx;
    private final ODataResponses odata;
    private final GroupVisibility visibility;

    Users(GraphContext ctx) {
        this.ctx = ctx;
        this.odata = new ODataResponses(ctx);
        this.visibility = new GroupVisibility(ctx);
    }

    GraphResult list(Call x) {
        Permissions.READ_USERS.check(x.caller());
        TenantState t = x.tenant();
        boolean basic = Permissions.basicUsersOnly(x.caller());
        ListQuery q = ListQuery.parse(x.request(), ObjectType.USER, false, basic);
        // lookups by address come from the index (the full predicate still applies to its candidates); a sorted
        // list ($orderby) walks the whole collection in sort order instead
        // users changed inside the read lag are matched and shown as they were (their old values are no longer in
        // the index, so they are always candidates)
        java.time.Instant now = ctx.now();
        UserReadLag lag = t.userReadLag;
        NavigableSet<String> hits = q.orderBy == null
                ? lag.widen(t.userIndex.candidates(x.request().url.queryParameter("$filter"), t.users), now) : null;
        return odata.page(x.request(), q, "users", lag.viewed(hits != null
                ? UserIndex.entities(t.users, hits.tailSet(q.after, false))
                : q.from(t.users), t.users, now),
                () -> lag.viewed(hits != null ? UserIndex.entities(t.users, hits) : t.users.values().iterator(),
                        t.users, now), q.predicate,
                e -> ODataResponses.json(e, q.select, false, false, basic));
    }

    GraphResult get(Call x) {
        Permissions.READ_USERS.check(x.caller());
        Entity current = require(x);
        Entity u = x.tenant().userReadLag.view(TenantState.key(current.id), current, ctx.now());
        ListQuery.checkOptions(x.request(), Set.of("$select"));
        Set<String> sel = ODataProperties.select(x.request().url.queryParameter("$select"), ObjectType.USER);
        return odata.entity("users", sel,
                ODataResponses.json(u, sel, false, false, Permissions.basicUsersOnly(x.caller())));
    }

    GraphResult update(Call x) {
        JsonObject body = RequestBodies.object(x.request());
        UserUpdate.checkPermission(x.caller(), body);
        Entity u = require(x);
        // mail, UPN and otherMails are indexed for lookups: take the user out of the index while it changes
        TenantState t = x.tenant();
        t.userReadLag.changing(TenantState.key(u.id), u, ctx.now(), ctx.hostility().readLag());
        t.userChanging(u);
        try {
            UserUpdate.apply(t, u, body);
        } finally {
            t.userChanged(u);
        }
        return GraphResult.noContent();
    }

    GraphResult memberOf(Call x) {
        return memberOf(x, false, null);
    }

    GraphResult memberOfCast(Call x) {
        return memberOf(x, false, x.cast());
    }

    GraphResult transitiveMemberOf(Call x) {
        return memberOf(x, true, null);
    }

    GraphResult transitiveMemberOfCast(Call x) {
        return memberOf(x, true, x.cast());
    }

    GraphResult memberOfCount(Call x) {
        return count(x, false, null);
    }

    GraphResult memberOfCastCount(Call x) {
        return count(x, false, x.cast());
    }

    GraphResult transitiveMemberOfCount(Call x) {
        return count(x, true, null);
    }

    GraphResult transitiveMemberOfCastCount(Call x) {
        return count(x, true, x.cast());
    }

    /**
     * The user-list-memberof page's example 2, {@code GET /users/{id}/memberOf/$count} (also after a cast): the
     * number as text/plain, only with {@code ConsistencyLevel: eventual} (see {@link Counts}).
     */
    private GraphResult count(Call x, boolean transitive, @Nullable ObjectType cast) {
        Permissions.READ_USERS.check(x.caller());
        Entity u = require(x);
        ListQuery q = Counts.query(x, cast, false);
        Predicate<Entity> p = cast == null ? q.predicate : q.predicate.and(e -> e.type == cast);
        long n = containing(x.tenant(), TenantState.key(u.id), transitive).values().stream()
                .filter(p.and(e -> !visibility.hidden(e))).count();
        return Counts.text(n);
    }

    /**
     * Casts to directoryRole and administrativeUnit, the other types the memberOf pages list: the fake models
     * neither, so a user is in none of them; 200 with an empty list, as Graph answers a user without roles.
     */
    GraphResult noneOfThisType(Call x) {
        Permissions.READ_USERS.check(x.caller());
        require(x);
        ListQuery q = ListQuery.parse(x.request(), null, true, false);
        String type = x.request().segments.get(x.request().segments.size() - 1);
        String collection = type.endsWith("directoryRole") ? "directoryRoles" : "administrativeUnits";
        return odata.page(x.request(), q, collection, java.util.Collections.emptyIterator(),
                java.util.Collections::emptyIterator, e -> false, e -> ODataResponses.json(e, q.select, true, false));
    }

    private GraphResult memberOf(Call x, boolean transitive, @Nullable ObjectType cast) {
        Caller c = x.caller();
        Permissions.READ_USERS.check(c);
        TenantState t = x.tenant();
        Entity u = require(x);
        ListQuery q = transitive ? ListQuery.parse(x.request(), cast, true, false)
                : ListQuery.parseSortableRelation(x.request(), cast);
        NavigableMap<String, Entity> groups = containing(t, TenantState.key(u.id), transitive);
        Predicate<Entity> p = cast == null ? q.predicate : q.predicate.and(e -> e.type == cast);
        return odata.page(x.request(), q, cast == null ? "directoryObjects" : cast.collection(), q.from(groups),
                () -> groups.values().iterator(), p.and(e -> !visibility.hidden(e)),
                e -> ODataResponses.json(e, q.select, true, !Permissions.canRead(c, e.type)));
    }

    /** The groups whose members include the key, and with {@code transitive} the groups that contain those. */
    private static NavigableMap<String, Entity> containing(TenantState t, String key, boolean transitive) {
        NavigableMap<String, Entity> found = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(key));
        while (!todo.isEmpty()) {
            String member = todo.pop();
            for (Map.Entry<String, Entity> g : t.groups.entrySet()) {
                if (g.getValue().members.contains(member) && found.put(g.getKey(), g.getValue()) == null
                        && transitive) {
                    todo.push(g.getKey());
                }
            }
        }
        return found;
    }

    GraphResult delete(Call x) {
        ctx.violation(Violation.Kind.DIRECTORY_OBJECT_DELETE, x.caller().appId(), x.request().method,
                x.request().fullPath(), "DELETE /users/{id} deletes the user from the directory");
        Permissions.DELETE_USER.check(x.caller());
        x.tenant().remove(require(x).id);
        return GraphResult.noContent();
    }

    private static Entity require(Call x) {
        Entity u = x.tenant().user(x.id());
        if (u == null) {
            throw GraphException.notFound(x.id());
        }
        return u;
    }
}
