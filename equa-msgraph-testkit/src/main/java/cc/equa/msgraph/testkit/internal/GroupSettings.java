package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Guest policy of Microsoft 365 groups and the directory settings that hold it.
 * <ul>
 *   <li>Adding a guest to a Microsoft 365 group whose settings disallow guests answers 403
 *       {@code Authorization_RequestDenied} "Guests users are not allowed to join this Unified Group due to policy
 *       setting"; a {@code members@odata.bind} containing one fails as a whole (MicrosoftDocs/microsoft-365-docs
 *       issue 11991; microsoftgraph/group-membership-management issue 36). The tenant's {@code Group.Unified}
 *       setting {@code AllowToAddGuests} is {@link cc.equa.msgraph.testkit.Hostility#guestsAllowed()}; a group's
 *       {@code Group.Unified.Guest} setting can only restrict it (MicrosoftDocs/OfficeDocs-O365ITPro issue 801:
 *       a group cannot allow what the tenant forbids). Security groups are not subject to it.</li>
 *   <li>{@code GET /groupSettings} and {@code GET /groups/{id}/settings}
 *       (https://learn.microsoft.com/en-us/graph/api/group-list-settings?view=graph-rest-1.0,
 *       microsoftgraph/microsoft-graph-docs-contrib {@code groupsetting_list.md}): a settings object exists only
 *       once an admin created one, so a tenant on the defaults answers an empty list. Reading tenant-wide settings
 *       needs Directory.Read.All (or GroupSettings.*); a group's settings also Group.Read.All.</li>
 * </ul>
 */
final class GroupSettings {
    static final String UNIFIED_TEMPLATE = "62375ab9-6b52-47ed-826b-58e47e0e304b";
    static final String UNIFIED_GUEST_TEMPLATE = "08d542b9-071f-4e16-94b0-74abb372e3d9";
    private static final Set<String> READ_TENANT = Set.of("Directory.Read.All", "Directory.ReadWrite.All",
            "GroupSettings.Read.All", "GroupSettings.ReadWrite.All");
    private static final Set<String> READ_GROUP = Set.of("Group.Read.All", "Group.ReadWrite.All",
            "Directory.Read.All", "Directory.ReadWrite.All", "GroupSettings.Read.All", "GroupSettings.ReadWrite.All");

    private final GraphContext ctx;
    private final GroupVisibility visibility;

    GroupSettings(GraphContext ctx) {
        this.ctx = ctx;
        this.visibility = new GroupVisibility(ctx);
    }

    /** Whether guests may be added to this group as members. */
    static boolean guestsAllowed(GraphContext ctx, Entity g) {
        if (!g.unified()) {
            return true;
        }
        return ctx.hostility().guestsAllowed() && !Boolean.FALSE.equals(g.allowToAddGuests);
    }

    /** Refuse the whole change if it would add a guest to a group that does not allow guests. */
    static void checkGuests(GraphContext ctx, TenantState t, Entity g, List<String> memberIds) {
        if (guestsAllowed(ctx, g)) {
            return;
        }
        for (String id : memberIds) {
            Entity e = t.get(id);
            if (e != null && e.userType != null && e.userType.toLowerCase(Locale.ROOT).equals("guest")) {
                throw new GraphException(403, "Authorization_RequestDenied", "Guests users are not allowed to join "
                        + "this Unified Group due to policy setting. paramName: Members, paramValue: , "
                        + "objectType: Microsoft.Online.DirectoryServices.Group");
            }
        }
    }

    GraphResult tenantList(Call x) {
        if (!x.caller().hasAny(READ_TENANT)) {
            throw GraphException.denied();
        }
        JsonArray value = new JsonArray();
        if (!ctx.hostility().guestsAllowed()) {
            value.add(setting("4b3f4e4a-8d4f-4c36-9f4b-6b3ad3e0a001", "Group.Unified", UNIFIED_TEMPLATE, false));
        }
        return GraphResult.ok(collection("groupSettings", value));
    }

    GraphResult groupList(Call x) {
        if (!x.caller().hasAny(READ_GROUP)) {
            throw GraphException.denied();
        }
        Entity g = visibility.require(x.tenant(), x.id());
        JsonArray value = new JsonArray();
        if (g.allowToAddGuests != null) {
            value.add(setting(g.id, "Group.Unified.Guest", UNIFIED_GUEST_TEMPLATE, g.allowToAddGuests));
        }
        return GraphResult.ok(collection("groups('" + g.id + "')/settings", value));
    }

    private JsonObject collection(String context, JsonArray value) {
        JsonObject o = new JsonObject();
        o.addProperty("@odata.context", ctx.graphRoot() + "/v1.0/$metadata#" + context);
        o.add("value", value);
        return o;
    }

    private static JsonObject setting(String id, String name, String template, boolean allow) {
        JsonObject s = new JsonObject();
        s.addProperty("id", id);
        s.addProperty("displayName", name);
        s.addProperty("templateId", template);
        JsonArray values = new JsonArray();
        JsonObject v = new JsonObject();
        v.addProperty("name", "AllowToAddGuests");
        v.addProperty("value", String.valueOf(allow));
        values.add(v);
        s.add("values", values);
        return s;
    }
}
