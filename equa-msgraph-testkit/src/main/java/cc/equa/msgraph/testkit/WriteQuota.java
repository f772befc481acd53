package cc.equa.msgraph.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * The write-throttling model per app and tenant: at most {@code limit} writes (POST, PATCH, PUT, DELETE, each
 * {@code $batch} item counted on its own) in any sliding {@code window}; beyond it the fake answers 429 with a
 * {@code Retry-After} saying when the oldest write leaves the window.
 *
 * @param limit writes allowed per window; {@code Integer.MAX_VALUE} for no limit
 * @param window the sliding window
 * @since 0.1.0
 */
public record WriteQuota(int limit, Duration window) {

    /** Graph's documented directory write quota: 3,000 writes per 2 min 30 s per app and tenant. */
    public static final WriteQuota GRAPH = new WriteQuota(3000, Duration.ofSeconds(150));

    /** No write throttling. */
    public static final WriteQuota UNLIMITED = new WriteQuota(Integer.MAX_VALUE, Duration.ofSeconds(1));

    /**
     * Check the values.
     *
     * @param limit writes allowed per window; {@code Integer.MAX_VALUE} for no limit
     * @param window the sliding window
     * @throws IllegalArgumentException if the limit is not positive or the window not positive
     */
    public WriteQuota {
        Objects.requireNonNull(window, "'window' must not be null");
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
    }

    /**
     * Create a quota.
     *
     * @param limit writes per window
     * @param window the window
     * @return the quota
     * @since 0.1.0
     */
    public static WriteQuota of(int limit, Duration window) {
        return new WriteQuota(limit, window);
    }
}
