package cc.equa.msgraph.testkit.internal;

import static cc.equa.msgraph.testkit.internal.RequestBodies.binds;
import static cc.equa.msgraph.testkit.internal.RequestBodies.bool;
import static cc.equa.msgraph.testkit.internal.RequestBodies.str;

import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.ReplicationDelay;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The group resource: list, get, create, update, delete.
 * <ul>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-list?view=graph-rest-1.0 — paging, {@code $filter},
 *       {@code $search}, {@code $count} (see {@link ListQuery}); groups inside their replication window are
 *       missing ({@link GroupVisibility}).</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-get?view=graph-rest-1.0 — only {@code $select}.</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-post-groups?view=graph-rest-1.0 — the four required
 *       properties; displayName ≤ 256; the mailNickname character rules (graph-behaviour.md §3.3); a Microsoft 365
 *       group must be mail-enabled and mail-enabled security groups cannot be created; a unique mailNickname for
 *       Microsoft 365 groups; at most 20 owners and members bound in the create call; 201 with a
 *       {@code Location} header. Group.Create alone may bind only objects it can read, or its own service
 *       principal as owner.</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-update?view=graph-rest-1.0 — a PATCH that only binds
 *       members needs only GroupMember.ReadWrite.All; {@code members@odata.bind} is at most 20 and all-or-nothing
 *       (group-post-members, Example 2); on-premises-synced groups and dynamic memberships cannot change.</li>
 *   <li>https://learn.microsoft.com/en-us/graph/api/group-delete?view=graph-rest-1.0 — 204.</li>
 * </ul>
 */
final class Groups {
    /** Characters group.md bans from mailNickname (the current resource page: "." is allowed). */
    private static final String NICK_BANNED = "@()\\[]\";:<>, ";
    private static final String INVALID = "Invalid value specified for property '%s' of resource 'Group'.";

    private final GraphContext ctx;
    private final ODataResponses odata;
    private final GroupVisibility visibility;

    Groups(GraphContext ctx) {
        this.ctx = ctx;
        this.odata = new ODataResponses(ctx);
        this.visibility = new GroupVisibility(ctx);
    }

    GraphResult list(Call x) {
        Permissions.READ_GROUPS.check(x.caller());
        TenantState t = x.tenant();
        ListQuery q = ListQuery.parse(x.request(), ObjectType.GROUP, false, false);
        Predicate<Entity> visible = e -> !visibility.hidden(e);
        return odata.page(x.request(), q, "groups", q.from(t.groups),
                () -> t.groups.values().iterator(), visible.and(q.predicate),
                e -> ODataResponses.json(e, q.select, false, false));
    }

    GraphResult get(Call x) {
        Permissions.READ_GROUPS.check(x.caller());
        ListQuery.checkOptions(x.request(), Set.of("$select"));
        Set<String> sel = ODataProperties.select(x.request().url.queryParameter("$select"), ObjectType.GROUP);
        Entity g = visibility.require(x.tenant(), x.id());
        return odata.entity("groups", sel, ODataResponses.json(g, sel, false, false));
    }

    GraphResult delete(Call x) {
        Permissions.UPDATE_GROUP.check(x.caller());
        Entity g = visibility.require(x.tenant(), x.id());
        x.tenant().remove(g.id);
        return GraphResult.noContent();
    }

    // ------------------------------------------------------------------ create

    GraphResult create(Call x) {
        Caller c = x.caller();
        TenantState t = x.tenant();
        Permissions.CREATE_GROUP.check(c);
        JsonObject b = RequestBodies.object(x.request());
        NewGroup spec = NewGroup.read(b);
        List<String> owners = binds(b, "owners@odata.bind");
        List<String> members = binds(b, "members@odata.bind");
        checkCreateBinds(t, c, owners, members);
        if (spec.unified() && t.nicknameTaken(spec.nick())) {
            throw GraphException.badRequest("Another object with the same value for property mailNickname already exists.");
        }
        Entity g = spec.toEntity(str(b, "visibility"), t.info.domain());
        g.createdDateTime = ctx.now();
        owners.forEach(id -> g.owners.add(TenantState.key(id)));
        members.forEach(id -> g.members.add(TenantState.key(id)));
        GroupSettings.checkGuests(ctx, t, g, members);
        ReplicationDelay rd = ctx.replication();
        g.hiddenReads = rd.reads();
        // a new group can take up to 15 minutes to be visible everywhere (microsoft-graph-docs issue 12063):
        // each one draws its own window up to the hostility's bound, on top of the configured delay
        java.time.Duration window = rd.duration().plusMillis(ctx.draw(
                ctx.hostility().newGroupInvisibleUpTo().toMillis() + 1));
        if (!window.isZero()) {
            g.visibleAt = ctx.now().plus(window);
        }
        t.add(g);
        GraphResult res = new GraphResult(201, odata.entityBody("groups", null, ODataResponses.json(g, null, false,
                false)));
        res.headers.put("Location", ctx.graphRoot() + "/v2/" + t.info.tenantId() + "/directoryObjects/" + g.id
                + "/Microsoft.DirectoryServices.Group");
        return res;
    }

    /** At most 20 binds; every bound object exists and, for Group.Create alone, is readable; no duplicates. */
    private static void checkCreateBinds(TenantState t, Caller c, List<String> owners, List<String> members) {
        if (owners.size() + members.size() > 20) {
            throw GraphException.badRequest("A maximum of 20 relationships (owners and members combined) can be "
                    + "added in the same request.");
        }
        boolean onlyCreate = !c.hasAny(Permissions.UPDATE_GROUP.anyOf);
        List<String> all = new ArrayList<>(owners);
        all.addAll(members);
        for (String id : all) {
            Entity e = t.get(id);
            if (e == null) {
                throw GraphException.notFound(id);
            }
            if (onlyCreate && !Permissions.canRead(c, e.type) && !isOwnServicePrincipal(t, c, e)) {
                throw GraphException.denied();
            }
        }
        Set<String> seen = new HashSet<>();
        owners.forEach(id -> requireOnce(seen, "o", id));
        members.forEach(id -> requireOnce(seen, "m", id));
    }

    private static void requireOnce(Set<String> seen, String relation, String id) {
        if (!seen.add(relation + id.toLowerCase(Locale.ROOT))) {
            throw GraphException.badRequest("Object '" + id + "' can only be present once as an add/remove change.");
        }
    }

    /** The caller's own service principal: an app may name itself as owner without read rights on apps. */
    private static boolean isOwnServicePrincipal(TenantState t, Caller c, Entity e) {
        TenantState.AppState self = t.apps.get(c.appId().toLowerCase(Locale.ROOT));
        return e.type == ObjectType.SERVICE_PRINCIPAL && self != null
                && TenantState.key(e.id).equals(TenantState.key(self.servicePrincipalId));
    }

    /** The validated scalar properties of a {@code POST /groups} body. */
    private record NewGroup(String displayName, String nick, boolean mailEnabled, boolean securityEnabled,
            @Nullable String description, List<String> types, @Nullable String rule) {

        static NewGroup read(JsonObject b) {
            String displayName = str(b, "displayName");
            String nick = str(b, "mailNickname");
            Boolean mailEnabled = bool(b, "mailEnabled");
            Boolean securityEnabled = bool(b, "securityEnabled");
            if (displayName == null) {
                throw invalid("displayName");
            }
            if (nick == null) {
                throw invalid("mailNickname");
            }
            if (mailEnabled == null) {
                throw invalid("mailEnabled");
            }
            if (securityEnabled == null) {
                throw invalid("securityEnabled");
            }
            checkDisplayName(displayName);
            validateNickname(nick);
            String description = str(b, "description");
            checkDescription(description);
            List<String> types = groupTypes(b);
            checkKind(types, mailEnabled);
            String rule = str(b, "membershipRule");
            if (types.stream().anyMatch("DynamicMembership"::equalsIgnoreCase) && rule == null) {
                throw GraphException.badRequest("A dynamic group needs a membershipRule.");
            }
            return new NewGroup(displayName, nick, mailEnabled, securityEnabled, description, types, rule);
        }

        private static List<String> groupTypes(JsonObject b) {
            List<String> types = new ArrayList<>();
            JsonElement gt = b.get("groupTypes");
            if (gt != null && gt.isJsonArray()) {
                gt.getAsJsonArray().forEach(x -> types.add(x.getAsString()));
            }
            for (String type : types) {
                if (!type.equalsIgnoreCase("Unified") && !type.equalsIgnoreCase("DynamicMembership")) {
                    throw invalid("groupTypes");
                }
            }
            return types;
        }

        /** Graph creates Microsoft 365 groups (mail-enabled) and security groups (not): no other kind. */
        private static void checkKind(List<String> types, boolean mailEnabled) {
            boolean unified = types.stream().anyMatch("Unified"::equalsIgnoreCase);
            if (unified && !mailEnabled) {
                throw GraphException.badRequest("A Microsoft 365 group must be mail-enabled.");
            }
            if (!unified && mailEnabled) {
                throw GraphException.badRequest("Creating mail-enabled security groups or distribution groups is "
                        + "not supported through Microsoft Graph.");
            }
        }

        boolean unified() {
            return types.stream().anyMatch("Unified"::equalsIgnoreCase);
        }

        /** Microsoft 365 groups get an address on the tenant's domain and are Public unless asked otherwise. */
        Entity toEntity(@Nullable String visibility, String domain) {
            Entity g = new Entity(UUID.randomUUID().toString(), ObjectType.GROUP);
            g.displayName = displayName;
            g.description = description;
            g.mailNickname = nick;
            g.groupTypes = types;
            g.mailEnabled = mailEnabled;
            g.securityEnabled = securityEnabled;
            g.visibility = visibility != null ? visibility : unified() ? "Public" : null;
            g.membershipRule = rule;
            if (mailEnabled) {
                g.mail = nick + "@" + domain;
                g.proxyAddresses.add("SMTP:" + g.mail);
            }
            return g;
        }
    }

    private static GraphException invalid(String property) {
        return GraphException.badRequest(String.format(INVALID, property));
    }

    private static void checkDisplayName(@Nullable String displayName) {
        if (displayName == null || displayName.isBlank() || displayName.length() > 256) {
            throw invalid("displayName");
        }
    }

    /** No documented maximum; 1024 is the common limit (graph-behaviour.md §3.3, marked unverified). */
    private static void checkDescription(@Nullable String description) {
        if (description != null && description.length() > 1024) {
            throw invalid("description");
        }
    }

    static void validateNickname(String nick) {
        boolean bad = nick.isEmpty() || nick.length() > 64;
        for (int i = 0; !bad && i < nick.length(); i++) {
            char ch = nick.charAt(i);
            bad = ch > 127 || ch < 32 || NICK_BANNED.indexOf(ch) >= 0;
        }
        if (bad) {
            throw invalid("mailNickname");
        }
    }

    // ------------------------------------------------------------------ update

    GraphResult update(Call x) {
        TenantState t = x.tenant();
        JsonObject b = RequestBodies.object(x.request());
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.remove("@odata.type");
        boolean onlyMembers = keys.equals(Set.of("members@odata.bind"));
        // the permission reference lists only Group.ReadWrite.All / Directory.ReadWrite.All for this PATCH; field
        // reports disagree (microsoft-graph-devx-content permissions.json and issue 362): strict when configured
        boolean strict = ctx.hostility().strictBindPermission();
        (onlyMembers && !strict ? Permissions.WRITE_MEMBERS : Permissions.UPDATE_GROUP).check(x.caller());
        Entity g = visibility.require(t, x.id());
        List<String> members = binds(b, "members@odata.bind");
        List<String> owners = binds(b, "owners@odata.bind");
        if (members.size() > 20 || owners.size() > 20) {
            throw GraphException.badRequest("The request exceeds the limit of 20 references per request "
                    + "for @odata.bind.");
        }
        if (!members.isEmpty()) {
            checkChangeable(g, true);
        }
        // all-or-nothing: validate everything before changing anything
        validateAdds(t, g.members, members, "members");
        validateAdds(t, g.owners, owners, "owners");
        String displayName = str(b, "displayName");
        if (b.has("displayName")) {
            checkDisplayName(displayName);
        }
        String description = str(b, "description");
        checkDescription(description);
        if (!onlyMembers) {
            checkChangeable(g, false);
        }
        GroupSettings.checkGuests(ctx, t, g, members);
        apply(g, b, displayName, description, members, owners);
        members.forEach(id -> ReadLag.record(ctx, g, Relation.MEMBERS, TenantState.key(id), true));
        owners.forEach(id -> ReadLag.record(ctx, g, Relation.OWNERS, TenantState.key(id), true));
        return GraphResult.noContent();
    }

    private static void apply(Entity g, JsonObject b, @Nullable String displayName, @Nullable String description,
            List<String> members, List<String> owners) {
        if (displayName != null) {
            g.displayName = displayName;
        }
        if (b.has("description")) {
            g.description = description;
        }
        String vis = str(b, "visibility");
        if (vis != null) {
            g.visibility = vis;
        }
        members.forEach(id -> g.members.add(TenantState.key(id)));
        owners.forEach(id -> g.owners.add(TenantState.key(id)));
    }

    private static void validateAdds(TenantState t, Set<String> current, List<String> ids, String property) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(TenantState.key(id))) {
                throw GraphException.badRequest("Object '" + id + "' can only be present once as an add/remove change.");
            }
            if (t.get(id) == null) {
                throw GraphException.notFound(id);
            }
        }
        for (String id : ids) {
            if (current.contains(TenantState.key(id))) {
                throw GraphException.badRequest("One or more added object references already exist for the following "
                        + "modified properties: '" + property + "'.");
            }
        }
    }

    /**
     * Graph refuses to change groups mastered on-premises (Entra Connect) and, for membership, dynamic groups whose
     * members come from their rule (group-post-members, group-delete-members).
     */
    static void checkChangeable(Entity g, boolean members) {
        if (g.onPremisesSyncEnabled) {
            throw GraphException.badRequest("Unable to update the specified properties for on-premises mastered "
                    + "Directory Sync objects or objects currently undergoing migration.");
        }
        if (members && g.groupTypes.stream().anyMatch("DynamicMembership"::equalsIgnoreCase)) {
            throw GraphException.badRequest("Insufficient privileges to complete the operation: the membership of a "
                    + "dynamic group is managed by its rule.");
        }
    }
}
