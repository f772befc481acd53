package cc.equa.msgraph;

import java.time.Duration;
import java.util.Objects;

/**
 * A wait of the library before it sends to Microsoft Graph again, reported to a {@link GraphRequestListener}.
 *
 * @param reason why the library waits
 * @param duration how long it waits
 * @since 0.2.0
 */
public record GraphWait(Reason reason, Duration duration) {

    /**
     * Check the values.
     *
     * @param reason why the library waits
     * @param duration how long it waits, not negative
     * @since 0.2.0
     */
    public GraphWait {
        Objects.requireNonNull(reason, "'reason' must not be null");
        Objects.requireNonNull(duration, "'duration' must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("'duration' must not be negative");
        }
    }

    /**
     * Why the library waits.
     *
     * @since 0.2.0
     */
    public enum Reason {
        /** Graph throttled a request (429) or was unavailable (503, 504) and said how long to wait. */
        RETRY_AFTER,
        /** A transient failure without a {@code Retry-After}: an exponential backoff with jitter. */
        BACKOFF,
        /** The write pacer holds writes back to stay inside Graph's write quota of the app and tenant. */
        WRITE_QUOTA
    }
}
