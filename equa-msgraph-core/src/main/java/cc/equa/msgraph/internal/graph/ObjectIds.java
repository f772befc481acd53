package cc.equa.msgraph.internal.graph;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Entra object ids, tenant ids and client ids: GUIDs in their 8-4-4-4-12 form, the one pattern for all three. */
public final class ObjectIds {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ObjectIds() {
    }

    /**
     * Tell whether a value is a GUID, exactly (no surrounding blanks).
     *
     * @param value the value, or null
     * @return true for a GUID
     */
    public static boolean isGuid(@Nullable String value) {
        return value != null && GUID.matcher(value).matches();
    }
}
