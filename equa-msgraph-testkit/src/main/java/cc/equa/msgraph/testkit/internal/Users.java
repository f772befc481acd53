package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.Violation;
import java.util.NavigableSet;
import java.util.Set;

/**
 * The user resource: list, get, delete.
 * <ul>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — paging and the OData subset of
 *       {@link ListQuery}; without {@code $select} the documented default property set.</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0 — by id or userPrincipalName; only
 *       {@code $select}.</li>
 *   <li>With User.ReadBasic.All as the only user-read role, properties outside the basic profile come back empty and
 *       filtering on them is 403 (permissions reference; Microsoft 365 message center MC704030).</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/user-delete?view=graph-rest-1.0 — served, because a client
 *       that sends it by mistake must see the damage, and recorded as a violation.</li>
 * </ul>
 */
final class Users {
    private final GraphContext ctx;
    private final ODataResponses odata;

    Users(GraphContext ctx) {
        this.ctx = ctx;
        this.odata = new ODataResponses(ctx);
    }

    GraphResult list(Call x) {
        Permissions.READ_USERS.check(x.caller());
        TenantState t = x.tenant();
        boolean basic = Permissions.basicUsersOnly(x.caller());
        ListQuery q = ListQuery.parse(x.request(), ObjectType.USER, false, basic);
        // lookups by address come from the index (the full predicate still applies to its candidates)
        NavigableSet<String> hits = t.userIndex.candidates(x.request().url.queryParameter("$filter"), t.users);
        return odata.page(x.request(), q, "users", hits != null
                ? UserIndex.entities(t.users, hits.tailSet(q.after, false))
                : t.users.tailMap(q.after, false).values().iterator(),
                () -> hits != null ? UserIndex.entities(t.users, hits) : t.users.values().iterator(), q.predicate,
                e -> ODataResponses.json(e, q.select, false, false, basic));
    }

    GraphResult get(Call x) {
        Permissions.READ_USERS.check(x.caller());
        Entity u = require(x);
        ListQuery.checkOptions(x.request(), Set.of("$select"));
        Set<String> sel = ODataProperties.select(x.request().url.queryParameter("$select"), ObjectType.USER);
        return odata.entity("users", sel,
                ODataResponses.json(u, sel, false, false, Permissions.basicUsersOnly(x.caller())));
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
