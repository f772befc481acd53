package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * How many writes a request costs against the write quota. Graph's throttling docs count one write per request
 * (https://learn.microsoft.com/en-us/graph/throttling-limits); Canvas LMS's Microsoft sync records Microsoft telling
 * them a {@code members@odata.bind} costs about one write per three users (instructure/canvas-lms
 * {@code lib/microsoft_sync}; graph-behaviour.md §14). With {@link cc.equa.msgraph.testkit.Hostility#membersPerWrite()}
 * set, a {@code PATCH /groups/{id}} or {@code POST /groups} that binds n members and owners costs
 * {@code ceil(n / membersPerWrite)} writes; every other write costs one.
 */
final class WriteCost {
    private WriteCost() {
    }

    static int of(GraphRequest r) {
        int per = r.hostility.membersPerWrite();
        if (per <= 0 || r.body == null || r.segments.isEmpty() || !r.segments.get(0).equals("groups")
                || !(r.method.equals("PATCH") && r.segments.size() == 2
                        || r.method.equals("POST") && r.segments.size() == 1)) {
            return 1;
        }
        int bound;
        try {
            JsonObject b = JsonParser.parseString(r.body).getAsJsonObject();
            bound = size(b.get("members@odata.bind")) + size(b.get("owners@odata.bind"));
        } catch (RuntimeException e) {
            return 1;   // a malformed body is refused by the handler; it still costs its one write
        }
        return Math.max(1, (bound + per - 1) / per);
    }

    private static int size(JsonElement e) {
        return e != null && e.isJsonArray() ? e.getAsJsonArray().size() : 0;
    }
}
