package cc.equa.msgraph.internal;

import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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

    private static final Pattern DECIMAL_SECONDS = Pattern.compile("[0-9]{1,9}\\.[0-9]{1,9}");

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
                parseRetryAfter(header(headers, "Retry-After")));
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
     * Parse a Retry-After value: delta seconds (also decimal, rounded up to the millisecond) or an HTTP date.
     *
     * @param value the header value, or null
     * @return the wait, or null if absent or unreadable
     */
    public static @Nullable Duration parseRetryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            if (DECIMAL_SECONDS.matcher(v).matches()) {
                // Graph has been seen to send "0.249" (microsoft-graph-docs issue 3877): round up, never retry early
                long millis = new BigDecimal(v).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
                return Duration.ofMillis(millis);
            }
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
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
