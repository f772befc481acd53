package cc.equa.msgraph.scheduler.internal;

import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The task data of one organization's recurring sync, as stored in db-scheduler's {@code task_data} column: a short
 * text ({@code v1;POLICY;intervalMillis;jitterMillis}) rather than Java serialization, because the column is read
 * back from a database (a trust boundary) and Java deserialization of it would run whatever classes it names.
 *
 * @param schedule the organization's schedule
 */
public record ScheduleData(OrganizationSchedule schedule) {

    /**
     * Longest interval (and so jitter) a schedule may have: any longer and run times leave the range of dates and
     * of the task table's column.
     */
    public static final Duration MAX_INTERVAL = Duration.ofDays(366);

    private static final String VERSION = "v1";
    private static final int MAX_BYTES = 200;

    byte[] encode() {
        return (VERSION + ";" + schedule.policy().name() + ";" + schedule.interval().toMillis() + ";"
                + schedule.jitter().toMillis()).getBytes(StandardCharsets.UTF_8);
    }

    static ScheduleData decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("task data too long: " + bytes.length + " bytes");
        }
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split(";", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("task data is not a v1 organization schedule");
        }
        try {
            Duration interval = Duration.ofMillis(Long.parseLong(parts[2]));
            if (interval.compareTo(MAX_INTERVAL) > 0) {
                throw new IllegalArgumentException("interval over " + MAX_INTERVAL);
            }
            return new ScheduleData(new OrganizationSchedule(SyncPolicy.valueOf(parts[1]), interval,
                    Duration.ofMillis(Long.parseLong(parts[3]))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task data holds an invalid organization schedule", e);
        }
    }
}
