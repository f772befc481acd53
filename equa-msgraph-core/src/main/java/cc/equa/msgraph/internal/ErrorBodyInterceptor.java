package cc.equa.msgraph.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Replace an error response's body that is not a Graph error (a proxy's or gateway's HTML page, plain text,
 * truncated JSON) with a synthetic OData error, keeping the status and headers (request-id, Retry-After).
 *
 * <p>Without this, Kiota tries to parse such a body with the error mapping and throws something that is not an
 * {@code ApiException} (for {@code text/html} an {@code IllegalArgumentException} "does not have a factory
 * registered"), so the HTTP status, the request-id and the retry decision were lost. The original body is never
 * copied into the message: it may be large or hold anything.
 */
public final class ErrorBodyInterceptor implements Interceptor {

    /** The error code of the synthetic error. */
    public static final String CODE = "nonGraphErrorResponse";

    private static final long PEEK_LIMIT = 256 * 1024;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseIds.record(response.header("request-id"));
        if (response.code() < 400 || response.body() == null) {
            return response;
        }
        ResponseBody body = response.body();
        MediaType type = body.contentType();
        String peeked = response.peekBody(PEEK_LIMIT).string();
        if (peeked.isEmpty() || isGraphError(type, peeked)) {
            return response;
        }
        String described = type == null ? "no content type" : "a " + type.type() + "/" + type.subtype() + " body";
        JsonObject error = new JsonObject();
        error.addProperty("code", CODE);
        error.addProperty("message", "HTTP " + response.code() + " answered with " + described
                + ", not a Microsoft Graph error (a proxy or gateway in between?)");
        JsonObject root = new JsonObject();
        root.add("error", error);
        body.close();
        return response.newBuilder()
                .header("Content-Type", JSON.toString())
                .body(ResponseBody.create(root.toString(), JSON))
                .build();
    }

    private static boolean isGraphError(MediaType type, String body) {
        if (type == null || !"json".equals(type.subtype())) {
            return false;
        }
        try {
            JsonElement parsed = JsonParser.parseString(body);
            if (!parsed.isJsonObject()) {
                return false;
            }
            JsonElement error = parsed.getAsJsonObject().get("error");
            JsonElement responses = parsed.getAsJsonObject().get("responses");
            // a $batch answer may come with a non-2xx status and still carry every item's answer (issue 14 item 7)
            return error != null && error.isJsonObject() || responses != null && responses.isJsonArray();
        } catch (RuntimeException notJson) {
            return false;
        }
    }
}
