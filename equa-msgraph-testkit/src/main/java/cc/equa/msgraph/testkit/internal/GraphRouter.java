package cc.equa.msgraph.testkit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every Graph v1.0 endpoint the fake serves, in one table: method + path pattern → handler. Called with the tenant's
 * lock held, after the engine has authenticated the caller and applied faults and throttling.
 *
 * <p>How a path is routed: patterns are tried in table order (so {@code groups/delta} wins over {@code groups/{id}});
 * the first pattern that matches the path owns it, and its method entries decide. A method the pattern does not list
 * gets its {@code "*"} entry if it has one, else 405 {@code Request_BadRequest}, Graph's answer to a method a resource
 * does not support. A path no pattern matches gets 400 {@code BadRequest} "Resource not found for the segment …",
 * Graph's answer to an unknown segment.
 *
 * <p>To serve a new endpoint, add one line to {@link #table} and a handler {@code GraphResult name(Call)} in the
 * resource class.
 */
final class GraphRouter {
    /** A method entry for every method the pattern does not list by name. */
    private static final String OTHER = "*";
    private static final Pattern SP_BY_APP_ID = Pattern.compile("(?i)servicePrincipals\\(appId='[^']*'\\)");

    /** A resource handler. */
    interface Handler {
        GraphResult handle(Call call);
    }

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    GraphRouter(GraphContext ctx) {
        table(new Groups(ctx), new GroupRelations(ctx), new GroupDelta(ctx), new Users(ctx),
                new DirectoryObjects(ctx), new ServicePrincipals(ctx), new Organization(ctx));
        extras(new Counts(ctx), new GroupSettings(ctx), new Users(ctx));
    }

    // The OTHER entries keep the answers the fake has always given there: an unknown segment (400) rather than 405;
    // GET /servicePrincipals (listing) is not served at all.
    private void table(Groups groups, GroupRelations relations, GroupDelta delta, Users users,
            DirectoryObjects objects, ServicePrincipals sps, Organization org) {
        on("GET",    "groups",                                    groups::list);
        on("POST",   "groups",                                    groups::create);
        on("GET",    "groups/delta",                              delta::round);
        on("GET",    "groups/delta()",                            delta::round);
        on("GET",    "groups/{id}",                               groups::get);
        on("PATCH",  "groups/{id}",                               groups::update);
        on("DELETE", "groups/{id}",                               groups::delete);
        on("GET",    "groups/{id}/{relation}",                    relations::list);
        on("POST",   "groups/{id}/{relation}/$ref",               relations::addRef);
        on("GET",    "groups/{id}/{relation}/{cast}",             relations::listCast);
        on("DELETE", "groups/{id}/{relation}/{objectId}",         relations::deleteObject);   // the mistake: no $ref
        on(OTHER,    "groups/{id}/{relation}/{objectId}",         GraphRouter::unknownSegment);
        on("DELETE", "groups/{id}/{relation}/{objectId}/$ref",    relations::removeRef);
        on("GET",    "users",                                     users::list);
        on("GET",    "users/{id}",                                users::get);
        on("PATCH",  "users/{id}",                                users::update);
        on("DELETE", "users/{id}",                                users::delete);
        on("GET",    "users/{id}/memberOf",                       users::memberOf);
        on("GET",    "users/{id}/memberOf/{cast}",                users::memberOfCast);
        on("GET",    "users/{id}/transitiveMemberOf",             users::transitiveMemberOf);
        on("GET",    "users/{id}/transitiveMemberOf/{cast}",      users::transitiveMemberOfCast);
        on("GET",    "directoryObjects/{id}",                     objects::get);
        on("DELETE", "directoryObjects/{id}",                     objects::delete);
        on(OTHER,    "directoryObjects/{id}",                     GraphRouter::unknownSegment);
        on(OTHER,    "servicePrincipals",                         GraphRouter::notAllowed);
        on("GET",    "servicePrincipals/{id}",                    sps::getById);
        on(OTHER,    "servicePrincipals/{id}",                    GraphRouter::unknownSegment);
        on("GET",    "servicePrincipals(appId='{appId}')",        sps::getByAppId);
        on("GET",    "organization",                              org::list);
        on(OTHER,    "organization",                              GraphRouter::unknownSegment);
    }

    /**
     * The {@code $count} segments and the group settings, placed ahead of the table's patterns that would otherwise
     * take their paths ({@code groups/{id}}, {@code groups/{id}/{relation}/{cast}}).
     */
    private void extras(Counts counts, GroupSettings settings, Users users) {
        Map<String, Endpoint> table = new LinkedHashMap<>(endpoints);
        endpoints.clear();
        on("GET",    "groups/$count",                             counts::groups);
        on("GET",    "users/$count",                              counts::users);
        on("GET",    "groups/{id}/{relation}/$count",             counts::members);
        on("GET",    "users/{id}/memberOf/$count",                users::memberOfCount);
        on("GET",    "users/{id}/memberOf/{cast}/$count",         users::memberOfCastCount);
        on("GET",    "users/{id}/transitiveMemberOf/$count",      users::transitiveMemberOfCount);
        on("GET",    "users/{id}/transitiveMemberOf/{cast}/$count", users::transitiveMemberOfCastCount);
        // the SDK writes the casts as graph.directoryRole; Microsoft's docs as microsoft.graph.directoryRole
        for (String rel : List.of("memberOf", "transitiveMemberOf")) {
            for (String type : List.of("directoryRole", "administrativeUnit")) {
                on("GET", "users/{id}/" + rel + "/microsoft.graph." + type, users::noneOfThisType);
                on("GET", "users/{id}/" + rel + "/graph." + type, users::noneOfThisType);
            }
        }
        on("GET",    "groups/{id}/settings",                      settings::groupList);
        on("GET",    "groupSettings",                             settings::tenantList);
        endpoints.putAll(table);
    }

    private void on(String method, String pattern, Handler handler) {
        endpoints.computeIfAbsent(pattern, p -> new Endpoint(new RoutePattern(p))).methods.put(method, handler);
    }

    GraphResult handle(GraphRequest r, Caller c, TenantState t) {
        if (r.segments.isEmpty()) {
            throw new GraphException(400, "BadRequest", "Invalid request.");
        }
        for (Endpoint e : endpoints.values()) {
            Map<String, Object> params = e.pattern.match(r.segments);
            if (params != null) {
                Handler h = e.methods.getOrDefault(r.method, e.methods.get(OTHER));
                if (h == null) {
                    throw methodNotAllowed();
                }
                return h.handle(new Call(r, c, t, params));
            }
        }
        throw segmentNotFound(r.segments);
    }

    private static GraphResult notAllowed(Call call) {
        throw methodNotAllowed();
    }

    private static GraphException methodNotAllowed() {
        return new GraphException(405, "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.");
    }

    /** For the few resources where an unsupported method has always been answered as an unknown segment. */
    private static GraphResult unknownSegment(Call call) {
        throw segmentNotFound(call.request().segments);
    }

    /**
     * The 400 for a path the table does not serve. It names the first segment the fake does not know: the
     * relationship under a group (or the segment after a known one), the key of a service principal addressed by
     * appId, else the resource collection itself.
     */
    private static GraphException segmentNotFound(List<String> s) {
        String unknown = s.get(0);
        if (unknown.equals("groups") && s.size() >= 3) {
            unknown = Relation.of(s.get(2)) == null ? s.get(2) : s.get(3);
        } else if (SP_BY_APP_ID.matcher(unknown).matches() && s.size() > 1) {
            unknown = s.get(1);
        }
        return new GraphException(400, "BadRequest", "Resource not found for the segment '" + unknown + "'.");
    }

    /** One path pattern and its handlers by method. */
    private static final class Endpoint {
        final RoutePattern pattern;
        final Map<String, Handler> methods = new LinkedHashMap<>();

        Endpoint(RoutePattern pattern) {
            this.pattern = pattern;
        }
    }

    /** The table as text, one {@code METHOD pattern} per line, for documentation and debugging. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        endpoints.values().forEach(e -> e.methods.keySet().forEach(m -> lines.add(m + " " + e.pattern)));
        return String.join("\n", lines);
    }
}
