package cc.equa.msgraph.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Eventual consistency for groups created through Graph: for a while after {@code POST /groups}, requests that
 * address the new group by id answer 404 {@code Request_ResourceNotFound} and lists leave it out. Off by default.
 *
 * @param reads how many by-id requests for the new group answer 404 (0 for none)
 * @param duration how long after creation (on the fake's clock) the group stays invisible (zero for none)
 * @since 0.1.0
 */
public record ReplicationDelay(int reads, Duration duration) {

    /** No delay: new groups are visible at once. */
    public static final ReplicationDelay NONE = new ReplicationDelay(0, Duration.ZERO);

    /**
     * Check the values.
     *
     * @param reads how many by-id requests for the new group answer 404 (0 for none)
     * @param duration how long after creation (on the fake's clock) the group stays invisible (zero for none)
     * @throws IllegalArgumentException if a value is negative
     */
    public ReplicationDelay {
        Objects.requireNonNull(duration, "'duration' must not be null");
        if (reads < 0 || duration.isNegative()) {
            throw new IllegalArgumentException("reads and duration must not be negative");
        }
    }

    /**
     * Hide new groups from the next {@code n} by-id requests.
     *
     * @param n the number of requests answered 404
     * @return the delay
     * @since 0.1.0
     */
    public static ReplicationDelay reads(int n) {
        return new ReplicationDelay(n, Duration.ZERO);
    }

    /**
     * Hide new groups for a time on the fake's clock.
     *
     * @param duration how long
     * @return the delay
     * @since 0.1.0
     */
    public static ReplicationDelay duration(Duration duration) {
        return new ReplicationDelay(0, duration);
    }
}
