package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.scheduler.internal.EngineSettings;
import cc.equa.msgraph.scheduler.internal.FleetEngine;
import cc.equa.msgraph.scheduler.internal.PolicyRunner;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps many organizations in sync: one recurring sync per {@link #schedule(OrganizationId) scheduled}
 * organization, run on db-scheduler over one database shared by every backend node. Start one per node, all on the
 * same database; db-scheduler then runs each organization on exactly one node at a time, spreads due organizations
 * over the nodes by polling, and revives the syncs of a node that stopped heart-beating on another node. Each sync
 * applies what the organization's {@link SyncPolicy} allows and holds the rest for review in the
 * {@link HeldPlanStore}; {@link #confirm(OrganizationId, String, ApplyOptions)} applies a held plan through the
 * library's usual checks. An organization that is not connected, disabled or has no linked group is skipped without
 * a network call, and synced again once usable.
 *
 * <pre>{@code
 * FleetScheduler fleet = FleetScheduler.builder()
 *         .integration(microsoft)
 *         .dataSource(dataSource)                  // H2 or PostgreSQL, shared by every node
 *         .policy(SyncPolicy.APPLY_WITHIN_GUARD)
 *         .interval(Duration.ofMinutes(40))
 *         .start();
 * fleet.schedule(OrganizationId.of("acme"));
 * }</pre>
 *
 * <p>Metrics and traces with Micrometer (optional): Graph requests by status and throttling waits are heard by the
 * integration, sync duration, changes by outcome and held plans by the scheduler, so both get the registry:
 *
 * <pre>{@code
 * ObservationFleetListener observed = ObservationFleetListener.of(observationRegistry);
 * MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
 *         .settings(settingsStore).team(teamDirectory)
 *         .requestListener(observed.graphRequests())   // Graph requests by status, throttling waits
 *         .build();
 * FleetScheduler fleet = FleetScheduler.builder().integration(microsoft).dataSource(dataSource)
 *         .listener(observed)                          // sync duration, changes by outcome, held plans
 *         .start();
 * }</pre>
 *
 * @since 0.2.0
 */
public final class FleetScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetScheduler.class);

    private final MicrosoftIntegration microsoft;
    private final HeldPlanStore heldPlans;
    private final OrganizationSchedule defaults;
    private final Clock clock;
    private final String node;
    private final FleetEngine engine;

    private FleetScheduler(Builder b, DataSource dataSource, HeldPlanStore heldPlans) {
        this.microsoft = Objects.requireNonNull(b.microsoft);
        this.heldPlans = heldPlans;
        this.defaults = new OrganizationSchedule(b.policy, b.interval, b.jitter);
        this.clock = b.clock;
        this.node = b.node;
        PolicyRunner runner = new PolicyRunner(microsoft, heldPlans, b.syncOptions, b.actor, node,
                new SafeListener(List.copyOf(b.listeners)), clock);
        this.engine = new FleetEngine(new EngineSettings(dataSource, b.taskTable, node, b.threads, b.pollingInterval,
                b.heartbeatInterval, b.missedHeartbeats, b.shutdownMaxWait, b.retryAfterFailure, clock), runner);
    }

    /**
     * Start building a scheduler.
     *
     * @return a builder
     * @since 0.2.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Schedule an organization with the builder's default policy, interval and jitter; its first sync is due now
     * (plus jitter). Scheduling an organization that is already scheduled keeps its schedule.
     *
     * @param organization the organization
     * @return true if it was not scheduled before
     * @throws MsGraphException with {@link ErrorKind#STORAGE} if the database fails
     * @since 0.2.0
     */
    public boolean schedule(OrganizationId organization) {
        Objects.requireNonNull(organization, "'organization' must not be null");
        Optional<OrganizationSchedule> existing = engine.scheduleOf(organization);
        return existing.isEmpty() && engine.schedule(organization, defaults, clock.instant());
    }

    /**
     * Schedule an organization with its own policy, interval and jitter, or change the schedule of a scheduled one
     * (its next run time stays; the new interval applies from the run after it).
     *
     * @param organization the organization
     * @param schedule its schedule
     * @return true if it was not scheduled before
     * @throws MsGraphException with {@link ErrorKind#CONFLICT} if its sync is running right now (try again), or
     *     {@link ErrorKind#STORAGE} if the database fails
     * @since 0.2.0
     */
    public boolean schedule(OrganizationId organization, OrganizationSchedule schedule) {
        return engine.schedule(Objects.requireNonNull(organization, "'organization' must not be null"),
                Objects.requireNonNull(schedule, "'schedule' must not be null"), clock.instant());
    }

    /**
     * Return an organization's schedule.
     *
     * @param organization the organization
     * @return its schedule, or empty if it is not scheduled
     * @since 0.2.0
     */
    public Optional<OrganizationSchedule> scheduleOf(OrganizationId organization) {
        return engine.scheduleOf(Objects.requireNonNull(organization, "'organization' must not be null"));
    }

    /**
     * Return when an organization's next sync is due, for an admin screen's "next sync at". After a sync it is the
     * end of that sync plus the interval plus a random part of the jitter (sooner after a failure, see
     * {@link Builder#retryAfterFailure(Duration)}).
     *
     * @param organization the organization
     * @return the due time (while a sync runs or waits for a free thread, a time in the past), or empty if the
     *     organization is not scheduled
     * @since 0.2.0
     */
    public Optional<Instant> nextRun(OrganizationId organization) {
        return engine.nextRun(Objects.requireNonNull(organization, "'organization' must not be null"));
    }

    /**
     * Stop syncing an organization (its held plans stay until confirmed or discarded).
     *
     * @param organization the organization
     * @return true if it was scheduled
     * @throws MsGraphException with {@link ErrorKind#CONFLICT} if its sync is running right now (try again)
     * @since 0.2.0
     */
    public boolean unschedule(OrganizationId organization) {
        return engine.unschedule(Objects.requireNonNull(organization, "'organization' must not be null"));
    }

    /**
     * "Sync now": make an organization's next sync due immediately. Whichever node polls first runs it (this node
     * is woken at once); its interval then restarts from that run.
     *
     * @param organization the organization
     * @return true if the sync was made due; false if it is running right now (nothing to do)
     * @throws MsGraphException with {@link ErrorKind#NOT_FOUND} if the organization is not scheduled
     * @since 0.2.0
     */
    public boolean syncNow(OrganizationId organization) {
        return engine.syncNow(Objects.requireNonNull(organization, "'organization' must not be null"));
    }

    /**
     * Return where held plans are stored, to list them on a review screen.
     *
     * @return the store
     * @since 0.2.0
     */
    public HeldPlanStore heldPlans() {
        return heldPlans;
    }

    /**
     * Confirm a held plan: read it back, re-validate it ({@link SyncPlan#fromJson(String)}) and apply it with
     * {@link cc.equa.msgraph.OrganizationIntegration#applySync(SyncPlan, ApplyOptions)}, with every check that
     * applies to any reviewed plan (a plan whose group or team changed since is refused as stale; a plan over its
     * removal guard needs {@link ApplyOptions.Builder#allowMassRemoval(boolean)}). The plan is forgotten once
     * applied. A stale plan is forgotten too and the organization's next sync is made due, so a fresh plan is held.
     * Runs on the caller's thread; a scheduled sync of the same organization running at the same moment converges
     * with it (changes already in place count as done).
     *
     * @param organization the organization
     * @param planId the held plan's id
     * @param options how to apply (the actor confirming it, mass-removal override, progress)
     * @return the result
     * @throws InvalidInputException if no such plan is held for the organization, or the stored plan is not for it
     * @throws MsGraphException with {@link ErrorKind#STALE_PLAN}, {@link ErrorKind#REMOVAL_GUARD} and every other
     *     kind {@code applySync} throws
     * @since 0.2.0
     */
    public SyncResult confirm(OrganizationId organization, String planId, ApplyOptions options) {
        Objects.requireNonNull(organization, "'organization' must not be null");
        Objects.requireNonNull(planId, "'planId' must not be null");
        Objects.requireNonNull(options, "'options' must not be null");
        HeldPlan held = heldPlans.get(organization, planId).orElseThrow(() -> new InvalidInputException(
                "confirm a held plan", List.of(new InvalidInputException.FieldProblem("planId",
                        "no plan " + planId + " is held for organization " + organization.value(),
                        "list the organization's held plans and confirm one of them; a plan already confirmed or"
                                + " superseded by a newer sync is no longer held"))));
        SyncPlan plan = SyncPlan.fromJson(held.planJson());
        if (!plan.organization().equals(organization) || !plan.planId().equals(planId)) {
            throw new InvalidInputException("confirm a held plan", List.of(new InvalidInputException.FieldProblem(
                    "planId", "the stored plan is not plan " + planId + " of organization " + organization.value(),
                    "discard it; the held-plan store holds a row that does not match its key")));
        }
        SyncResult result;
        try {
            result = microsoft.organization(organization).applySync(plan, options);
        } catch (MsGraphException e) {
            if (e.kind() == ErrorKind.STALE_PLAN) {
                heldPlans.remove(organization, planId);
                requestFreshPlan(organization);
            }
            throw e;
        }
        heldPlans.remove(organization, planId);
        return result;
    }

    /**
     * Discard a held plan without applying it.
     *
     * @param organization the organization
     * @param planId the held plan's id
     * @return true if it was held
     * @since 0.2.0
     */
    public boolean discard(OrganizationId organization, String planId) {
        return heldPlans.remove(Objects.requireNonNull(organization, "'organization' must not be null"),
                Objects.requireNonNull(planId, "'planId' must not be null"));
    }

    private void requestFreshPlan(OrganizationId organization) {
        try {
            engine.syncNow(organization);
        } catch (MsGraphException e) {
            LOG.debug("Organization {} is not scheduled; no fresh plan requested", organization);
        }
    }

    /**
     * Return this node's name (as stored in db-scheduler's {@code picked_by} column).
     *
     * @return the name
     * @since 0.2.0
     */
    public String node() {
        return node;
    }

    /**
     * Stop this node: no new syncs start here; running syncs get the builder's
     * {@link Builder#shutdownMaxWait(Duration) shutdown wait} to finish. Scheduled organizations stay scheduled and
     * are run by the other nodes; a sync that did not finish in time is revived by another node once its heartbeat
     * is missed. The integration, data source and held-plan store are the host's and stay open.
     *
     * @since 0.2.0
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Describe the scheduler by its node name.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "FleetScheduler[node=" + node + "]";
    }

    /** Calls every listener, logging and swallowing what they throw. */
    private static final class SafeListener implements FleetListener {
        private final List<FleetListener> listeners;

        SafeListener(List<FleetListener> listeners) {
            this.listeners = listeners;
        }

        @Override
        public void syncStarted(OrganizationId organization, SyncPolicy policy) {
            for (FleetListener l : listeners) {
                try {
                    l.syncStarted(organization, policy);
                } catch (RuntimeException e) {
                    LOG.warn("FleetListener {} failed in syncStarted; ignored", l, e);
                }
            }
        }

        @Override
        public void changeSettled(OrganizationId organization, ChangeResult result, int completed, int total) {
            for (FleetListener l : listeners) {
                try {
                    l.changeSettled(organization, result, completed, total);
                } catch (RuntimeException e) {
                    LOG.warn("FleetListener {} failed in changeSettled; ignored", l, e);
                }
            }
        }

        @Override
        public void syncFinished(SyncRun run) {
            for (FleetListener l : listeners) {
                try {
                    l.syncFinished(run);
                } catch (RuntimeException e) {
                    LOG.warn("FleetListener {} failed in syncFinished; ignored", l, e);
                }
            }
        }
    }

    /**
     * Builds a {@link FleetScheduler}. Only {@link #integration(MicrosoftIntegration)} is required; without a
     * {@link #dataSource(DataSource)} the scheduler runs on a private in-memory H2 database (one node only, nothing
     * survives a restart: for trying it out and tests).
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private @Nullable MicrosoftIntegration microsoft;
        private @Nullable DataSource dataSource;
        private @Nullable HeldPlanStore heldPlanStore;
        private SyncPolicy policy = SyncPolicy.REVIEW_EVERYTHING;
        private Duration interval = Duration.ofMinutes(40);
        private Duration jitter = Duration.ofMinutes(4);
        private SyncOptions syncOptions = SyncOptions.defaults();
        private String actor = "equa-msgraph-scheduler";
        private String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
        private int threads = 4;
        private Duration pollingInterval = Duration.ofSeconds(10);
        private Duration heartbeatInterval = Duration.ofMinutes(1);
        private int missedHeartbeats = 4;
        private Duration shutdownMaxWait = Duration.ofSeconds(30);
        private Duration retryAfterFailure = Duration.ofMinutes(5);
        private String taskTable = FleetSchema.DEFAULT_TASK_TABLE;
        private String heldPlanTable = FleetSchema.DEFAULT_HELD_PLAN_TABLE;
        private boolean createTables = true;
        private Clock clock = Clock.systemUTC();
        private final List<FleetListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Set the integration that plans and applies (required). The scheduler never closes it.
         *
         * @param integration the integration
         * @return this builder
         * @since 0.2.0
         */
        public Builder integration(MicrosoftIntegration integration) {
            this.microsoft = Objects.requireNonNull(integration, "'integration' must not be null");
            return this;
        }

        /**
         * Set the database shared by every node (H2 or PostgreSQL; give each node its own connection pool on it).
         *
         * @param source the database
         * @return this builder
         * @since 0.2.0
         */
        public Builder dataSource(DataSource source) {
            this.dataSource = Objects.requireNonNull(source, "'source' must not be null");
            return this;
        }

        /**
         * Set where plans wait for review; by default a {@link JdbcHeldPlanStore} on the
         * {@link #dataSource(DataSource) database}.
         *
         * @param store the store
         * @return this builder
         * @since 0.2.0
         */
        public Builder heldPlans(HeldPlanStore store) {
            this.heldPlanStore = Objects.requireNonNull(store, "'store' must not be null");
            return this;
        }

        /**
         * Set the policy of organizations scheduled without their own {@link OrganizationSchedule}; default
         * {@link SyncPolicy#REVIEW_EVERYTHING}.
         *
         * @param syncPolicy the policy
         * @return this builder
         * @since 0.2.0
         */
        public Builder policy(SyncPolicy syncPolicy) {
            this.policy = Objects.requireNonNull(syncPolicy, "'syncPolicy' must not be null");
            return this;
        }

        /**
         * Set the default time between two syncs of an organization; default 40 minutes (Entra provisioning's
         * cycle). At least one second.
         *
         * @param every the interval
         * @return this builder
         * @since 0.2.0
         */
        public Builder interval(Duration every) {
            this.interval = Objects.requireNonNull(every, "'every' must not be null");
            return this;
        }

        /**
         * Set the default largest random delay added to each interval; default 4 minutes. At most the interval.
         *
         * @param spread the jitter
         * @return this builder
         * @since 0.2.0
         */
        public Builder jitter(Duration spread) {
            this.jitter = Objects.requireNonNull(spread, "'spread' must not be null");
            return this;
        }

        /**
         * Set the options of every scheduled plan (mode, match rules, scope, removal guard); default
         * {@link SyncOptions#defaults()}.
         *
         * @param options the options
         * @return this builder
         * @since 0.2.0
         */
        public Builder syncOptions(SyncOptions options) {
            this.syncOptions = Objects.requireNonNull(options, "'options' must not be null");
            return this;
        }

        /**
         * Set the actor recorded in audit events of changes the scheduler applies on its own; default
         * {@code equa-msgraph-scheduler}.
         *
         * @param who the actor
         * @return this builder
         * @since 0.2.0
         */
        public Builder actor(String who) {
            this.actor = Objects.requireNonNull(who, "'who' must not be null");
            return this;
        }

        /**
         * Set this node's name, unique among the nodes (at most 50 characters); default {@code node-} and a random
         * suffix.
         *
         * @param name the name
         * @return this builder
         * @since 0.2.0
         */
        public Builder node(String name) {
            this.node = Objects.requireNonNull(name, "'name' must not be null");
            return this;
        }

        /**
         * Set how many organizations this node syncs at once; default 4.
         *
         * @param count the number of sync threads, 1 to 256
         * @return this builder
         * @since 0.2.0
         */
        public Builder threads(int count) {
            this.threads = count;
            return this;
        }

        /**
         * Set how often this node looks for due syncs; default 10 seconds. Shorter means more database queries and
         * a sync starting closer to its due time.
         *
         * @param every the polling interval
         * @return this builder
         * @since 0.2.0
         */
        public Builder pollingInterval(Duration every) {
            this.pollingInterval = Objects.requireNonNull(every, "'every' must not be null");
            return this;
        }

        /**
         * Set how often a running sync is marked alive, and after how many missed marks another node takes it over
         * (revives it); default every minute, 4 missed.
         *
         * @param every the heartbeat interval
         * @param missed missed heartbeats before a sync counts as dead, at least 2
         * @return this builder
         * @since 0.2.0
         */
        public Builder heartbeat(Duration every, int missed) {
            this.heartbeatInterval = Objects.requireNonNull(every, "'every' must not be null");
            this.missedHeartbeats = missed;
            return this;
        }

        /**
         * Set how long {@link FleetScheduler#close()} lets running syncs finish; default 30 seconds.
         *
         * @param wait the wait
         * @return this builder
         * @since 0.2.0
         */
        public Builder shutdownMaxWait(Duration wait) {
            this.shutdownMaxWait = Objects.requireNonNull(wait, "'wait' must not be null");
            return this;
        }

        /**
         * Set how soon a sync that failed (or left changes failed) is tried again, instead of after its full
         * interval; default 5 minutes, never more than the organization's interval. A sync cut short by this node's
         * {@link FleetScheduler#close() close} is due again at once, for another node.
         *
         * @param delay the delay
         * @return this builder
         * @since 0.2.0
         */
        public Builder retryAfterFailure(Duration delay) {
            this.retryAfterFailure = Objects.requireNonNull(delay, "'delay' must not be null");
            return this;
        }

        /**
         * Set the tables' names; default {@link FleetSchema#DEFAULT_TASK_TABLE} and
         * {@link FleetSchema#DEFAULT_HELD_PLAN_TABLE}.
         *
         * @param tasks db-scheduler's task table
         * @param held the held-plan table (used by the default {@link JdbcHeldPlanStore})
         * @return this builder
         * @since 0.2.0
         */
        public Builder tables(String tasks, String held) {
            this.taskTable = FleetSchema.checkName(tasks);
            this.heldPlanTable = FleetSchema.checkName(held);
            return this;
        }

        /**
         * Set whether {@link #start()} creates the tables if they are missing (H2 and PostgreSQL); default true.
         * Turn it off when a migration tool owns the schema ({@link FleetSchema#statements}).
         *
         * @param create whether to create missing tables
         * @return this builder
         * @since 0.2.0
         */
        public Builder createTables(boolean create) {
            this.createTables = create;
            return this;
        }

        /**
         * Set the clock of run times and held plans; default the system clock (UTC).
         *
         * @param c the clock
         * @return this builder
         * @since 0.2.0
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "'c' must not be null");
            return this;
        }

        /**
         * Add a listener (metrics, traces, activity feed); may be called several times. For Micrometer, pass
         * {@code cc.equa.msgraph.scheduler.micrometer.ObservationFleetListener} here and its
         * {@code graphRequests()} to the integration's {@code requestListener} (see the class comment), so Graph
         * requests by status and throttling waits are observed too.
         *
         * @param listener the listener
         * @return this builder
         * @since 0.2.0
         */
        public Builder listener(FleetListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
            return this;
        }

        /**
         * Check the settings, create the tables if asked, and start this node. No Graph call is made until an
         * organization is due.
         *
         * @return the running scheduler
         * @throws InvalidInputException naming every invalid setting
         * @throws MsGraphException with {@link ErrorKind#STORAGE} if the tables cannot be created
         * @since 0.2.0
         */
        public FleetScheduler start() {
            List<InvalidInputException.FieldProblem> problems = new ArrayList<>();
            if (microsoft == null) {
                problems.add(problem("integration", "is not set", "call integration(microsoft)"));
            }
            try {
                new OrganizationSchedule(policy, interval, jitter);
            } catch (IllegalArgumentException e) {
                problems.add(problem("interval/jitter", e.getMessage(),
                        "use an interval of at least a second and a jitter between zero and the interval"));
            }
            if (threads < 1 || threads > 256) {
                problems.add(problem("threads", "must be 1 to 256, not " + threads, "choose 1 to 256 threads"));
            }
            if (node.isBlank() || node.length() > 50) {
                problems.add(problem("node", "must be 1 to 50 characters", "choose a short unique node name"));
            }
            if (pollingInterval.isNegative() || pollingInterval.isZero()
                    || heartbeatInterval.isNegative() || heartbeatInterval.isZero() || missedHeartbeats < 2) {
                problems.add(problem("pollingInterval/heartbeat", "must be positive, with at least 2 missed heartbeats",
                        "use positive durations"));
            }
            if (retryAfterFailure.isNegative()) {
                problems.add(problem("retryAfterFailure", "must not be negative", "use zero or more"));
            }
            if (shutdownMaxWait.isNegative()) {
                problems.add(problem("shutdownMaxWait", "must not be negative", "use zero or more"));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("start the fleet scheduler", problems);
            }
            DataSource source = dataSource != null ? dataSource : EmbeddedDatabase.privateInMemory();
            if (createTables) {
                FleetSchema.create(source, taskTable, heldPlanTable);
            }
            HeldPlanStore store = heldPlanStore != null ? heldPlanStore
                    : JdbcHeldPlanStore.create(source, heldPlanTable);
            return new FleetScheduler(this, source, store);
        }

        private static InvalidInputException.FieldProblem problem(String field, String problem, String remediation) {
            return new InvalidInputException.FieldProblem(field, problem, remediation);
        }
    }
}
