package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.ReplicationDelay;
import cc.equa.msgraph.testkit.Violation;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The Graph v1.0 resource handlers. Called with the tenant's lock held. */
public final class GraphApi {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> KNOWN_OPTIONS = Set.of("$filter", "$search", "$select", "$top", "$count",
            "$skiptoken");
    private static final String NICK_BANNED = "@()\\[]\";:<>, ";
    private static final Pattern SP_BY_APP_ID = Pattern.compile("(?i)servicePrincipals\\(appId='([^']*)'\\)");

    /** What the engine offers the handlers. */
    public interface Context {
        Instant now();

        String graphRoot();

        ReplicationDelay replication();

        void violation(Violation.Kind kind, String appId, String method, String path, String message);
    }

    private final Context ctx;

    public GraphApi(Context ctx) {
        this.ctx = ctx;
    }

    public GraphResult handle(GraphRequest r, Caller c, TenantState t) {
        List<String> s = r.segments;
        String m = r.method;
        if (s.isEmpty()) {
            throw new GraphException(400, "BadRequest", "Invalid request.");
        }
        String root = s.get(0);
        int n = s.size();
        switch (root) {
            case "groups":
                if (n == 1) {
                    return m.equals("GET") ? listGroups(r, c, t) : m.equals("POST") ? createGroup(r, c, t) : notAllowed();
                }
                String gid = s.get(1);
                if (n == 2 && (gid.equals("delta") || gid.equals("delta()"))) {
                    return m.equals("GET") ? groupDelta(r, c, t) : notAllowed();
                }
                if (n == 2) {
                    switch (m) {
                        case "GET":
                            return getGroup(r, c, t, gid);
                        case "PATCH":
                            return patchGroup(r, c, t, gid);
                        case "DELETE":
                            Permissions.UPDATE_GROUP.check(c);
                            Entity g = visibleGroup(t, gid);
                            t.remove(g.id);
                            return GraphResult.noContent();
                        default:
                            return notAllowed();
                    }
                }
                String rel = s.get(2);
                boolean members = rel.equals("members");
                if (!members && !rel.equals("owners")) {
                    throw new GraphException(400, "BadRequest", "Resource not found for the segment '" + rel + "'.");
                }
                if (n == 3) {
                    return m.equals("GET") ? listRelation(r, c, t, gid, members, null) : notAllowed();
                }
                String fourth = s.get(3);
                if (n == 4 && fourth.equals("$ref")) {
                    return m.equals("POST") ? addRef(r, c, t, gid, members) : notAllowed();
                }
                if (n == 4 && (fourth.startsWith("microsoft.graph.") || fourth.startsWith("graph."))) {
                    ObjectType cast = castType(fourth);
                    return m.equals("GET") ? listRelation(r, c, t, gid, members, cast) : notAllowed();
                }
                if (n == 5 && s.get(4).equals("$ref")) {
                    return m.equals("DELETE") ? removeRef(c, t, gid, fourth, members) : notAllowed();
                }
                if (n == 4 && m.equals("DELETE")) {
                    return deleteViaRelation(r, c, t, gid, fourth, members);
                }
                throw new GraphException(400, "BadRequest", "Resource not found for the segment '" + fourth + "'.");
            case "users":
                if (n == 1) {
                    return m.equals("GET") ? listUsers(r, c, t) : notAllowed();
                }
                if (n == 2) {
                    if (m.equals("GET")) {
                        Permissions.READ_USERS.check(c);
                        Entity u = t.user(s.get(1));
                        if (u == null) {
                            throw GraphException.notFound(s.get(1));
                        }
                        checkOptions(r, Set.of("$select"));
                        Set<String> sel = OData.select(r.url.queryParameter("$select"), ObjectType.USER);
                        JsonObject o = json(u, sel, false, false, Permissions.basicUsersOnly(c));
                        JsonObject out = new JsonObject();
                        out.addProperty("@odata.context", context("users", sel) + "/$entity");
                        o.entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
                        return GraphResult.ok(out);
                    }
                    if (m.equals("DELETE")) {
                        ctx.violation(Violation.Kind.DIRECTORY_OBJECT_DELETE, c.appId(), m, r.fullPath(),
                                "DELETE /users/{id} deletes the user from the directory");
                        Permissions.DELETE_USER.check(c);
                        Entity u = t.user(s.get(1));
                        if (u == null) {
                            throw GraphException.notFound(s.get(1));
                        }
                        t.remove(u.id);
                        return GraphResult.noContent();
                    }
                    return notAllowed();
                }
                break;
            case "directoryObjects":
                if (n == 2 && m.equals("DELETE")) {
                    ctx.violation(Violation.Kind.DIRECTORY_OBJECT_DELETE, c.appId(), m, r.fullPath(),
                            "DELETE /directoryObjects/{id} deletes the object from the directory");
                    Permissions.DELETE_OBJECT.check(c);
                    Entity e = t.get(s.get(1));
                    if (e == null) {
                        throw GraphException.notFound(s.get(1));
                    }
                    t.remove(e.id);
                    return GraphResult.noContent();
                }
                if (n == 2 && m.equals("GET")) {
                    Entity e = t.get(s.get(1));
                    if (!c.hasAny(Permissions.READ_GROUPS.anyOf) && !c.hasAny(Permissions.READ_USERS.anyOf)) {
                        throw GraphException.denied();
                    }
                    if (e == null || e.type == ObjectType.GROUP && hidden(e)) {
                        throw GraphException.notFound(s.get(1));
                    }
                    JsonObject o = json(e, null, true, !Permissions.canRead(c, e.type),
                            Permissions.basicUsersOnly(c));
                    o.addProperty("@odata.context", ctx.graphRoot() + "/v1.0/$metadata#directoryObjects/$entity");
                    return GraphResult.ok(o);
                }
                break;
            case "servicePrincipals":
                if (n == 2 && m.equals("GET")) {
                    return getServicePrincipal(r, c, t, s.get(1), false);
                }
                if (n == 1) {
                    return notAllowed();
                }
                break;
            case "organization":
                if (n == 1 && m.equals("GET")) {
                    Permissions.READ_ORGANIZATION.check(c);
                    JsonObject org = new JsonObject();
                    org.addProperty("id", t.info.tenantId());
                    org.addProperty("displayName", t.info.domain().split("\\.")[0]);
                    JsonArray domains = new JsonArray();
                    JsonObject d = new JsonObject();
                    d.addProperty("name", t.info.domain());
                    d.addProperty("isDefault", true);
                    d.addProperty("isInitial", true);
                    d.addProperty("type", "Managed");
                    d.addProperty("capabilities", "Email, OfficeCommunicationsOnline");
                    domains.add(d);
                    org.add("verifiedDomains", domains);
                    return GraphResult.ok(collection("organization", null, List.of(org), null, null));
                }
                break;
            default:
                break;
        }
        java.util.regex.Matcher byAppId = SP_BY_APP_ID.matcher(root);
        if (byAppId.matches()) {
            if (n != 1) {
                throw new GraphException(400, "BadRequest", "Resource not found for the segment '" + s.get(1) + "'.");
            }
            if (!m.equals("GET")) {
                return notAllowed();
            }
            return getServicePrincipal(r, c, t, byAppId.group(1), true);
        }
        throw new GraphException(400, "BadRequest", "Resource not found for the segment '" + root + "'.");
    }

    /**
     * {@code GET /servicePrincipals/{id}} and {@code GET /servicePrincipals(appId='{appId}')}. An app may read its
     * own service principal without any role (serviceprincipal-get: "A service principal can retrieve its own
     * application and service principal details without being granted any application permissions"); any other
     * needs Application.Read.All or higher, checked before existence.
     */
    private GraphResult getServicePrincipal(GraphRequest r, Caller c, TenantState t, String key, boolean byAppId) {
        TenantState.AppState self = t.apps.get(c.appId().toLowerCase(Locale.ROOT));
        boolean own = byAppId ? key.equalsIgnoreCase(c.appId())
                : self != null && key.equalsIgnoreCase(self.servicePrincipalId);
        if (!own) {
            Permissions.READ_SERVICE_PRINCIPALS.check(c);
        }
        checkOptions(r, Set.of("$select"));
        Set<String> sel = OData.select(r.url.queryParameter("$select"), ObjectType.SERVICE_PRINCIPAL);
        Entity sp = null;
        if (byAppId) {
            for (Entity e : t.all.values()) {
                if (e.type == ObjectType.SERVICE_PRINCIPAL && key.equalsIgnoreCase(e.appId)) {
                    sp = e;
                    break;
                }
            }
        } else {
            Entity e = t.get(key);
            sp = e != null && e.type == ObjectType.SERVICE_PRINCIPAL ? e : null;
        }
        if (sp == null) {
            throw byAppId ? new GraphException(404, "Request_ResourceNotFound", "Resource 'servicePrincipal' with "
                    + "identifier 'appId=" + key + "' does not exist or one of its queried reference-property "
                    + "objects are not present.") : GraphException.notFound(key);
        }
        JsonObject out = new JsonObject();
        out.addProperty("@odata.context", context("servicePrincipals", sel) + "/$entity");
        json(sp, sel, false, false).entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
        return GraphResult.ok(out);
    }

    private static GraphResult notAllowed() {
        throw new GraphException(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
    }

    private static ObjectType castType(String segment) {
        for (ObjectType t : ObjectType.values()) {
            if (t.castName().equalsIgnoreCase(segment) || t.castName().equalsIgnoreCase("microsoft." + segment)) {
                return t;
            }
        }
        throw GraphException.unsupported("Unsupported type cast '" + segment + "'.");
    }

    // ------------------------------------------------------------------ reading

    private boolean hidden(Entity g) {
        Instant va = g.visibleAt;
        if (va != null) {
            if (ctx.now().isBefore(va)) {
                return true;
            }
            g.visibleAt = null;
        }
        return false;
    }

    /** Resolve a group addressed by id, consuming a hidden read if replication delay applies. */
    private Entity visibleGroup(TenantState t, String id) {
        Entity g = t.groups.get(TenantState.key(id));
        if (g == null) {
            throw GraphException.notFound(id);
        }
        if (g.hiddenReads > 0) {
            g.hiddenReads--;
            throw GraphException.notFound(id);
        }
        if (hidden(g)) {
            throw GraphException.notFound(id);
        }
        return g;
    }

    private static void checkOptions(GraphRequest r, Set<String> allowed) {
        for (String name : r.url.queryParameterNames()) {
            if (!name.startsWith("$")) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                if (lower.equals("$skip")) {
                    throw GraphException.unsupported("'$skip' is not supported by the service.");
                }
                if (KNOWN_OPTIONS.contains(lower) || Set.of("$orderby", "$expand", "$format", "$apply")
                        .contains(lower)) {
                    throw GraphException.unsupported("Query option '" + name
                            + "' is not supported on this request by the fake tenant.");
                }
                throw new GraphException(400, "BadRequest", "Query option '" + name + "' is not allowed.");
            }
        }
    }

    private GraphResult listGroups(GraphRequest r, Caller c, TenantState t) {
        Permissions.READ_GROUPS.check(c);
        ListQuery q = ListQuery.parse(r, ObjectType.GROUP, false, false);
        Iterator<Entity> it = t.groups.tailMap(q.after, false).values().iterator();
        Predicate<Entity> visible = e -> !hidden(e);
        return page(r, q, "groups", it, () -> t.groups.values().iterator(), visible.and(q.predicate),
                e -> json(e, q.select, false, false));
    }

    private GraphResult listUsers(GraphRequest r, Caller c, TenantState t) {
        Permissions.READ_USERS.check(c);
        boolean basic = Permissions.basicUsersOnly(c);
        ListQuery q = ListQuery.parse(r, ObjectType.USER, false, basic);
        Iterator<Entity> it = t.users.tailMap(q.after, false).values().iterator();
        return page(r, q, "users", it, () -> t.users.values().iterator(), q.predicate,
                e -> json(e, q.select, false, false, basic));
    }

    private GraphResult listRelation(GraphRequest r, Caller c, TenantState t, String gid, boolean members,
            @Nullable ObjectType cast) {
        Permissions.READ_MEMBERS.check(c);
        Entity g = visibleGroup(t, gid);
        boolean basic = Permissions.basicUsersOnly(c) && Permissions.canRead(c, ObjectType.USER);
        ListQuery q = ListQuery.parse(r, cast, true, basic && (cast == null || cast == ObjectType.USER));
        java.util.NavigableSet<String> ids = members ? g.members : g.owners;
        Predicate<Entity> p = cast == null ? q.predicate : q.predicate.and(e -> e.type == cast);
        String ctxName = cast == null ? "directoryObjects" : cast.collection();
        return page(r, q, ctxName, resolve(t, ids.tailSet(q.after, false).iterator()),
                () -> resolve(t, ids.iterator()), p,
                e -> json(e, q.select, true, !Permissions.canRead(c, e.type), basic));
    }

    private static final Pattern DELTA_ID = Pattern.compile("(?i)^\\s*id\\s+eq\\s+'([^']*)'\\s*$");
    private static final java.time.Duration DELTA_LIFETIME = java.time.Duration.ofDays(7);

    /**
     * {@code GET /groups/delta}: only with {@code $filter=id eq '…'} (joined with {@code or}, at most 50) on the first
     * request; {@code $select} may name {@code members} and {@code owners}; {@code $deltatoken=latest} starts from
     * now. Every answer is one page ending in an {@code @odata.deltaLink} whose round reports, per tracked group, the
     * relationship ids added and removed ({@code @removed}) since the link was issued. Links live 7 days; an unknown
     * or expired token is 400 {@code syncStateNotFound}.
     */
    private GraphResult groupDelta(GraphRequest r, Caller c, TenantState t) {
        Permissions.READ_MEMBERS.check(c);
        String token = r.url.queryParameter("$deltatoken");
        TenantState.DeltaRound previous = null;
        List<String> ids;
        boolean withMembers;
        boolean withOwners;
        boolean fromNow = "latest".equals(token);
        if (token != null && !fromNow) {
            previous = t.deltaRounds.get(token);
            if (previous == null || previous.issued().plus(DELTA_LIFETIME).isBefore(ctx.now())) {
                throw new GraphException(400, "syncStateNotFound",
                        "The delta token is unknown or has expired; start a new delta round.");
            }
            ids = previous.groupIds();
            withMembers = previous.members() != null;
            withOwners = previous.owners() != null;
        } else {
            String filter = r.url.queryParameter("$filter");
            if (filter == null) {
                throw GraphException.unsupported("This fake answers group delta queries only with "
                        + "$filter=id eq '{id}' (joined with 'or').");
            }
            Set<String> wanted = new java.util.TreeSet<>();
            for (String part : filter.split("(?i)\\s+or\\s+")) {
                java.util.regex.Matcher mm = DELTA_ID.matcher(part);
                if (!mm.matches()) {
                    throw GraphException.unsupported("Unsupported filter on group delta: only 'id eq' joined with "
                            + "'or' is supported.");
                }
                wanted.add(TenantState.key(mm.group(1)));
            }
            if (wanted.size() > 50) {
                throw GraphException.unsupported("The delta query $filter supports at most 50 group ids.");
            }
            ids = List.copyOf(wanted);
            String select = r.url.queryParameter("$select");
            Set<String> selected = new HashSet<>();
            if (select != null) {
                for (String p : select.split(",")) {
                    selected.add(p.strip().toLowerCase(Locale.ROOT));
                }
            }
            withMembers = selected.contains("members");
            withOwners = selected.contains("owners");
        }
        Map<String, Set<String>> members = withMembers ? snapshot(t, ids, true) : null;
        Map<String, Set<String>> owners = withOwners ? snapshot(t, ids, false) : null;
        JsonArray value = new JsonArray();
        if (!fromNow) {
            for (String id : ids) {
                Entity g = t.groups.get(id);
                boolean existed = previous == null || previous.existing().contains(id);
                if (g == null) {
                    if (previous != null && existed) {
                        JsonObject gone = new JsonObject();
                        gone.addProperty("id", id);
                        JsonObject removed = new JsonObject();
                        removed.addProperty("reason", "changed");
                        gone.add("@removed", removed);
                        value.add(gone);
                    }
                    continue;
                }
                JsonObject o = new JsonObject();
                o.addProperty("@odata.type", ObjectType.GROUP.odataType());
                o.addProperty("id", g.id);
                boolean changed = previous == null || !existed;
                if (members != null) {
                    changed |= addDelta(t, o, "members@delta", previous == null || !existed ? Set.of()
                            : previous.members().get(id), members.get(id));
                }
                if (owners != null) {
                    changed |= addDelta(t, o, "owners@delta", previous == null || !existed ? Set.of()
                            : previous.owners().get(id), owners.get(id));
                }
                if (changed) {
                    value.add(o);
                }
            }
        }
        String next = UUID.randomUUID().toString().replace("-", "");
        Set<String> existing = new HashSet<>();
        ids.stream().filter(t.groups::containsKey).forEach(existing::add);
        t.deltaRounds.put(next, new TenantState.DeltaRound(ids, existing, members, owners, ctx.now()));
        JsonObject out = new JsonObject();
        out.addProperty("@odata.context", ctx.graphRoot() + "/v1.0/$metadata#groups");
        out.add("value", value);
        out.addProperty("@odata.deltaLink", ctx.graphRoot() + "/v1.0/groups/delta?$deltatoken=" + next);
        return GraphResult.ok(out);
    }

    private static Map<String, Set<String>> snapshot(TenantState t, List<String> ids, boolean members) {
        Map<String, Set<String>> out = new java.util.HashMap<>();
        for (String id : ids) {
            Entity g = t.groups.get(id);
            if (g != null) {
                out.put(id, Set.copyOf(members ? g.members : g.owners));
            }
        }
        return out;
    }

    private static boolean addDelta(TenantState t, JsonObject o, String property, Set<String> before,
            Set<String> now) {
        JsonArray a = new JsonArray();
        for (String k : new java.util.TreeSet<>(now)) {
            if (!before.contains(k)) {
                a.add(ref(t, k, false));
            }
        }
        for (String k : new java.util.TreeSet<>(before)) {
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

    private static JsonObject ref(TenantState t, String key, boolean removed) {
        Entity e = t.all.get(key);
        JsonObject o = new JsonObject();
        o.addProperty("@odata.type", e == null ? "#microsoft.graph.directoryObject" : e.type.odataType());
        o.addProperty("id", e == null ? key : e.id);
        if (removed) {
            JsonObject why = new JsonObject();
            why.addProperty("reason", "deleted");
            o.add("@removed", why);
        }
        return o;
    }

    private static Iterator<Entity> resolve(TenantState t, Iterator<String> ids) {
        return new Iterator<>() {
            @Nullable Entity next = advance();

            private @Nullable Entity advance() {
                while (ids.hasNext()) {
                    Entity e = t.all.get(ids.next());
                    if (e != null) {
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Entity next() {
                Entity e = next;
                if (e == null) {
                    throw new java.util.NoSuchElementException();
                }
                next = advance();
                return e;
            }
        };
    }

    /** Parsed list options. */
    private static final class ListQuery {
        int top = 100;
        String after = "";
        boolean count;
        boolean first = true;
        @Nullable Set<String> select;
        Predicate<Entity> predicate = e -> true;

        static ListQuery parse(GraphRequest r, @Nullable ObjectType type, boolean relation, boolean basicUsers) {
            checkOptions(r, KNOWN_OPTIONS);
            ListQuery q = new ListQuery();
            boolean eventual = "eventual".equalsIgnoreCase(r.header("ConsistencyLevel"));
            String countParam = r.url.queryParameter("$count");
            if (countParam != null) {
                if (!countParam.equalsIgnoreCase("true") && !countParam.equalsIgnoreCase("false")) {
                    throw GraphException.badRequest("Invalid $count value '" + countParam + "'.");
                }
                q.count = countParam.equalsIgnoreCase("true");
                if (q.count && !eventual) {
                    throw GraphException.unsupported("$count is not supported without the ConsistencyLevel header "
                            + "set to eventual.");
                }
            }
            boolean advanced = eventual && q.count;
            String top = r.url.queryParameter("$top");
            if (top != null) {
                try {
                    q.top = Integer.parseInt(top.trim());
                } catch (NumberFormatException e) {
                    throw GraphException.badRequest("Invalid page size specified: '" + top + "'.");
                }
                if (q.top < 1 || q.top > 999) {
                    throw GraphException.badRequest("Invalid page size specified: '" + top
                            + "'. Must be between 1 and 999 inclusive.");
                }
            }
            String skip = r.url.queryParameter("$skiptoken");
            if (skip != null) {
                q.after = decodeSkipToken(skip);
                q.first = false;
            }
            q.select = OData.select(r.url.queryParameter("$select"), type);
            String filter = r.url.queryParameter("$filter");
            if (filter != null) {
                if (relation && !advanced) {
                    throw GraphException.unsupported("$filter on this relationship needs $count=true and the "
                            + "ConsistencyLevel header set to eventual.");
                }
                if (basicUsers) {
                    String restricted = OData.nonBasicUserProperty(filter);
                    if (restricted != null) {
                        // User.ReadBasic.All can't filter on properties outside the basic profile (MC704030)
                        throw GraphException.denied();
                    }
                }
                q.predicate = OData.filter(filter, type, advanced);
            }
            String search = r.url.queryParameter("$search");
            if (search != null) {
                if (!eventual) {
                    throw GraphException.unsupported("Request with $search query parameter only works through "
                            + "MSGraph with a special request header: 'ConsistencyLevel: eventual'");
                }
                q.predicate = q.predicate.and(OData.search(search, type));
            }
            return q;
        }
    }

    static String encodeSkipToken(String lastKey) {
        return "RFNwdAIAAQAAA" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("k:" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    static String decodeSkipToken(String token) {
        try {
            if (!token.startsWith("RFNwdAIAAQAAA")) {
                throw new IllegalArgumentException();
            }
            String s = new String(Base64.getUrlDecoder().decode(token.substring(13)), StandardCharsets.UTF_8);
            if (!s.startsWith("k:")) {
                throw new IllegalArgumentException();
            }
            return s.substring(2);
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("Invalid $skiptoken value.");
        }
    }

    private GraphResult page(GraphRequest r, ListQuery q, String contextName, Iterator<Entity> from,
            java.util.function.Supplier<Iterator<Entity>> all, Predicate<Entity> p, Function<Entity, JsonObject> ser) {
        List<JsonElement> items = new ArrayList<>();
        String lastKey = null;
        boolean more = false;
        while (from.hasNext()) {
            Entity e = from.next();
            if (!p.test(e)) {
                continue;
            }
            if (items.size() == q.top) {
                more = true;
                break;
            }
            items.add(ser.apply(e));
            lastKey = TenantState.key(e.id);
        }
        Long count = null;
        if (q.count && q.first) {
            long k = 0;
            Iterator<Entity> it = all.get();
            while (it.hasNext()) {
                if (p.test(it.next())) {
                    k++;
                }
            }
            count = k;
        }
        String next = null;
        if (more && lastKey != null) {
            StringBuilder b = new StringBuilder(ctx.graphRoot()).append("/v1.0").append(r.encodedPath).append('?');
            String rawQuery = r.url.encodedQuery();
            if (rawQuery != null) {
                for (String part : rawQuery.split("&")) {
                    String name = part.split("=", 2)[0];
                    if (!name.equalsIgnoreCase("$skiptoken") && !name.equalsIgnoreCase("%24skiptoken")) {
                        b.append(part).append('&');
                    }
                }
            }
            b.append("$skiptoken=").append(encodeSkipToken(lastKey));
            next = b.toString();
        }
        return GraphResult.ok(collection(contextName, q.select, items, count, next));
    }

    private JsonObject collection(String name, @Nullable Set<String> select, List<JsonElement> items,
            @Nullable Long count, @Nullable String next) {
        JsonObject o = new JsonObject();
        o.addProperty("@odata.context", context(name, select));
        if (count != null) {
            o.addProperty("@odata.count", count);
        }
        if (next != null) {
            o.addProperty("@odata.nextLink", next);
        }
        JsonArray arr = new JsonArray();
        items.forEach(arr::add);
        o.add("value", arr);
        return o;
    }

    private String context(String name, @Nullable Set<String> select) {
        return ctx.graphRoot() + "/v1.0/$metadata#" + name + (select == null ? "" : "(" + String.join(",", select) + ")");
    }

    static JsonObject json(Entity e, @Nullable Set<String> select, boolean withType, boolean limited) {
        return json(e, select, withType, limited, false);
    }

    /**
     * Serialize an object; with {@code basicUsers} (User.ReadBasic.All is the caller's only user-read role) a user's
     * properties outside the basic profile come back empty: null, or {@code []} for collections.
     */
    static JsonObject json(Entity e, @Nullable Set<String> select, boolean withType, boolean limited,
            boolean basicUsers) {
        JsonObject o = new JsonObject();
        if (withType) {
            o.addProperty("@odata.type", e.type.odataType());
        }
        if (limited) {
            o.addProperty("id", e.id);
            return o;
        }
        Map<String, Function<Entity, @Nullable Object>> props = OData.props(e.type);
        Iterable<String> names = select != null ? select : e.type == ObjectType.USER ? OData.USER_DEFAULT
                : props.keySet().stream().sorted((a, b) -> a.equals("id") ? -1 : b.equals("id") ? 1 : a.compareTo(b))
                        .toList();
        for (String name : names) {
            Function<Entity, @Nullable Object> f = props.get(name);
            if (f == null) {
                continue;
            }
            Object value = f.apply(e);
            if (basicUsers && e.type == ObjectType.USER && !Permissions.BASIC_USER_PROPERTIES.contains(name)) {
                value = value instanceof List ? List.of() : null;
            }
            o.add(name, toJson(value));
        }
        return o;
    }

    static JsonElement toJson(@Nullable Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Boolean) {
            return new JsonPrimitive((Boolean) v);
        }
        if (v instanceof List) {
            JsonArray a = new JsonArray();
            for (Object x : (List<?>) v) {
                a.add(String.valueOf(x));
            }
            return a;
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    private GraphResult getGroup(GraphRequest r, Caller c, TenantState t, String gid) {
        Permissions.READ_GROUPS.check(c);
        checkOptions(r, Set.of("$select"));
        Set<String> sel = OData.select(r.url.queryParameter("$select"), ObjectType.GROUP);
        Entity g = visibleGroup(t, gid);
        JsonObject out = new JsonObject();
        out.addProperty("@odata.context", context("groups", sel) + "/$entity");
        json(g, sel, false, false).entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
        return GraphResult.ok(out);
    }

    // ------------------------------------------------------------------ writing

    private static JsonObject body(GraphRequest r) {
        String b = r.body;
        if (b == null || b.isBlank()) {
            throw GraphException.badRequest("Empty request body.");
        }
        try {
            JsonElement e = JsonParser.parseString(b);
            if (!e.isJsonObject()) {
                throw new IllegalStateException();
            }
            return e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new GraphException(400, "BadRequest", "Unable to read JSON request payload. Please ensure "
                    + "Content-Type header is set and payload is of valid JSON format.");
        }
    }

    private static @Nullable String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw GraphException.badRequest("Invalid value specified for property '" + name + "'.");
        }
        return e.getAsString();
    }

    private static @Nullable Boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw GraphException.badRequest("Invalid value specified for property '" + name + "' of resource 'Group'.");
        }
        return e.getAsBoolean();
    }

    private static List<String> binds(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw GraphException.badRequest("Invalid URL format specified in @odata.bind for " + name.split("@")[0]);
        }
        List<String> ids = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive()) {
                throw GraphException.badRequest("Invalid URL format specified in @odata.bind for " + name.split("@")[0]);
            }
            ids.add(idFromUrl(x.getAsString(), name.split("@")[0]));
        }
        return ids;
    }

    static String idFromUrl(String url, String property) {
        String u = url.trim();
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        int slash = u.lastIndexOf('/');
        String id = slash >= 0 ? u.substring(slash + 1) : u;
        String coll = slash > 0 ? u.substring(u.lastIndexOf('/', slash - 1) + 1, slash) : "";
        if (!u.contains("/") || !Set.of("directoryObjects", "users", "groups", "devices", "servicePrincipals",
                "contacts").contains(coll)) {
            throw GraphException.badRequest("Invalid URL format specified in @odata.bind for " + property);
        }
        if (!GUID.matcher(id).matches()) {
            throw GraphException.badRequest("Invalid object identifier '" + id + "'.");
        }
        return id;
    }

    private GraphResult createGroup(GraphRequest r, Caller c, TenantState t) {
        Permissions.CREATE_GROUP.check(c);
        JsonObject b = body(r);
        String displayName = str(b, "displayName");
        String nick = str(b, "mailNickname");
        Boolean mailEnabled = bool(b, "mailEnabled");
        Boolean securityEnabled = bool(b, "securityEnabled");
        for (String[] req : new String[][] {{"displayName", displayName}, {"mailNickname", nick}}) {
            if (req[1] == null) {
                throw GraphException.badRequest("Invalid value specified for property '" + req[0]
                        + "' of resource 'Group'.");
            }
        }
        if (mailEnabled == null) {
            throw GraphException.badRequest("Invalid value specified for property 'mailEnabled' of resource 'Group'.");
        }
        if (securityEnabled == null) {
            throw GraphException.badRequest(
                    "Invalid value specified for property 'securityEnabled' of resource 'Group'.");
        }
        if (displayName.isBlank() || displayName.length() > 256) {
            throw GraphException.badRequest("Invalid value specified for property 'displayName' of resource 'Group'.");
        }
        validateNickname(nick);
        String description = str(b, "description");
        if (description != null && description.length() > 1024) {
            throw GraphException.badRequest("Invalid value specified for property 'description' of resource 'Group'.");
        }
        List<String> types = new ArrayList<>();
        JsonElement gt = b.get("groupTypes");
        if (gt != null && gt.isJsonArray()) {
            gt.getAsJsonArray().forEach(x -> types.add(x.getAsString()));
        }
        for (String type : types) {
            if (!type.equalsIgnoreCase("Unified") && !type.equalsIgnoreCase("DynamicMembership")) {
                throw GraphException.badRequest("Invalid value specified for property 'groupTypes' of resource 'Group'.");
            }
        }
        boolean unified = types.stream().anyMatch("Unified"::equalsIgnoreCase);
        if (unified && !mailEnabled) {
            throw GraphException.badRequest("A Microsoft 365 group must be mail-enabled.");
        }
        if (!unified && mailEnabled) {
            throw GraphException.badRequest("Creating mail-enabled security groups or distribution groups is not "
                    + "supported through Microsoft Graph.");
        }
        String rule = str(b, "membershipRule");
        boolean dynamic = types.stream().anyMatch("DynamicMembership"::equalsIgnoreCase);
        if (dynamic && rule == null) {
            throw GraphException.badRequest("A dynamic group needs a membershipRule.");
        }
        List<String> owners = binds(b, "owners@odata.bind");
        List<String> members = binds(b, "members@odata.bind");
        if (owners.size() + members.size() > 20) {
            throw GraphException.badRequest("A maximum of 20 relationships (owners and members combined) can be "
                    + "added in the same request.");
        }
        boolean onlyCreate = !c.hasAny(Permissions.UPDATE_GROUP.anyOf);
        Set<String> seen = new HashSet<>();
        for (String id : concat(owners, members)) {
            Entity e = t.get(id);
            if (e == null) {
                throw GraphException.notFound(id);
            }
            if (onlyCreate && !Permissions.canRead(c, e.type) && !isOwnServicePrincipal(t, c, e)) {
                throw GraphException.denied();
            }
        }
        for (String id : owners) {
            if (!seen.add("o" + id.toLowerCase(Locale.ROOT))) {
                throw GraphException.badRequest("Object '" + id + "' can only be present once as an add/remove change.");
            }
        }
        for (String id : members) {
            if (!seen.add("m" + id.toLowerCase(Locale.ROOT))) {
                throw GraphException.badRequest("Object '" + id + "' can only be present once as an add/remove change.");
            }
        }
        if (unified && t.nicknameTaken(nick)) {
            throw GraphException.badRequest("Another object with the same value for property mailNickname already exists.");
        }
        Entity g = new Entity(UUID.randomUUID().toString(), ObjectType.GROUP);
        g.displayName = displayName;
        g.description = description;
        g.mailNickname = nick;
        g.groupTypes = types;
        g.mailEnabled = mailEnabled;
        g.securityEnabled = securityEnabled;
        String vis = str(b, "visibility");
        g.visibility = vis != null ? vis : unified ? "Public" : null;
        g.membershipRule = rule;
        g.createdDateTime = ctx.now();
        if (mailEnabled) {
            g.mail = nick + "@" + t.info.domain();
            g.proxyAddresses.add("SMTP:" + g.mail);
        }
        owners.forEach(id -> g.owners.add(TenantState.key(id)));
        members.forEach(id -> g.members.add(TenantState.key(id)));
        ReplicationDelay rd = ctx.replication();
        g.hiddenReads = rd.reads();
        if (!rd.duration().isZero()) {
            g.visibleAt = ctx.now().plus(rd.duration());
        }
        t.add(g);
        JsonObject out = new JsonObject();
        out.addProperty("@odata.context", context("groups", null) + "/$entity");
        json(g, null, false, false).entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
        GraphResult res = new GraphResult(201, out);
        res.headers.put("Location", ctx.graphRoot() + "/v2/" + t.info.tenantId() + "/directoryObjects/" + g.id
                + "/Microsoft.DirectoryServices.Group");
        return res;
    }

    /** The caller's own service principal: an app may name itself as owner without read rights on apps. */
    private static boolean isOwnServicePrincipal(TenantState t, Caller c, Entity e) {
        TenantState.AppState self = t.apps.get(c.appId().toLowerCase(Locale.ROOT));
        return e.type == ObjectType.SERVICE_PRINCIPAL && self != null
                && TenantState.key(e.id).equals(TenantState.key(self.servicePrincipalId));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static void validateNickname(String nick) {
        boolean bad = nick.isEmpty() || nick.length() > 64;
        for (int i = 0; !bad && i < nick.length(); i++) {
            char ch = nick.charAt(i);
            bad = ch > 127 || ch < 32 || NICK_BANNED.indexOf(ch) >= 0;
        }
        if (bad) {
            throw GraphException.badRequest("Invalid value specified for property 'mailNickname' of resource 'Group'.");
        }
    }

    private static void checkChangeable(Entity g, boolean members) {
        if (g.onPremisesSyncEnabled) {
            throw GraphException.badRequest("Unable to update the specified properties for on-premises mastered "
                    + "Directory Sync objects or objects currently undergoing migration.");
        }
        if (members && g.groupTypes.stream().anyMatch("DynamicMembership"::equalsIgnoreCase)) {
            throw GraphException.badRequest("Insufficient privileges to complete the operation: the membership of a "
                    + "dynamic group is managed by its rule.");
        }
    }

    private GraphResult patchGroup(GraphRequest r, Caller c, TenantState t, String gid) {
        JsonObject b = body(r);
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.remove("@odata.type");
        boolean onlyMembers = keys.equals(Set.of("members@odata.bind"));
        if (onlyMembers) {
            Permissions.WRITE_MEMBERS.check(c);
        } else {
            Permissions.UPDATE_GROUP.check(c);
        }
        Entity g = visibleGroup(t, gid);
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
        if (b.has("displayName") && (displayName == null || displayName.isBlank() || displayName.length() > 256)) {
            throw GraphException.badRequest("Invalid value specified for property 'displayName' of resource 'Group'.");
        }
        String description = str(b, "description");
        if (description != null && description.length() > 1024) {
            throw GraphException.badRequest("Invalid value specified for property 'description' of resource 'Group'.");
        }
        if (!onlyMembers) {
            checkChangeable(g, false);
        }
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
        return GraphResult.noContent();
    }

    private static void validateAdds(TenantState t, Set<String> current, List<String> ids, String property) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            String k = TenantState.key(id);
            if (!seen.add(k)) {
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

    private GraphResult addRef(GraphRequest r, Caller c, TenantState t, String gid, boolean members) {
        (members ? Permissions.WRITE_MEMBERS : Permissions.WRITE_OWNERS).check(c);
        JsonObject b = body(r);
        String url = str(b, "@odata.id");
        if (url == null) {
            throw GraphException.badRequest("Missing @odata.id in the reference payload.");
        }
        String id = idFromUrl(url, "@odata.id");
        Entity g = visibleGroup(t, gid);
        if (members) {
            checkChangeable(g, true);
        }
        Entity e = t.get(id);
        if (e == null) {
            throw GraphException.notFound(id);
        }
        Set<String> set = members ? g.members : g.owners;
        if (!set.add(TenantState.key(id))) {
            throw GraphException.badRequest("One or more added object references already exist for the following "
                    + "modified properties: '" + (members ? "members" : "owners") + "'.");
        }
        return GraphResult.noContent();
    }

    private GraphResult removeRef(Caller c, TenantState t, String gid, String memberId, boolean members) {
        (members ? Permissions.WRITE_MEMBERS : Permissions.WRITE_OWNERS).check(c);
        Entity g = visibleGroup(t, gid);
        if (members) {
            checkChangeable(g, true);
        }
        Set<String> set = members ? g.members : g.owners;
        if (!set.contains(TenantState.key(memberId))) {
            // Graph names the group here, which is misleading but observed (graph-behaviour.md §2)
            throw GraphException.notFound(gid);
        }
        if (!members && g.unified() && set.size() == 1) {
            throw GraphException.badRequest("The group must have at least one owner, hence this owner cannot be removed.");
        }
        set.remove(TenantState.key(memberId));
        return GraphResult.noContent();
    }

    private GraphResult deleteViaRelation(GraphRequest r, Caller c, TenantState t, String gid, String objectId,
            boolean members) {
        ctx.violation(Violation.Kind.DIRECTORY_OBJECT_DELETE, c.appId(), r.method, r.fullPath(),
                "DELETE without /$ref on a group's " + (members ? "member" : "owner")
                        + " deletes the object from the directory");
        (members ? Permissions.WRITE_MEMBERS : Permissions.WRITE_OWNERS).check(c);
        Entity g = visibleGroup(t, gid);
        Entity e = t.get(objectId);
        if (e == null || !(members ? g.members : g.owners).contains(TenantState.key(objectId))) {
            throw GraphException.notFound(objectId);
        }
        boolean canDelete = e.type == ObjectType.USER ? c.hasAny(Permissions.DELETE_USER.anyOf)
                : e.type == ObjectType.GROUP ? c.hasAny(Permissions.UPDATE_GROUP.anyOf)
                : c.hasAny(Permissions.DELETE_OBJECT.anyOf);
        if (!canDelete) {
            throw GraphException.denied();
        }
        t.remove(e.id);
        return GraphResult.noContent();
    }
}
