package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How the fake writes Graph's OData JSON: objects, single-entity envelopes ({@code @odata.context …/$entity}) and
 * collection pages ({@code value}, {@code @odata.count}, {@code @odata.nextLink}).
 *
 * <p>Paging follows https://learn.microsoft.com/en-us/graph/paging?view=graph-rest-1.0: a page holds at most
 * {@code $top} items; when more remain, {@code @odata.nextLink} repeats the request's own query with a
 * {@code $skiptoken} (the client must follow it verbatim); {@code @odata.count} comes on the first page only, counted
 * over the whole filtered collection, as advanced queries do
 * (https://learn.microsoft.com/en-us/graph/aad-advanced-queries?view=graph-rest-1.0).
 */
final class ODataResponses {
    private final GraphContext ctx;

    ODataResponses(GraphContext ctx) {
        this.ctx = ctx;
    }

    /** {@code …/v1.0/$metadata#groups(id,displayName)}: the collection, with the selected properties if any. */
    String context(String name, @Nullable Set<String> select) {
        return ctx.graphRoot() + "/v1.0/$metadata#" + name + (select == null ? "" : "(" + String.join(",", select) + ")");
    }

    /** One object: its {@code @odata.context} first, then its properties. */
    GraphResult entity(String collection, @Nullable Set<String> select, JsonObject properties) {
        return GraphResult.ok(entityBody(collection, select, properties));
    }

    JsonObject entityBody(String collection, @Nullable Set<String> select, JsonObject properties) {
        JsonObject out = new JsonObject();
        out.addProperty("@odata.context", context(collection, select) + "/$entity");
        properties.entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
        return out;
    }

    JsonObject collection(String name, @Nullable Set<String> select, List<JsonElement> items, @Nullable Long count,
            @Nullable String next) {
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

    /**
     * One page of a collection.
     *
     * @param from the objects after the page's start key, in key order
     * @param all the whole collection again, for {@code @odata.count}
     */
    GraphResult page(GraphRequest r, ListQuery q, String contextName, Iterator<Entity> from,
            Supplier<Iterator<Entity>> all, Predicate<Entity> p, Function<Entity, JsonObject> ser) {
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
            lastKey = q.key(e);
        }
        Long count = q.count && q.first ? count(all.get(), p) : null;
        String next = more && lastKey != null ? nextLink(r, lastKey) : null;
        return GraphResult.ok(collection(contextName, q.select, items, count, next));
    }

    private static long count(Iterator<Entity> it, Predicate<Entity> p) {
        long k = 0;
        while (it.hasNext()) {
            if (p.test(it.next())) {
                k++;
            }
        }
        return k;
    }

    /** The request's own path and query, minus any previous {@code $skiptoken}, plus the one for this page's end. */
    private String nextLink(GraphRequest r, String lastKey) {
        StringBuilder b = new StringBuilder(r.root(ctx.graphRoot())).append("/v1.0").append(r.encodedPath).append('?');
        String rawQuery = r.url.encodedQuery();
        if (rawQuery != null) {
            for (String part : rawQuery.split("&")) {
                String name = part.split("=", 2)[0];
                if (!name.equalsIgnoreCase("$skiptoken") && !name.equalsIgnoreCase("%24skiptoken")) {
                    b.append(part).append('&');
                }
            }
        }
        return b.append("$skiptoken=").append(ListQuery.encodeSkipToken(lastKey)).toString();
    }

    static JsonObject json(Entity e, @Nullable Set<String> select, boolean withType, boolean limited) {
        return json(e, select, withType, limited, false);
    }

    /**
     * Serialize an object. {@code limited}: the caller may not read this type, so only type and id show (Graph's
     * answer when listing members of a type one cannot read). {@code basicUsers} (User.ReadBasic.All is the caller's
     * only user-read role): a user's properties outside the basic profile come back empty, null or {@code []}.
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
        Map<String, Function<Entity, @Nullable Object>> props = ODataProperties.props(e.type);
        Iterable<String> names = select != null ? select : e.type == ObjectType.USER ? ODataProperties.USER_DEFAULT
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
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(String.valueOf(x)));
            return a;
        }
        return new JsonPrimitive(String.valueOf(v));
    }
}
