package cc.equa.msgraph.scheduler.micrometer;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.OrganizationId;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer observations of fleet syncs: one observation {@value #SYNC} per scheduled sync of an organization
 * (its duration, as a timer and a span with the host's handlers), one event per settled change and one per plan
 * held for review (counters with Micrometer's {@code DefaultMeterObservationHandler}).
 *
 * <p>Tags are low-cardinality: {@code policy} and {@code outcome} ({@link cc.equa.msgraph.scheduler.SyncOutcome}),
 * {@code error.kind} ({@link cc.equa.msgraph.ErrorKind} or {@code none}). Event names are
 * {@code change.<action>.<outcome>} (for example {@code change.add.applied}, {@code change.remove.failed}) and
 * {@code plan.held}. No e-mail address is ever tagged; the organization id is added only as a high-cardinality key
 * value ({@code organization}, kept on spans, not on metrics) when the host opts in with
 * {@link #withOrganizationKey(ObservationRegistry)}. A failed sync's error is put on its observation (tracing exports
 * it) as its {@link cc.equa.msgraph.ErrorKind} and HTTP status only, unless the host opted in: its message names the
 * organization.
 *
 * <p>Graph requests by status and throttling waits are heard by the integration, not the scheduler: pass
 * {@link #graphRequests()} to {@code MicrosoftIntegration.Builder.requestListener} (see
 * {@link ObservationGraphRequestListener}).
 *
 * <p>Micrometer's {@code micrometer-observation} is an optional dependency of the scheduler: only a host that uses
 * this class needs it on its class path.
 *
 * @since 0.2.0
 */
public final class ObservationFleetListener implements FleetListener {

    /** The name of the observation of one scheduled sync. */
    public static final String SYNC = "equa.msgraph.fleet.sync";
    /** The event of a plan held for review. */
    public static final String HELD_EVENT = "plan.held";

    private final ObservationRegistry registry;
    private final boolean organizationKey;
    private final Map<OrganizationId, Observation> running = new ConcurrentHashMap<>();

    private ObservationFleetListener(ObservationRegistry registry, boolean organizationKey) {
        this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
        this.organizationKey = organizationKey;
    }

    /**
     * Observe syncs with low-cardinality tags only.
     *
     * @param registry the host's observation registry
     * @return the listener, to pass to {@code FleetScheduler.Builder.listener}
     * @since 0.2.0
     */
    public static ObservationFleetListener of(ObservationRegistry registry) {
        return new ObservationFleetListener(registry, false);
    }

    /**
     * Observe syncs, and add the organization id as a high-cardinality key value (for traces; the host opts in to
     * having organization ids in its tracing backend).
     *
     * @param registry the host's observation registry
     * @return the listener
     * @since 0.2.0
     */
    public static ObservationFleetListener withOrganizationKey(ObservationRegistry registry) {
        return new ObservationFleetListener(registry, true);
    }

    /**
     * Return a listener observing Graph requests by status and throttling waits in the same registry, for
     * {@code MicrosoftIntegration.Builder.requestListener}.
     *
     * @return the request listener
     * @since 0.2.0
     */
    public ObservationGraphRequestListener graphRequests() {
        return ObservationGraphRequestListener.of(registry);
    }

    @Override
    public void syncStarted(OrganizationId organization, SyncPolicy policy) {
        Observation observation = Observation.createNotStarted(SYNC, registry)
                .contextualName("equa-msgraph fleet sync")
                .lowCardinalityKeyValue("policy", policy.name());
        if (organizationKey) {
            observation.highCardinalityKeyValue("organization", organization.value());
        }
        Observation previous = running.put(organization, observation.start());
        if (previous != null) {
            previous.stop();
        }
    }

    @Override
    public void changeSettled(OrganizationId organization, ChangeResult result, int completed, int total) {
        Observation observation = running.get(organization);
        if (observation != null) {
            observation.event(Observation.Event.of("change." + name(result.change().action().name()) + "."
                    + name(result.outcome().name())));
        }
    }

    @Override
    public void syncFinished(SyncRun run) {
        Observation observation = running.remove(run.organization());
        if (observation == null) {
            return;
        }
        observation.lowCardinalityKeyValue("outcome", run.outcome().name());
        observation.lowCardinalityKeyValue("error.kind", run.errorIfAny().map(e -> e.kind().name()).orElse("none"));
        if (run.heldPlanId() != null) {
            observation.event(Observation.Event.of(HELD_EVENT));
        }
        run.errorIfAny().ifPresent(e -> observation.error(organizationKey ? e : new SyncFailure(e)));
        observation.stop();
    }

    /**
     * What a failed sync puts on its observation without the organization opt-in: the error's kind and HTTP status
     * only. The library's messages name the organization (and a host component's may hold an address), and tracing
     * exports an observation's error with its message and stack trace.
     */
    static final class SyncFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyncFailure(MsGraphException e) {
            super("scheduled sync failed: " + e.kind().name()
                    + (e.httpStatus().isPresent() ? " (HTTP " + e.httpStatus().getAsInt() + ")" : ""), null, false,
                    false);
        }
    }

    private static String name(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Describe the listener.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "ObservationFleetListener[organizationKey=" + organizationKey + "]";
    }
}
