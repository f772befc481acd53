package cc.equa.msgraph.internal;

import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The facts of a failed Graph response, read defensively: Graph's generated {@code ODataError.getMessage()} throws
 * when the body was not an OData error (an empty 5xx, a proxy's HTML page), so nothing here calls it.
 *
 * @param status the HTTP status (0 when there was no response)
 * @param code Graph's error code, or null
 * @param message Graph's error message, or null
 * @param requestId the request-id, or null
 * @param retryAfter the Retry-After header, or null
 */
public record GraphFailure(int status, @Nullable String code, @Nullable String message, @Nullable String requestId,
        @Nullable Duration retryAfter) {

    /** The error code the library gives an answer from Graph it could not use (malformed, cyclic, endless). */
    public static final String MALFORMED = "malformedGraphResponse";

    /**
     * Read the facts of an {@link ApiException}.
     *
     * @param e the exception
     * @return the facts
     */
    public static GraphFailure of(ApiException e) {
        String code = null;
        String message = null;
        String requestId = null;
        if (e instanceof ODataError odata) {
            MainError main = odata.getError();
            if (main != null) {
                code = main.getCode();
                message = main.getMessage();
                if (main.getInnerError() != null) {
                    requestId = main.getInnerError().getRequestId();
                }
            }
        }
        Map<String, Set<String>> headers = e.getResponseHeaders();
        if (requestId == null) {
            requestId = header(headers, "request-id");
        }
        return new GraphFailure(e.getResponseStatusCode(), code, message, requestId,
                RetryAfter.parse(header(headers, "Retry-After")));
    }

    /**
     * Return one header's first value, looked up case-insensitively.
     *
     * @param headers the headers
     * @param name the name
     * @return the value, or null
     */
    public static @Nullable String header(@Nullable Map<String, Set<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, Set<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().iterator().next();
            }
        }
        return null;
    }

    /**
     * Tell whether this is Graph's "already exist" answer to adding an existing member or owner.
     *
     * @return true for 400 Request_BadRequest "... already exist ..."
     */
    public boolean isAlreadyExists() {
        return status == 400 && message != null && message.contains("already exist");
    }

    /**
     * Tell whether a retry may succeed (429, 503, 504).
     *
     * @return true if transient
     */
    public boolean isTransient() {
        return status == 429 || status == 503 || status == 504;
    }
}
