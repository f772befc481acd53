package cc.equa.msgraph.internal.graph;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place that reads loose JSON from Graph (batch answers, token claims) and from the library's own stored
 * formats: every reader is lenient about shape and never throws on a wrong type, so a hostile answer is judged by
 * the caller, not by a Gson exception.
 */
final class Json {

    private Json() {
    }

    /**
     * Read a member as a string.
     *
     * @param o the object
     * @param name the member
     * @return its text if it is a JSON primitive (a number reads as its text), else null
     */
    public static @Nullable String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
    }

    /**
     * Read a member as a list of strings, skipping entries that are not primitives.
     *
     * @param o the object
     * @param name the member
     * @return the strings, empty when the member is absent or not an array
     */
    public static List<String> strings(JsonObject o, String name) {
        List<String> out = new ArrayList<>();
        if (o.has(name) && o.get(name).isJsonArray()) {
            for (JsonElement e : o.getAsJsonArray(name)) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        }
        return out;
    }

    /**
     * Tell whether an element is a JSON string.
     *
     * @param e the element, or null
     * @return true for a string
     */
    public static boolean isString(@Nullable JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /**
     * Parse text that should be a JSON object.
     *
     * @param text the text
     * @return the object, or null when the text is not JSON or not an object
     */
    public static @Nullable JsonObject object(String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
