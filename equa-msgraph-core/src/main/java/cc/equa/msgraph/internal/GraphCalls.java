package cc.equa.msgraph.internal;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.Sleeper;
import com.microsoft.kiota.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run one Graph call with the library's retry rules: 429, 503 and 504 are retried after Graph's {@code Retry-After}
 * (or an exponential backoff with jitter when there is none), never earlier; transport failures are retried only for
 * idempotent calls; an outage of the sign-in service (no token) is retried for every call, since the request was
 * never sent; everything else is mapped at once by {@link ErrorMapper}.
 */
public final class GraphCalls {

    private static final Logger LOG = LoggerFactory.getLogger(GraphCalls.class);

    private final Sleeper sleeper;
    private final int maxRetries;
    private final Duration maxTotalWait;
    private final RequestEvents events;

    /**
     * Create the retry layer.
     *
     * @param sleeper how to wait
     * @param maxRetries retries per call
     * @param maxTotalWait the longest total wait per call
     */
    public GraphCalls(Sleeper sleeper, int maxRetries, Duration maxTotalWait) {
        this(sleeper, maxRetries, maxTotalWait, RequestEvents.NONE);
    }

    /**
     * Create the retry layer, reporting its waits and retries to the host's listener.
     *
     * @param sleeper how to wait
     * @param maxRetries retries per call
     * @param maxTotalWait the longest total wait per call
     * @param events where waits and retries are reported
     */
    public GraphCalls(Sleeper sleeper, int maxRetries, Duration maxTotalWait, RequestEvents events) {
        this.sleeper = sleeper;
        this.maxRetries = maxRetries;
        this.maxTotalWait = maxTotalWait;
        this.events = events;
    }

    /**
     * Return where requests and waits are reported.
     *
     * @return the events
     */
    public RequestEvents events() {
        return events;
    }

    /**
     * Return the sleeper.
     *
     * @return the sleeper
     */
    public Sleeper sleeper() {
        return sleeper;
    }

    /**
     * Return how many retries a call may take.
     *
     * @return the retries
     */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * Run a call.
     *
     * @param operation what is being done, for errors and logs
     * @param permissions the permissions that allow it, for a 403's remediation
     * @param idempotent whether a transport failure may be retried
     * @param call the call
     * @param <T> the result type
     * @return the result
     */
    public <T> T run(String operation, List<String> permissions, boolean idempotent, Supplier<T> call) {
        Duration waited = Duration.ZERO;
        for (int attempt = 0; ; attempt++) {
            ResponseIds.clear();
            boolean outer = events.markCallRetry(attempt > 0);
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (e instanceof MsGraphException mapped) {
                    throw mapped;
                }
                ApiException api = ErrorMapper.find(e, ApiException.class);
                Duration wait = null;
                boolean told = false;
                if (api != null && api.getResponseStatusCode() > 0) {
                    GraphFailure f = GraphFailure.of(api);
                    if (f.isTransient()) {
                        told = f.retryAfter() != null;
                        wait = told ? f.retryAfter() : backoff(attempt);
                    }
                } else if (ErrorMapper.isTokenFailure(e)) {
                    // No token means the Graph request was never sent, so even a write may be retried; only an
                    // outage of the sign-in service (5xx, AADSTS90033, unreachable) is worth another attempt.
                    if (ErrorMapper.isTransientTokenFailure(e)) {
                        Duration retryAfter = ErrorMapper.tokenRetryAfter(e);
                        told = retryAfter != null;
                        wait = told ? retryAfter : backoff(attempt);
                    }
                } else if (idempotent && ErrorMapper.isUnreadableAnswer(e)) {
                    // a truncated or garbled answer (a proxy, a cut connection) may read fine the next time
                    wait = backoff(attempt);
                } else if (idempotent && ErrorMapper.isNetwork(e)) {
                    wait = backoff(attempt);
                }
                if (wait == null || attempt >= maxRetries || waited.plus(wait).compareTo(maxTotalWait) > 0) {
                    throw ErrorMapper.map(operation, e, permissions);
                }
                LOG.debug("{}: transient failure ({}), retry {} of {} after {} ms", operation,
                        api != null ? "HTTP " + api.getResponseStatusCode() : e.getClass().getSimpleName(),
                        attempt + 1, maxRetries, wait.toMillis());
                pause(operation, wait, told ? GraphWait.Reason.RETRY_AFTER : GraphWait.Reason.BACKOFF);
                waited = waited.plus(wait);
            } finally {
                events.markCallRetry(outer);
            }
        }
    }

    /**
     * Wait before sending to Graph again, reporting the wait to the host's listener.
     *
     * @param operation what is being done
     * @param wait how long
     * @param reason why
     */
    public void pause(String operation, Duration wait, GraphWait.Reason reason) {
        if (!events.enabled() || wait.isNegative() || wait.isZero()) {
            pause(operation, wait);
            return;
        }
        GraphWait reported = new GraphWait(reason, wait);
        events.waitStarted(reported);
        try {
            pause(operation, wait);
        } finally {
            events.waitEnded(reported);
        }
    }

    /**
     * Wait, turning an interrupt into an exception (and keeping the thread's interrupt flag).
     *
     * @param operation what is being done
     * @param wait how long
     */
    public void pause(String operation, Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation, "the thread was interrupted",
                    "Nothing is lost: run the operation again."), ie);
        }
    }

    /**
     * Return the backoff before retry number {@code attempt + 1} when Graph gave no Retry-After: 1, 2, 4, 8 … s,
     * capped at 32 s, with up to 20 % jitter.
     *
     * @param attempt the zero-based attempt that failed
     * @return the wait
     */
    public static Duration backoff(int attempt) {
        long base = 1000L << Math.min(attempt, 5);
        long jitter = ThreadLocalRandom.current().nextLong(base / 5 + 1);
        return Duration.ofMillis(base + jitter);
    }
}
