package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.Violation;
import com.google.gson.JsonObject;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A group's members and owners: list (with OData casts), add by reference, remove by reference, and the dangerous
 * DELETE without {@code /$ref}.
 * <ul>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-list-members?view=graph-rest-1.0 and
 *       https://learn.microsoft.com/en-us/graph/api/group-list-owners?view=graph-rest-1.0 — direct relations only;
 *       a member whose type the caller cannot read shows only {@code @odata.type} and {@code id}; User.ReadBasic.All
 *       sees the basic profile; {@code $filter} needs the advanced-query pair; a cast such as
 *       {@code /members/microsoft.graph.user} filters by type and an unknown cast is 400 (graph-behaviour.md §4).</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-post-members?view=graph-rest-1.0 and
 *       https://learn.microsoft.com/en-us/graph/api/group-post-owners?view=graph-rest-1.0 — 204; an existing
 *       relation is 400, a missing object 404.</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-delete-members?view=graph-rest-1.0 and
 *       https://learn.microsoft.com/en-us/graph/api/group-delete-owners?view=graph-rest-1.0 — 204; a Microsoft 365
 *       group keeps at least one owner.</li>
 *   <li>{@code DELETE /groups/{id}/members/{id}} without {@code /$ref} deletes the object itself from the directory
 *       when the app may (msgraph-sdk-dotnet issue 1106); the fake does it too, and records a violation, because a
 *       client must never send it.</li>
 * </ul>
 */
final class GroupRelations {
    private final GraphContext ctx;
    private final ODataResponses odata;
    private final GroupVisibility visibility;

    GroupRelations(GraphContext ctx) {
        this.ctx = ctx;
        this.odata = new ODataResponses(ctx);
        this.visibility = new GroupVisibility(ctx);
    }

    GraphResult list(Call x) {
        return list(x, null);
    }

    GraphResult listCast(Call x) {
        return list(x, x.cast());
    }

    private GraphResult list(Call x, @Nullable ObjectType cast) {
        Caller c = x.caller();
        TenantState t = x.tenant();
        Permissions.READ_MEMBERS.check(c);
        Entity g = visibility.require(t, x.id());
        boolean basic = Permissions.basicUsersOnly(c) && Permissions.canRead(c, ObjectType.USER);
        ListQuery q = ListQuery.parse(x.request(), cast, true, basic && (cast == null || cast == ObjectType.USER));
        NavigableSet<String> ids = ReadLag.view(ctx, g, x.relation());
        Predicate<Entity> p = cast == null ? q.predicate : q.predicate.and(e -> e.type == cast);
        if (x.relation() == Relation.MEMBERS && ctx.hostility().membersHideServicePrincipals()) {
            // v1.0 known issue: service principals are not listed as group members (group-list-members)
            p = p.and(e -> e.type != ObjectType.SERVICE_PRINCIPAL);
        }
        String contextName = cast == null ? "directoryObjects" : cast.collection();
        return odata.page(x.request(), q, contextName, resolve(t, ids.tailSet(q.after, false).iterator()),
                () -> resolve(t, ids.iterator()), p,
                e -> ODataResponses.json(e, q.select, true, !Permissions.canRead(c, e.type), basic));
    }

    GraphResult addRef(Call x) {
        Relation rel = x.relation();
        TenantState t = x.tenant();
        rel.write.check(x.caller());
        JsonObject b = RequestBodies.object(x.request());
        String url = RequestBodies.str(b, "@odata.id");
        if (url == null) {
            throw GraphException.badRequest("Missing @odata.id in the reference payload.");
        }
        String id = RequestBodies.idFromUrl(url, "@odata.id");
        Entity g = visibility.require(t, x.id());
        if (rel == Relation.MEMBERS) {
            Groups.checkChangeable(g, true);
        }
        if (t.get(id) == null) {
            throw GraphException.notFound(id);
        }
        if (rel == Relation.MEMBERS) {
            GroupSettings.checkGuests(ctx, t, g, java.util.List.of(id));
        }
        if (!rel.of(g).add(TenantState.key(id))) {
            throw GraphException.badRequest("One or more added object references already exist for the following "
                    + "modified properties: '" + rel.property + "'.");
        }
        ReadLag.record(ctx, g, rel, TenantState.key(id), true);
        return GraphResult.noContent();
    }

    GraphResult removeRef(Call x) {
        Relation rel = x.relation();
        String objectId = x.param("objectId");
        rel.write.check(x.caller());
        Entity g = visibility.require(x.tenant(), x.id());
        if (rel == Relation.MEMBERS) {
            Groups.checkChangeable(g, true);
        }
        Set<String> set = rel.of(g);
        if (!set.contains(TenantState.key(objectId))) {
            if (ctx.chance(ctx.hostility().removeMissingAsBadRequest())) {
                // the other answer clients see for the same call (canvas-lms groups_endpoints_spec.rb;
                // group-membership-management GraphGroupMembershipUpdater.cs; graph-behaviour.md §14)
                throw GraphException.badRequest("One or more removed object references do not exist for the "
                        + "following modified properties: '" + rel.property + "'.");
            }
            // Graph names the group here, which is misleading but observed (graph-behaviour.md §2)
            throw GraphException.notFound(x.id());
        }
        if (rel == Relation.OWNERS && g.unified() && set.size() == 1) {
            throw GraphException.badRequest("The group must have at least one owner, hence this owner cannot be removed.");
        }
        set.remove(TenantState.key(objectId));
        ReadLag.record(ctx, g, rel, TenantState.key(objectId), false);
        return GraphResult.noContent();
    }

    /** DELETE without {@code /$ref}: deletes the object when the app may delete its type (group-delete-members). */
    GraphResult deleteObject(Call x) {
        Relation rel = x.relation();
        Caller c = x.caller();
        TenantState t = x.tenant();
        String objectId = x.param("objectId");
        ctx.violation(Violation.Kind.DIRECTORY_OBJECT_DELETE, c.appId(), x.request().method, x.request().fullPath(),
                "DELETE without /$ref on a group's " + rel.singular + " deletes the object from the directory");
        rel.write.check(c);
        Entity g = visibility.require(t, x.id());
        Entity e = t.get(objectId);
        if (e == null || !rel.of(g).contains(TenantState.key(objectId))) {
            throw GraphException.notFound(objectId);
        }
        boolean canDelete = switch (e.type) {
            case USER -> c.hasAny(Permissions.DELETE_USER.anyOf);
            case GROUP -> c.hasAny(Permissions.UPDATE_GROUP.anyOf);
            default -> c.hasAny(Permissions.DELETE_OBJECT.anyOf);
        };
        if (!canDelete) {
            throw GraphException.denied();
        }
        t.remove(e.id);
        return GraphResult.noContent();
    }

    /** The related objects, in key order, skipping ids whose object no longer exists. */
    private static Iterator<Entity> resolve(TenantState t, Iterator<String> ids) {
        return UserIndex.present(t.all, ids);
    }
}
