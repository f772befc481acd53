package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.scheduler.internal.ScheduleData;
import cc.equa.msgraph.spi.HeldPlanStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FleetScheduler.Builder} collects, with the defaults and the checks
 * {@link FleetScheduler.Builder#start()} applies to every setting at once. Kept apart from the builder, whose public
 * setters and their Javadoc are the API, so the limits of every setting are read in one place.
 */
final class FleetSettings {

    static final Duration MAX_INTERVAL = ScheduleData.MAX_INTERVAL;
    /** Longest polling, heartbeat and shutdown wait accepted (their products must stay in range). */
    static final Duration MAX_NODE_TIMING = Duration.ofHours(1);
    /** Most missed heartbeats accepted. */
    static final int MAX_MISSED_HEARTBEATS = 100;

    @Nullable MicrosoftIntegration microsoft;
    @Nullable DataSource dataSource;
    @Nullable HeldPlanStore heldPlanStore;
    SyncPolicy policy = SyncPolicy.REVIEW_EVERYTHING;
    Duration interval = Duration.ofMinutes(40);
    Duration jitter = Duration.ofMinutes(4);
    SyncOptions syncOptions = SyncOptions.defaults();
    String actor = "equa-msgraph-scheduler";
    String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    int threads = 4;
    Duration pollingInterval = Duration.ofSeconds(10);
    Duration heartbeatInterval = Duration.ofMinutes(1);
    int missedHeartbeats = 4;
    Duration shutdownMaxWait = Duration.ofSeconds(30);
    Duration retryAfterFailure = Duration.ofMinutes(5);
    Duration maxRunTime = Duration.ofHours(1);
    String taskTable = FleetSchema.DEFAULT_TASK_TABLE;
    String heldPlanTable = FleetSchema.DEFAULT_HELD_PLAN_TABLE;
    boolean createTables = true;
    Clock clock = Clock.systemUTC();
    final List<FleetListener> listeners = new ArrayList<>();

    /** Every invalid setting, so one failed start names them all. */
    List<InvalidInputException.FieldProblem> problems() {
        List<InvalidInputException.FieldProblem> problems = new ArrayList<>();
        if (microsoft == null) {
            problems.add(problem("integration", "is not set", "call integration(microsoft)"));
        }
        try {
            problems.addAll(scheduleProblems(new OrganizationSchedule(policy, interval, jitter)));
        } catch (IllegalArgumentException e) {
            problems.add(problem("interval/jitter", e.getMessage(),
                    "use an interval of at least a second and a jitter between zero and the interval"));
        }
        if (threads < 1 || threads > 256) {
            problems.add(problem("threads", "must be 1 to 256, not " + threads, "choose 1 to 256 threads"));
        }
        if (node.isBlank() || node.length() > 50 || !printable(node)) {
            problems.add(problem("node", "must be 1 to 50 characters, without control, line-separator or"
                    + " invisible format characters (such as bidi controls)", "choose a short unique node name"));
        }
        if (!positiveUpTo(pollingInterval, MAX_NODE_TIMING) || !positiveUpTo(heartbeatInterval, MAX_NODE_TIMING)
                || missedHeartbeats < 2 || missedHeartbeats > MAX_MISSED_HEARTBEATS) {
            problems.add(problem("pollingInterval/heartbeat", "must be positive and at most an hour, with 2 to "
                    + MAX_MISSED_HEARTBEATS + " missed heartbeats", "use positive durations of at most an hour"));
        }
        if (retryAfterFailure.isNegative() || retryAfterFailure.compareTo(MAX_INTERVAL) > 0) {
            problems.add(problem("retryAfterFailure", "must be zero to " + MAX_INTERVAL.toDays() + " days",
                    "use zero or more, at most the interval"));
        }
        if (maxRunTime.compareTo(Duration.ofSeconds(1)) < 0 || maxRunTime.compareTo(MAX_INTERVAL) > 0) {
            problems.add(problem("maxRunTime", "must be one second to " + MAX_INTERVAL.toDays() + " days",
                    "use a limit longer than the slowest organization's sync"));
        }
        if (shutdownMaxWait.isNegative() || shutdownMaxWait.compareTo(MAX_NODE_TIMING) > 0) {
            problems.add(problem("shutdownMaxWait", "must be zero to an hour", "use zero or more, at most an hour"));
        }
        return problems;
    }

    /**
     * Why a schedule's interval is too long (its run times would leave the range of dates and of the task table's
     * column), if it is.
     */
    static List<InvalidInputException.FieldProblem> scheduleProblems(OrganizationSchedule schedule) {
        if (schedule.interval().compareTo(MAX_INTERVAL) <= 0) {
            return List.of();
        }
        return List.of(new InvalidInputException.FieldProblem("interval/jitter",
                "must be at most " + MAX_INTERVAL.toDays() + " days, not " + schedule.interval(),
                "use an interval of at most a year; unschedule an organization that should not sync"));
    }

    private static boolean positiveUpTo(Duration d, Duration max) {
        return !d.isNegative() && !d.isZero() && d.compareTo(max) <= 0;
    }

    /**
     * The same characters {@link cc.equa.msgraph.spi.OrganizationId} refuses: the node name goes to log lines and
     * renders too.
     */
    private static boolean printable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            int type = Character.getType(ch);
            if (Character.isISOControl(ch) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT) {
                return false;
            }
        }
        return true;
    }

    private static InvalidInputException.FieldProblem problem(String field, String problem, String remediation) {
        return new InvalidInputException.FieldProblem(field, problem, remediation);
    }
}
