package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reading write-request bodies the way Graph does: a body that isn't a JSON object is 400 "Unable to read JSON
 * request payload", a property of the wrong JSON type is 400 "Invalid value specified for property", and an
 * {@code @odata.bind} / {@code @odata.id} reference must be a URL ending in {@code /{collection}/{guid}}
 * (https://learn.microsoft.com/en-us/graph/api/group-post-members?view=graph-rest-1.0, Example 2).
 */
final class RequestBodies {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** The collections a directory-object reference may name. */
    private static final Set<String> REFERENCE_COLLECTIONS = Set.of("directoryObjects", "users", "groups", "devices",
            "servicePrincipals", "contacts");

    private RequestBodies() {
    }

    static JsonObject object(GraphRequest r) {
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

    static @Nullable String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw GraphException.badRequest("Invalid value specified for property '" + name + "'.");
        }
        return e.getAsString();
    }

    static @Nullable Boolean bool(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw GraphException.badRequest("Invalid value specified for property '" + name + "' of resource 'Group'.");
        }
        return e.getAsBoolean();
    }

    /** The object ids of an {@code x@odata.bind} array, each checked as a reference URL. */
    static List<String> binds(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        String property = name.split("@")[0];
        if (!e.isJsonArray()) {
            throw GraphException.badRequest("Invalid URL format specified in @odata.bind for " + property);
        }
        List<String> ids = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive()) {
                throw GraphException.badRequest("Invalid URL format specified in @odata.bind for " + property);
            }
            ids.add(idFromUrl(x.getAsString(), property));
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
        if (!u.contains("/") || !REFERENCE_COLLECTIONS.contains(coll)) {
            throw GraphException.badRequest("Invalid URL format specified in @odata.bind for " + property);
        }
        if (!GUID.matcher(id).matches()) {
            throw GraphException.badRequest("Invalid object identifier '" + id + "'.");
        }
        return id;
    }
}
