package cc.equa.msgraph.internal;

import cc.equa.msgraph.ErrorKind;
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

    /**
     * Create the retry layer.
     *
     * @param sleeper how to wait
     * @param maxRetries retries per call
     * @param maxTotalWait the longest total wait per call
     */
    public GraphCalls(Sleeper sleeper, int maxRetries, Duration maxTotalWait) {
        this.sleeper = sleeper;
        this.maxRetries = maxRetries;
        this.maxTotalWait = maxTotalWait;
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
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (e instanceof MsGraphException mapped) {
                    throw mapped;
                }
                ApiException api = ErrorMapper.find(e, ApiException.class);
                Duration wait = null;
                if (api != null && api.getResponseStatusCode() > 0) {
                    GraphFailure f = GraphFailure.of(api);
                    if (f.isTransient()) {
                        wait = f.retryAfter() != null ? f.retryAfter() : backoff(attempt);
                    }
                } else if (ErrorMapper.isTokenFailure(e)) {
                    // No token means the Graph request was never sent, so even a write may be retried; only an
                    // outage of the sign-in service (5xx, AADSTS90033, unreachable) is worth another attempt.
                    if (ErrorMapper.isTransientTokenFailure(e)) {
                        Duration told = ErrorMapper.tokenRetryAfter(e);
                        wait = told != null ? told : backoff(attempt);
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
                pause(operation, wait);
                waited = waited.plus(wait);
            }
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
