package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * The {@code $count} URL segment: {@code GET /groups/$count}, {@code /users/$count} and
 * {@code /groups/{id}/members/$count} answer the number as {@code text/plain} with {@code ConsistencyLevel: eventual}
 * and 400 {@code Request_BadRequest} "$count is not currently supported." without it
 * (https://learn.microsoft.com/en-us/graph/aad-advanced-queries?view=graph-rest-1.0; graph-behaviour.md §3.2).
 * {@code $filter} and {@code $search} narrow the count as on the list. Members are counted as a member list sees
 * them (read lag, service principals hidden in the realistic profile).
 */
final class Counts {
    private final GraphContext ctx;
    private final GroupVisibility visibility;

    Counts(GraphContext ctx) {
        this.ctx = ctx;
        this.visibility = new GroupVisibility(ctx);
    }

    GraphResult groups(Call x) {
        Permissions.READ_GROUPS.check(x.caller());
        ListQuery q = query(x, ObjectType.GROUP, false);
        Predicate<Entity> visible = e -> !visibility.hidden(e);
        return text(count(x.tenant().groups.values().iterator(), visible.and(q.predicate)));
    }

    GraphResult users(Call x) {
        Permissions.READ_USERS.check(x.caller());
        ListQuery q = query(x, ObjectType.USER, Permissions.basicUsersOnly(x.caller()));
        return text(count(x.tenant().users.values().iterator(), q.predicate));
    }

    GraphResult members(Call x) {
        Permissions.READ_MEMBERS.check(x.caller());
        ListQuery q = query(x, null, false);
        Entity g = visibility.require(x.tenant(), x.id());
        Predicate<Entity> p = q.predicate;
        if (x.relation() == Relation.MEMBERS && ctx.hostility().membersHideServicePrincipals()) {
            p = p.and(e -> e.type != ObjectType.SERVICE_PRINCIPAL);
        }
        long n = 0;
        for (String k : ReadLag.view(ctx, g, x.relation())) {
            Entity e = x.tenant().all.get(k);
            if (e != null && p.test(e)) {
                n++;
            }
        }
        return text(n);
    }

    static ListQuery query(Call x, ObjectType type, boolean basic) {
        if (!"eventual".equalsIgnoreCase(x.request().header("ConsistencyLevel"))) {
            throw GraphException.badRequest("$count is not currently supported.");
        }
        return ListQuery.parse(x.request(), type, false, basic);
    }

    private static long count(Iterator<Entity> it, Predicate<Entity> p) {
        long n = 0;
        while (it.hasNext()) {
            if (p.test(it.next())) {
                n++;
            }
        }
        return n;
    }

    static GraphResult text(long n) {
        GraphResult r = new GraphResult(200, null);
        r.rawBody = Long.toString(n);
        r.headers.put("Content-Type", "text/plain");
        return r;
    }
}
