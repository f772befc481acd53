package cc.equa.msgraph.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The library's one reader of {@code Retry-After} (RFC 9110 §10.2.3: delta seconds or an HTTP date), used for Graph
 * answers, {@code $batch} items and the token endpoint alike. The header crosses a trust boundary: a negative or
 * unreadable value is ignored (the caller falls back to its backoff), and a value larger than {@link #MAX} is taken
 * as {@link #MAX}, so no wait can overflow a {@code long} of nanoseconds or hang a caller for years. Whether a wait
 * fits what an operation may wait is the caller's decision (its retry budget); when it does not, the caller fails
 * with the throttled or outage error carrying this wait.
 */
public final class RetryAfter {

    /**
     * The longest wait taken from a {@code Retry-After}: one day. Graph's documented waits are seconds to minutes
     * (https://learn.microsoft.com/en-us/graph/throttling); anything longer is a fault, and a day is already far beyond
     * any retry budget, so the operation fails at once with "try again later" instead of waiting.
     */
    public static final Duration MAX = Duration.ofDays(1);

    private static final Pattern SECONDS = Pattern.compile("[0-9]+");
    /** Graph has been seen to send "0.249" (microsoft-graph-docs issue 3877); not RFC, but read, rounded up. */
    private static final Pattern DECIMAL_SECONDS = Pattern.compile("[0-9]+\\.[0-9]+");
    /** Longer is no number of seconds anyone meant; it is clamped without parsing (no huge BigDecimal work). */
    private static final int MAX_DIGITS = 40;

    private RetryAfter() {
    }

    /**
     * Read a {@code Retry-After} value: whole or decimal seconds (rounded up to the millisecond, so never early) or
     * an HTTP date (a date in the past means now).
     *
     * @param value the header value, or null
     * @return the wait, at most {@link #MAX}; null if absent, negative or unreadable
     */
    public static @Nullable Duration parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        boolean whole = SECONDS.matcher(v).matches();
        if (whole || DECIMAL_SECONDS.matcher(v).matches()) {
            if (v.length() > MAX_DIGITS) {
                return MAX;
            }
            BigDecimal millis = new BigDecimal(v).movePointRight(3).setScale(0, RoundingMode.CEILING);
            return millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) >= 0 ? MAX : Duration.ofMillis(
                    millis.longValueExact());
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return d.isNegative() ? Duration.ZERO : d.compareTo(MAX) > 0 ? MAX : d;
        } catch (RuntimeException notDate) {
            return null;
        }
    }

    /**
     * Return the header value HTTP clients below the library may see: the same value unless it is whole seconds
     * beyond {@link #MAX}, which becomes {@link #MAX} in seconds. OkHttp's own 503 handling reads whole seconds with
     * {@code Integer.valueOf} and throws on larger values, which surfaced as an unreadable answer (Graph) or a
     * refused sign-in (token endpoint) instead of an outage.
     *
     * @param value the header value
     * @return the value to pass on
     */
    static String forClients(String value) {
        String v = value.trim();
        if (SECONDS.matcher(v).matches() && MAX.equals(parse(v)) && !v.equals(String.valueOf(MAX.toSeconds()))) {
            return String.valueOf(MAX.toSeconds());
        }
        return value;
    }

    /**
     * A network interceptor (it runs before OkHttp's own retry logic sees the answer) that applies
     * {@link #forClients(String)} to every answer's {@code Retry-After}.
     */
    static final class Clamp implements Interceptor {

        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            String value = response.header("Retry-After");
            if (value == null) {
                return response;
            }
            String clamped = forClients(value);
            return clamped.equals(value) ? response : response.newBuilder().header("Retry-After", clamped).build();
        }
    }
}
