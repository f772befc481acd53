package cc.equa.msgraph.scheduler.internal;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.OrganizationId;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.Execution;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet on db-scheduler. Each organization is one instance of one custom task ({@link #TASK_NAME}, instance id =
 * organization id) that reschedules itself after each run: db-scheduler picks an instance on exactly one node (an
 * optimistic update of its row), so an organization never runs twice at once; each instance carries its own
 * interval, jitter and policy; a node that stops heart-beating has its picked instances revived on another node.
 * One instance per organization (rather than a fan-out task that schedules them) keeps every organization's
 * schedule, last success and failure count in its own row, needs no coordinator, and spreads a round over the
 * nodes by polling alone.
 */
public final class FleetEngine implements AutoCloseable {

    /** The db-scheduler task name of an organization's recurring sync. */
    public static final String TASK_NAME = "equa-msgraph-sync";

    private static final Logger LOG = LoggerFactory.getLogger(FleetEngine.class);

    private final Scheduler scheduler;
    private final CustomTask<ScheduleData> task;
    private final Clock clock;
    private final PolicyRunner runner;
    private final DataSource dataSource;
    private final String table;
    private final String node;

    /**
     * Build and start the engine.
     *
     * @param settings the engine's settings
     * @param runner runs one organization's sync
     */
    public FleetEngine(EngineSettings settings, PolicyRunner runner) {
        this.clock = settings.clock();
        this.runner = runner;
        this.dataSource = settings.dataSource();
        this.table = settings.tableName();
        this.node = settings.node();
        this.task = Tasks.custom(TASK_NAME, ScheduleData.class)
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .onFailure((complete, operations) -> {
                    // Only a JVM error escapes the runner; try again after the organization's interval.
                    ScheduleData data = (ScheduleData) complete.getExecution().taskInstance.getData();
                    operations.reschedule(complete, next(data));
                })
                .execute((TaskInstance<ScheduleData> instance, com.github.kagkarlsson.scheduler.task.ExecutionContext
                        context) -> {
                    ScheduleData data = instance.getData();
                    Execution execution = context.getExecution();
                    SyncRun run = runner.run(OrganizationId.of(instance.getId()), data.schedule().policy(),
                            () -> stillPicked(execution));
                    LOG.debug("Organization {} synced: {}", instance.getId(), run.outcome());
                    Instant next;
                    if (run.outcome() == SyncOutcome.FAILED || run.outcome() == SyncOutcome.INCOMPLETE) {
                        // A sync cut short by this node's shutdown (interrupted) is due at once, for another
                        // node; any other failure is retried sooner than the full interval.
                        next = context.getSchedulerState().isShuttingDown() ? clock.instant()
                                : clock.instant().plus(min(settings.retryAfterFailure(), data.schedule().interval()));
                    } else {
                        next = next(data);
                    }
                    return (CompletionHandler<ScheduleData>) (complete, operations) ->
                            operations.reschedule(complete, next);
                });
        this.scheduler = Scheduler.create(settings.dataSource(), task)
                .schedulerName(new SchedulerName.Fixed(settings.node()))
                .tableName(settings.tableName())
                .serializer(new ScheduleDataSerializer())
                .threads(settings.threads())
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .shutdownMaxWait(settings.shutdownMaxWait())
                .alwaysPersistTimestampInUTC()
                .enableImmediateExecution()
                .build();
        scheduler.start();
    }

    /**
     * Whether this node still holds the execution it runs: its row is still picked by this node at the version its
     * pick gave it. A node frozen past its missed heartbeats has its execution revived (version bumped) and picked
     * elsewhere, so when it wakes up this is false and it sends nothing more. A database failure counts as not
     * owned: stopping writes is the safe side.
     */
    private boolean stillPicked(Execution execution) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("select count(*) from "
                + table + " where task_name = ? and task_instance = ? and picked = ? and picked_by = ?"
                + " and version = ?")) {
            s.setString(1, execution.taskInstance.getTaskName());
            s.setString(2, execution.taskInstance.getId());
            s.setBoolean(3, true);
            s.setString(4, node);
            s.setLong(5, execution.version);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getInt(1) == 1;
            }
        } catch (SQLException e) {
            LOG.warn("Could not check that this node still owns the sync of organization {}; stopping it: {}",
                    execution.taskInstance.getId(), e.getMessage());
            return false;
        }
    }

    private Instant next(ScheduleData data) {
        return clock.instant().plus(data.schedule().interval()).plus(randomJitter(data.schedule().jitter()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration randomJitter(Duration jitter) {
        long max = jitter.toMillis();
        return max <= 0 ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(max + 1));
    }

    /**
     * Schedule an organization, or change its schedule (keeping its next run time).
     *
     * @param organization the organization
     * @param schedule its schedule
     * @param firstRun when it should first run, if it is new
     * @return true if it was not scheduled before
     */
    public boolean schedule(OrganizationId organization, OrganizationSchedule schedule, Instant firstRun) {
        try {
            return scheduleRow(organization, schedule, firstRun);
        } catch (MsGraphException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Errors.storage("schedule organization " + organization.value(), e);
        }
    }

    private boolean scheduleRow(OrganizationId organization, OrganizationSchedule schedule, Instant firstRun) {
        ScheduleData data = new ScheduleData(schedule);
        TaskInstance<ScheduleData> instance = task.instance(organization.value(), data);
        if (scheduler.scheduleIfNotExists(instance, firstRun.plus(randomJitter(schedule.jitter())))) {
            return true;
        }
        Optional<ScheduledExecution<Object>> existing = scheduler.getScheduledExecution(instance);
        if (existing.isPresent() && !data.equals(existing.get().getData())) {
            try {
                scheduler.reschedule(instance, existing.get().getExecutionTime(), data);
            } catch (TaskInstanceCurrentlyExecutingException | ExecutionException e) {
                throw busy(organization, "change the schedule of");
            }
        }
        return false;
    }

    /**
     * Return an organization's schedule.
     *
     * @param organization the organization
     * @return its schedule, or empty if it is not scheduled
     */
    public Optional<OrganizationSchedule> scheduleOf(OrganizationId organization) {
        try {
            return scheduler.getScheduledExecution(id(organization))
                    .map(e -> ((ScheduleData) Objects.requireNonNull(e.getData())).schedule());
        } catch (RuntimeException e) {
            // The task data is decoded lazily, by getData.
            throw Errors.storage("read the schedule of organization " + organization.value(), e);
        }
    }

    /** The organization's row; a row db-scheduler cannot read (tampered task data) is a typed storage error. */
    private Optional<ScheduledExecution<Object>> execution(OrganizationId organization, String what) {
        try {
            return scheduler.getScheduledExecution(id(organization));
        } catch (RuntimeException e) {
            throw Errors.storage(what + " organization " + organization.value(), e);
        }
    }

    /**
     * Return when an organization's next sync is due.
     *
     * @param organization the organization
     * @return the due time (while a sync runs, the time it was due), or empty if it is not scheduled
     */
    public Optional<Instant> nextRun(OrganizationId organization) {
        return execution(organization, "read the next run of").map(ScheduledExecution::getExecutionTime);
    }

    /**
     * Stop syncing an organization.
     *
     * @param organization the organization
     * @return true if it was scheduled
     */
    public boolean unschedule(OrganizationId organization) {
        try {
            scheduler.cancel(id(organization));
            return true;
        } catch (TaskInstanceNotFoundException e) {
            return false;
        } catch (TaskInstanceCurrentlyExecutingException | ExecutionException e) {
            throw busy(organization, "unschedule");
        }
    }

    /**
     * Make an organization's next sync due now.
     *
     * @param organization the organization
     * @return true if it was made due; false if it is running right now
     */
    public boolean syncNow(OrganizationId organization) {
        try {
            boolean done = scheduler.reschedule(id(organization), clock.instant());
            scheduler.triggerCheckForDueExecutions();
            return done;
        } catch (TaskInstanceCurrentlyExecutingException | ExecutionException e) {
            // ExecutionException: the row was picked between db-scheduler's read and its update (it is running).
            return false;
        } catch (TaskInstanceNotFoundException e) {
            throw new MsGraphException(new MsGraphException.Details(ErrorKind.NOT_FOUND,
                    "sync organization " + organization.value() + " now", "the organization is not scheduled",
                    null, null, null, "schedule the organization first"), e);
        }
    }

    private static TaskInstanceId id(OrganizationId organization) {
        return TaskInstanceId.of(TASK_NAME, organization.value());
    }

    private static MsGraphException busy(OrganizationId organization, String what) {
        return new MsGraphException(new MsGraphException.Details(ErrorKind.CONFLICT,
                what + " organization " + organization.value(), "its sync is running right now", null, null, null,
                "try again when the running sync has finished"), null);
    }

    /** Stop: running syncs get the configured shutdown wait to finish; unfinished ones are revived elsewhere. */
    @Override
    public void close() {
        scheduler.stop();
        runner.close();
    }
}
