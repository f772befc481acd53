package cc.equa.msgraph.scheduler.internal;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.IntegrationStatus;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One unattended sync of one organization under its policy, through the library's public API only (plan, apply,
 * planAddMembers), so every integrity and staleness rule of core applies unchanged.
 */
public final class PolicyRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRunner.class);
    /** planAddMembers accepts at most this many addresses per call. */
    private static final int ADD_CHUNK = 1000;

    private final MicrosoftIntegration microsoft;
    private final HeldPlanStore heldPlans;
    private final SyncOptions syncOptions;
    private final String actor;
    private final String node;
    private final FleetListener listener;
    private final Clock clock;
    private final Duration maxRunTime;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "equa-msgraph-sync-worker");
        t.setDaemon(true);
        return t;
    });
    /** Workers of runs abandoned past the run time limit, by organization, until they return. */
    private final Map<OrganizationId, Future<SyncRun>> abandoned = new ConcurrentHashMap<>();

    /**
     * Create the runner.
     *
     * @param microsoft the integration
     * @param heldPlans where plans wait for review
     * @param syncOptions the options of every plan
     * @param actor the actor recorded in audit events of unattended applies
     * @param node this node's name
     * @param listener the listener (already made exception-safe)
     * @param clock the clock for run times
     * @param maxRunTime how long a run may take before it is abandoned
     */
    public PolicyRunner(MicrosoftIntegration microsoft, HeldPlanStore heldPlans, SyncOptions syncOptions,
            String actor, String node, FleetListener listener, Clock clock, Duration maxRunTime) {
        this.maxRunTime = maxRunTime;
        this.microsoft = microsoft;
        this.heldPlans = heldPlans;
        this.syncOptions = syncOptions;
        this.actor = actor;
        this.node = node;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Sync one organization on a worker thread, waiting at most the run time limit for it. Never throws for a Graph
     * or storage failure: that is a {@link SyncOutcome#FAILED} run (the next run tries again); only errors the JVM
     * cannot recover from escape. A run past the limit is abandoned: it is reported FAILED, its worker is
     * interrupted and its lease revoked (it sends nothing more), and this thread is free for other organizations.
     * While an abandoned worker of the organization has still not returned, its next runs fail at once instead of
     * tying up another thread.
     *
     * @param id the organization
     * @param policy its policy
     * @param owned whether this node still owns the organization's execution (checked before every write step)
     * @return what the run did
     */
    public SyncRun run(OrganizationId id, SyncPolicy policy, BooleanSupplier owned) {
        Instant started = clock.instant();
        listener.syncStarted(id, policy);
        Tally tally = new Tally();
        SyncRun run;
        Future<SyncRun> previous = abandoned.get(id);
        if (previous != null && !previous.isDone()) {
            run = finish(id, policy, SyncOutcome.FAILED, started, tally, null, 0, Errors.stillHanging(id));
        } else {
            abandoned.remove(id);
            run = bounded(id, policy, started, tally, owned);
        }
        listener.syncFinished(run);
        return run;
    }

    private SyncRun bounded(OrganizationId id, SyncPolicy policy, Instant started, Tally tally,
            BooleanSupplier owned) {
        AtomicBoolean revoked = new AtomicBoolean();
        BooleanSupplier lease = () -> !revoked.get() && owned.getAsBoolean();
        AtomicReference<Thread> thread = new AtomicReference<>();
        Future<SyncRun> worker = workers.submit(() -> {
            thread.set(Thread.currentThread());
            try {
                return guarded(id, policy, started, tally, lease);
            } finally {
                thread.set(null);
            }
        });
        long deadline = System.nanoTime() + maxRunTime.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return worker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // This node is stopping: the worker gets the interrupt, as the sync did when it ran on this
                    // thread, and the rest of the run time to stop on its own.
                    interrupted = true;
                    interrupt(thread);
                }
            }
        } catch (TimeoutException e) {
            revoked.set(true);
            interrupt(thread);
            abandoned.put(id, worker);
            LOG.warn("Scheduled sync of organization {} ran longer than {}; abandoned", id, maxRunTime);
            return finish(id, policy, SyncOutcome.FAILED, started, tally, null, 0, Errors.overran(id, maxRunTime));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return finish(id, policy, SyncOutcome.FAILED, started, tally, null, 0,
                    Errors.unexpected(id, new IllegalStateException(e.getCause())));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The pool clears a stale interrupt before a worker's next task, so a late interrupt does not leak. */
    private static void interrupt(AtomicReference<Thread> thread) {
        Thread t = thread.get();
        if (t != null) {
            t.interrupt();
        }
    }

    private SyncRun guarded(OrganizationId id, SyncPolicy policy, Instant started, Tally tally,
            BooleanSupplier lease) {
        try {
            tally.lease = lease;
            return runPolicy(id, policy, started, tally);
        } catch (MsGraphException e) {
            LOG.warn("Scheduled sync of organization {} failed: {}", id, e.getMessage());
            return finish(id, policy, SyncOutcome.FAILED, started, tally, null, 0, e);
        } catch (RuntimeException e) {
            // A host SPI (team directory, settings or held-plan store) failed in a way core did not type.
            LOG.warn("Scheduled sync of organization {} failed unexpectedly", id, e);
            return finish(id, policy, SyncOutcome.FAILED, started, tally, null, 0, Errors.unexpected(id, e));
        }
    }

    /** Stop the workers (running ones are interrupted); called when the node stops. */
    public void close() {
        workers.shutdownNow();
    }

    private SyncRun runPolicy(OrganizationId id, SyncPolicy policy, Instant started, Tally tally) {
        OrganizationIntegration org = microsoft.organization(id);
        IntegrationStatus status = org.status();
        if (!status.usable()) {
            return finish(id, policy, SyncOutcome.SKIPPED, started, tally, null, 0, null);
        }
        SyncPlan plan = org.planSync(syncOptions);
        if (!plan.hasChanges()) {
            // In sync: whatever was held is moot now (confirming it would be refused as stale anyway).
            forget(id, tally);
            return finish(id, policy, SyncOutcome.UP_TO_DATE, started, tally, null, 0, null);
        }
        switch (policy) {
            case REVIEW_EVERYTHING:
                return held(id, policy, started, tally, hold(plan, tally), plan.changes().size(), false);
            case APPLY_WITHIN_GUARD:
                if (plan.removalGuardTripped()) {
                    return held(id, policy, started, tally, hold(plan, tally), plan.changes().size(), false);
                }
                apply(org, id, plan, tally);
                forget(id, tally);
                return finish(id, policy, tally.failed > 0 ? SyncOutcome.INCOMPLETE : SyncOutcome.APPLIED, started,
                        tally, null, 0, null);
            case APPLY_ADDITIONS_HOLD_REMOVALS:
                return additionsOnly(org, id, policy, plan, started, tally);
            default:
                throw new IllegalStateException("unknown policy " + policy);
        }
    }

    private SyncRun additionsOnly(OrganizationIntegration org, OrganizationId id, SyncPolicy policy, SyncPlan plan,
            Instant started, Tally tally) {
        boolean onlyAdditions = plan.removals().isEmpty() && plan.ownerAdditions().isEmpty();
        if (onlyAdditions) {
            apply(org, id, plan, tally);
            forget(id, tally);
            return finish(id, policy, tally.failed > 0 ? SyncOutcome.INCOMPLETE : SyncOutcome.APPLIED, started,
                    tally, null, 0, null);
        }
        if (plan.additions().isEmpty()) {
            return held(id, policy, started, tally, hold(plan, tally), plan.changes().size(), false);
        }
        List<String> addresses = new ArrayList<>(plan.additions().size());
        for (PlannedChange change : plan.additions()) {
            addresses.add(change.label());
        }
        for (int from = 0; from < addresses.size(); from += ADD_CHUNK) {
            SyncPlan adds = org.planAddMembers(addresses.subList(from, Math.min(addresses.size(), from + ADD_CHUNK)));
            if (adds.hasChanges()) {
                apply(org, id, adds, tally);
            }
        }
        // What is left (removals, owner additions) is planned again on the group as it is now, so the held plan is
        // one a person can still confirm.
        SyncPlan rest = org.planSync(syncOptions);
        if (!rest.hasChanges()) {
            forget(id, tally);
            return finish(id, policy, tally.failed > 0 ? SyncOutcome.INCOMPLETE : SyncOutcome.APPLIED, started,
                    tally, null, 0, null);
        }
        return held(id, policy, started, tally, hold(rest, tally), rest.changes().size(), true);
    }

    private SyncRun held(OrganizationId id, SyncPolicy policy, Instant started, Tally tally, String planId,
            int heldChanges, boolean appliedSome) {
        SyncOutcome outcome = tally.failed > 0 ? SyncOutcome.INCOMPLETE
                : appliedSome ? SyncOutcome.APPLIED_AND_HELD : SyncOutcome.HELD;
        return finish(id, policy, outcome, started, tally, planId, heldChanges, null);
    }

    /** Hold a plan; a held plan of the same state (same fingerprint and changes) is kept instead, so it is stable. */
    private String hold(SyncPlan plan, Tally tally) {
        OrganizationId id = plan.organization();
        ensureOwned(id, tally);
        Optional<HeldPlan> latest = heldPlans.latest(id);
        if (latest.isPresent() && latest.get().fingerprint().equals(plan.fingerprint())
                && latest.get().additions() == plan.additions().size()
                && latest.get().removals() == plan.removals().size()
                && latest.get().ownerAdditions() == plan.ownerAdditions().size()
                && sameOptions(latest.get(), plan)) {
            return latest.get().planId();
        }
        forget(id, tally);
        heldPlans.put(new HeldPlan(id, plan.planId(), plan.createdAt(), clock.instant(), plan.fingerprint(),
                plan.additions().size(), plan.removals().size(), plan.ownerAdditions().size(),
                plan.removalGuardTripped(), plan.toJson()));
        return plan.planId();
    }

    /**
     * Whether a held plan was made with the same options: confirm refuses one made with other options, so after the
     * host changes them the held plan is replaced even if the group and team did not change.
     */
    private static boolean sameOptions(HeldPlan held, SyncPlan plan) {
        try {
            return SyncPlan.fromJson(held.planJson()).options().equals(plan.options());
        } catch (RuntimeException e) {
            return false;                                        // an unreadable row is replaced
        }
    }

    /** Forget the organization's held plans (the group is as the team wants it, or was just synced). */
    private void forget(OrganizationId id, Tally tally) {
        ensureOwned(id, tally);
        heldPlans.removeAll(id);
    }

    /**
     * Stop a run that no longer owns its organization's execution (abandoned past the run time limit, or revived on
     * another node while this one was frozen) before it writes anything more.
     */
    private static void ensureOwned(OrganizationId id, Tally tally) {
        if (!tally.lease.getAsBoolean()) {
            throw Errors.lostLease(id);
        }
    }

    private void apply(OrganizationIntegration org, OrganizationId id, SyncPlan plan, Tally tally) {
        ensureOwned(id, tally);
        SyncResult result = org.applySync(plan, ApplyOptions.builder()
                .actor(actor)
                .lease(tally.lease)
                .progress((ChangeResult change, int completed, int total) ->
                        listener.changeSettled(id, change, completed, total))
                .build());
        tally.applied += result.applied();
        tally.alreadyInState += result.alreadyInState();
        tally.failed += result.failed();
    }

    private SyncRun finish(OrganizationId id, SyncPolicy policy, SyncOutcome outcome, Instant started, Tally tally,
            @Nullable String heldPlanId, int heldChanges, @Nullable MsGraphException error) {
        Duration took = Duration.between(started, clock.instant());
        return new SyncRun(id, policy, outcome, node, started, took.isNegative() ? Duration.ZERO : took,
                tally.applied, tally.alreadyInState, tally.failed, heldChanges, heldPlanId, error);
    }

    /** Change counts over the applies of one run. */
    private static final class Tally {
        volatile int applied;
        volatile int alreadyInState;
        volatile int failed;
        volatile BooleanSupplier lease = () -> true;
    }
}
