package cc.equa.msgraph.scheduler.micrometer;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;

/**
 * Micrometer observations of the requests the library sends to Microsoft Graph and of its throttling waits, for a
 * {@link cc.equa.msgraph.MicrosoftIntegration} built with
 * {@code MicrosoftIntegration.builder().requestListener(ObservationGraphRequestListener.of(registry))}:
 *
 * <ul>
 *   <li>{@value #REQUEST}: one observation per HTTP request, open while it is in flight (a timer and a span with
 *       the host's handlers);</li>
 *   <li>{@value #BATCH_ITEM}: one observation per request inside a {@code $batch}, with its own status (Graph
 *       throttles inside a {@code $batch} answered 200); count it, its time is not meaningful;</li>
 *   <li>{@value #WAIT}: one observation per wait before sending again, open while the library waits (a timer of
 *       the time spent waiting, tagged with why).</li>
 * </ul>
 *
 * <p>Every tag is low-cardinality: {@code method}, {@code resource} (a template such as
 * {@code /groups/{id}/members/$ref}, never an id or address), {@code status} ({@code 429}, or {@code none} without
 * an answer), {@code status.class} ({@code 2xx} … {@code none}), {@code outcome} (SUCCESS, THROTTLED, CLIENT_ERROR,
 * SERVER_ERROR, NO_ANSWER), {@code failure} ({@code NONE} or why there was no answer), {@code retry}
 * ({@code true}/{@code false}); on waits {@code reason} (RETRY_AFTER, BACKOFF, WRITE_QUOTA). The size of a
 * {@code $batch} is a high-cardinality key value ({@code batch.items}, spans only).
 *
 * <p>Observations are started and stopped on the thread that sends the request or waits, as the library calls the
 * listener. Use it together with {@link ObservationFleetListener} on the fleet scheduler; Micrometer's
 * {@code micrometer-observation} is an optional dependency of the scheduler.
 *
 * @since 0.2.0
 */
public final class ObservationGraphRequestListener implements GraphRequestListener {

    /** The name of the observation of one HTTP request to Graph. */
    public static final String REQUEST = "equa.msgraph.graph.request";
    /** The name of the observation of one request inside a {@code $batch}. */
    public static final String BATCH_ITEM = "equa.msgraph.graph.batch.item";
    /** The name of the observation of one wait (Retry-After, backoff, write quota). */
    public static final String WAIT = "equa.msgraph.graph.wait";

    private final ObservationRegistry registry;
    /** This thread's requests in flight and waits under way (the library nests none, but a stack costs nothing). */
    private final ThreadLocal<Deque<Observation>> requests = ThreadLocal.withInitial(ArrayDeque::new);
    private final ThreadLocal<Deque<Observation>> waits = ThreadLocal.withInitial(ArrayDeque::new);

    private ObservationGraphRequestListener(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
    }

    /**
     * Observe Graph requests and waits in a registry.
     *
     * @param registry the host's observation registry
     * @return the listener, to pass to {@code MicrosoftIntegration.Builder.requestListener}
     * @since 0.2.0
     */
    public static ObservationGraphRequestListener of(ObservationRegistry registry) {
        return new ObservationGraphRequestListener(registry);
    }

    /**
     * Start the observation of an HTTP request.
     *
     * @param method the HTTP method
     * @param resource the resource template
     */
    @Override
    public void requestStarted(String method, String resource) {
        requests.get().push(Observation.createNotStarted(REQUEST, registry)
                .contextualName("graph " + method + " " + resource)
                .lowCardinalityKeyValue("method", method)
                .lowCardinalityKeyValue("resource", resource)
                .start());
    }

    /**
     * Stop the observation of an HTTP request with its status, or record a {@code $batch} item.
     *
     * @param event the request
     */
    @Override
    public void requestCompleted(GraphRequestEvent event) {
        Observation observation;
        if (event.kind() == GraphRequestEvent.Kind.REQUEST && !requests.get().isEmpty()) {
            observation = requests.get().pop();
        } else {
            observation = Observation.createNotStarted(
                    event.kind() == GraphRequestEvent.Kind.REQUEST ? REQUEST : BATCH_ITEM, registry)
                    .contextualName("graph " + event.method() + " " + event.resource())
                    .lowCardinalityKeyValue("method", event.method())
                    .lowCardinalityKeyValue("resource", event.resource())
                    .start();
        }
        observation.lowCardinalityKeyValue("status", event.status() == 0 ? "none" : String.valueOf(event.status()))
                .lowCardinalityKeyValue("status.class", event.statusClass())
                .lowCardinalityKeyValue("outcome", event.outcome().name())
                .lowCardinalityKeyValue("failure", event.failure().name())
                .lowCardinalityKeyValue("retry", String.valueOf(event.retry()));
        if (event.batchItems() > 0) {
            observation.highCardinalityKeyValue("batch.items", String.valueOf(event.batchItems()));
        }
        observation.stop();
    }

    /**
     * Start the observation of a wait.
     *
     * @param wait why and how long
     */
    @Override
    public void waitStarted(GraphWait wait) {
        waits.get().push(Observation.createNotStarted(WAIT, registry)
                .contextualName("graph wait " + name(wait.reason().name()))
                .lowCardinalityKeyValue("reason", wait.reason().name())
                .highCardinalityKeyValue("wait.ms", String.valueOf(wait.duration().toMillis()))
                .start());
    }

    /**
     * Stop the observation of a wait.
     *
     * @param wait the wait
     */
    @Override
    public void waitEnded(GraphWait wait) {
        Deque<Observation> open = waits.get();
        if (!open.isEmpty()) {
            open.pop().stop();
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
        return "ObservationGraphRequestListener";
    }
}
