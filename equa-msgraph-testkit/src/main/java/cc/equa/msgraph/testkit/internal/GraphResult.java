package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Graph (or batch item) response before it goes on the wire. */
final class GraphResult {
    public final int status;
    public final Map<String, String> headers = new LinkedHashMap<>();
    public final @Nullable JsonElement body;
    /** A description of the injected fault, if this result is one. */
    public @Nullable String fault;
    /** A raw (non-JSON) body replacing {@link #body}, for gateway-page faults. */
    public @Nullable String rawBody;
    /** Drop the connection instead of answering (after the request was applied). */
    public boolean disconnect;

    public GraphResult(int status, @Nullable JsonElement body) {
        this.status = status;
        this.body = body;
        if (body != null) {
            headers.put("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
        }
    }

    public static GraphResult ok(JsonElement body) {
        return new GraphResult(200, body);
    }

    public static GraphResult noContent() {
        return new GraphResult(204, null);
    }

    /** The Graph error envelope. */
    public static GraphResult error(int status, String code, String message, Instant now, String requestId,
            @Nullable String clientRequestId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("date", now.truncatedTo(ChronoUnit.SECONDS).toString());
        inner.addProperty("request-id", requestId);
        inner.addProperty("client-request-id", clientRequestId != null ? clientRequestId : requestId);
        JsonObject err = new JsonObject();
        err.addProperty("code", code);
        err.addProperty("message", message);
        err.add("innerError", inner);
        JsonObject root = new JsonObject();
        root.add("error", err);
        return new GraphResult(status, root);
    }

    public boolean success() {
        return status >= 200 && status < 300;
    }
}
