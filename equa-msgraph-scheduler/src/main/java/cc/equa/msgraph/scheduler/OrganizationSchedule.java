package cc.equa.msgraph.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how one organization is synced.
 *
 * @param policy what the sync may apply without a person
 * @param interval the time from the end of one sync to the start of the next, before jitter; at least one second
 * @param jitter the largest random delay added to each interval, so that organizations scheduled together spread
 *     out; zero for none, at most the interval
 * @since 0.2.0
 */
public record OrganizationSchedule(SyncPolicy policy, Duration interval, Duration jitter) {

    /**
     * Check the values.
     *
     * @param policy what the sync may apply without a person
     * @param interval the time between syncs, at least one second
     * @param jitter the largest random delay added to each interval, zero to the interval
     * @throws IllegalArgumentException if the interval is under a second or the jitter out of range
     * @since 0.2.0
     */
    public OrganizationSchedule {
        Objects.requireNonNull(policy, "'policy' must not be null");
        Objects.requireNonNull(interval, "'interval' must not be null");
        Objects.requireNonNull(jitter, "'jitter' must not be null");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("'interval' must be at least one second, not " + interval);
        }
        if (jitter.isNegative() || jitter.compareTo(interval) > 0) {
            throw new IllegalArgumentException("'jitter' must be between zero and the interval, not " + jitter);
        }
    }

    /**
     * Create a schedule.
     *
     * @param policy what the sync may apply without a person
     * @param interval the time between syncs, at least one second
     * @param jitter the largest random delay added to each interval
     * @return the schedule
     * @throws IllegalArgumentException if the interval is under a second or the jitter out of range
     * @since 0.2.0
     */
    public static OrganizationSchedule of(SyncPolicy policy, Duration interval, Duration jitter) {
        return new OrganizationSchedule(policy, interval, jitter);
    }
}
