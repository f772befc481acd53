package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.Violation;
import com.google.gson.JsonObject;

/**
 * Any directory object by id.
 * <ul>
 *   <li>https://learn.microsoft.com/en-us/graph/api/directoryobject-get?view=graph-rest-1.0 — needs a group- or
 *       user-read role; the answer carries {@code @odata.type}, and only type and id when the caller cannot read
 *       that type; a group inside its replication window is 404.</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/directoryobject-delete?view=graph-rest-1.0 — served (with
 *       Directory.ReadWrite.All) and recorded as a violation: a sync client has no business deleting objects.</li>
 * </ul>
 */
final class DirectoryObjects {
    private final GraphContext ctx;
    private final GroupVisibility visibility;

    DirectoryObjects(GraphContext ctx) {
        this.ctx = ctx;
        this.visibility = new GroupVisibility(ctx);
    }

    GraphResult get(Call x) {
        Caller c = x.caller();
        Entity e = x.tenant().get(x.id());
        if (!c.hasAny(Permissions.READ_GROUPS.anyOf) && !c.hasAny(Permissions.READ_USERS.anyOf)) {
            throw GraphException.denied();
        }
        if (e == null || e.type == ObjectType.GROUP && visibility.hidden(e)) {
            throw GraphException.notFound(x.id());
        }
        JsonObject o = ODataResponses.json(e, null, true, !Permissions.canRead(c, e.type),
                Permissions.basicUsersOnly(c));
        o.addProperty("@odata.context", ctx.graphRoot() + "/v1.0/$metadata#directoryObjects/$entity");
        return GraphResult.ok(o);
    }

    GraphResult delete(Call x) {
        ctx.violation(Violation.Kind.DIRECTORY_OBJECT_DELETE, x.caller().appId(), x.request().method,
                x.request().fullPath(), "DELETE /directoryObjects/{id} deletes the object from the directory");
        Permissions.DELETE_OBJECT.check(x.caller());
        Entity e = x.tenant().get(x.id());
        if (e == null) {
            throw GraphException.notFound(x.id());
        }
        x.tenant().remove(e.id);
        return GraphResult.noContent();
    }
}
