package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.ApplyOptions;
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
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

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

    private final MicrosoftIntegration microsoft;
    private final HeldPlanStore heldPlans;
    private final OrganizationSchedule defaults;
    private final Clock clock;
    private final String node;
    private final FleetEngine engine;
    private final HeldPlanConfirmation confirmation;

    private FleetScheduler(FleetSettings b, DataSource dataSource, HeldPlanStore heldPlans) {
        this.microsoft = Objects.requireNonNull(b.microsoft);
        this.heldPlans = heldPlans;
        this.defaults = new OrganizationSchedule(b.policy, b.interval, b.jitter);
        this.clock = b.clock;
        this.node = b.node;
        PolicyRunner runner = new PolicyRunner(microsoft, heldPlans, b.syncOptions, b.actor, node,
                new SafeListener(List.copyOf(b.listeners)), clock, b.maxRunTime);
        this.engine = new FleetEngine(new EngineSettings(dataSource, b.taskTable, node, b.threads, b.pollingInterval,
                b.heartbeatInterval, b.missedHeartbeats, b.shutdownMaxWait, b.retryAfterFailure, clock), runner);
        this.confirmation = new HeldPlanConfirmation(microsoft, heldPlans, b.syncOptions, engine);
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
     * @throws InvalidInputException if the interval is longer than 366 days
     * @throws MsGraphException with {@link ErrorKind#CONFLICT} if its sync is running right now (try again), or
     *     {@link ErrorKind#STORAGE} if the database fails
     * @since 0.2.0
     */
    public boolean schedule(OrganizationId organization, OrganizationSchedule schedule) {
        List<InvalidInputException.FieldProblem> problems = FleetSettings.scheduleProblems(
                Objects.requireNonNull(schedule, "'schedule' must not be null"));
        if (!problems.isEmpty()) {
            throw new InvalidInputException("schedule organization " + organization.value(), problems);
        }
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
     * with it (changes already in place count as done). The plan is claimed (removed from the store) before anything
     * is sent, so of two confirms of the same plan on two nodes only one applies it; if applying fails for another
     * reason than staleness, it is held again. The held row must describe the plan it holds (counts, guard,
     * fingerprint) and the plan must be a team-sync plan of this organization made with this scheduler's
     * {@link Builder#syncOptions(SyncOptions) sync options}, as the scheduler holds them.
     *
     * @param organization the organization
     * @param planId the held plan's id
     * @param options how to apply (the actor confirming it, mass-removal override, progress)
     * @return the result
     * @throws InvalidInputException if no such plan is held for the organization (or another confirm claimed it
     *     first), or the stored row does not match the plan it holds or holds a plan the scheduler does not hold
     * @throws MsGraphException with {@link ErrorKind#STALE_PLAN}, {@link ErrorKind#REMOVAL_GUARD} and every other
     *     kind {@code applySync} throws
     * @since 0.2.0
     */
    public SyncResult confirm(OrganizationId organization, String planId, ApplyOptions options) {
        Objects.requireNonNull(organization, "'organization' must not be null");
        Objects.requireNonNull(planId, "'planId' must not be null");
        Objects.requireNonNull(options, "'options' must not be null");
        return confirmation.confirm(organization, planId, options);
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

    /**
     * Builds a {@link FleetScheduler}. Only {@link #integration(MicrosoftIntegration)} is required; without a
     * {@link #dataSource(DataSource)} the scheduler runs on a private in-memory H2 database (one node only, nothing
     * survives a restart: for trying it out and tests).
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final FleetSettings settings = new FleetSettings();

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
            settings.microsoft = Objects.requireNonNull(integration, "'integration' must not be null");
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
            settings.dataSource = Objects.requireNonNull(source, "'source' must not be null");
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
            settings.heldPlanStore = Objects.requireNonNull(store, "'store' must not be null");
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
            settings.policy = Objects.requireNonNull(syncPolicy, "'syncPolicy' must not be null");
            return this;
        }

        /**
         * Set the default time between two syncs of an organization; default 40 minutes (Entra provisioning's
         * cycle). At least one second, at most 366 days.
         *
         * @param every the interval
         * @return this builder
         * @since 0.2.0
         */
        public Builder interval(Duration every) {
            settings.interval = Objects.requireNonNull(every, "'every' must not be null");
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
            settings.jitter = Objects.requireNonNull(spread, "'spread' must not be null");
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
            settings.syncOptions = Objects.requireNonNull(options, "'options' must not be null");
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
            settings.actor = Objects.requireNonNull(who, "'who' must not be null");
            return this;
        }

        /**
         * Set this node's name, unique among the nodes (at most 50 characters, no control, line-separator or
         * invisible format characters, as for {@link OrganizationId}: it goes to log lines and {@link SyncRun#node()});
         * default {@code node-} and a random suffix.
         *
         * @param name the name
         * @return this builder
         * @since 0.2.0
         */
        public Builder node(String name) {
            settings.node = Objects.requireNonNull(name, "'name' must not be null");
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
            settings.threads = count;
            return this;
        }

        /**
         * Set how often this node looks for due syncs; default 10 seconds. Shorter means more database queries and
         * a sync starting closer to its due time. At most an hour.
         *
         * @param every the polling interval
         * @return this builder
         * @since 0.2.0
         */
        public Builder pollingInterval(Duration every) {
            settings.pollingInterval = Objects.requireNonNull(every, "'every' must not be null");
            return this;
        }

        /**
         * Set how often a running sync is marked alive, and after how many missed marks another node takes it over
         * (revives it); default every minute, 4 missed.
         *
         * @param every the heartbeat interval, at most an hour
         * @param missed missed heartbeats before a sync counts as dead, 2 to 100
         * @return this builder
         * @since 0.2.0
         */
        public Builder heartbeat(Duration every, int missed) {
            settings.heartbeatInterval = Objects.requireNonNull(every, "'every' must not be null");
            settings.missedHeartbeats = missed;
            return this;
        }

        /**
         * Set how long {@link FleetScheduler#close()} lets running syncs finish; default 30 seconds, at most an hour.
         *
         * @param wait the wait
         * @return this builder
         * @since 0.2.0
         */
        public Builder shutdownMaxWait(Duration wait) {
            settings.shutdownMaxWait = Objects.requireNonNull(wait, "'wait' must not be null");
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
            settings.retryAfterFailure = Objects.requireNonNull(delay, "'delay' must not be null");
            return this;
        }

        /**
         * Set how long one organization's sync may run; default an hour. A sync still running then (typically a
         * host {@code TeamDirectory} or {@code SettingsStore} call that never returns) is abandoned: it is reported
         * {@link SyncOutcome#FAILED} with {@link ErrorKind#UNEXPECTED}, its thread is interrupted and it sends no
         * further change, and the sync thread goes on with other organizations. The organization is tried again
         * after {@link #retryAfterFailure(Duration)}; while the abandoned sync has still not returned, its runs fail at
         * once rather than tie up another thread.
         *
         * @param limit the longest run, one second to 366 days
         * @return this builder
         * @since 0.2.0
         */
        public Builder maxRunTime(Duration limit) {
            settings.maxRunTime = Objects.requireNonNull(limit, "'limit' must not be null");
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
            settings.taskTable = FleetSchema.checkName(tasks);
            settings.heldPlanTable = FleetSchema.checkName(held);
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
            settings.createTables = create;
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
            settings.clock = Objects.requireNonNull(c, "'c' must not be null");
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
            settings.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
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
            List<InvalidInputException.FieldProblem> problems = settings.problems();
            if (!problems.isEmpty()) {
                throw new InvalidInputException("start the fleet scheduler", problems);
            }
            DataSource source = settings.dataSource != null ? settings.dataSource : EmbeddedDatabase.privateInMemory();
            if (settings.createTables) {
                FleetSchema.create(source, settings.taskTable, settings.heldPlanTable);
            }
            HeldPlanStore store = settings.heldPlanStore != null ? settings.heldPlanStore
                    : JdbcHeldPlanStore.create(source, settings.heldPlanTable);
            return new FleetScheduler(settings, source, store);
        }
    }
}
