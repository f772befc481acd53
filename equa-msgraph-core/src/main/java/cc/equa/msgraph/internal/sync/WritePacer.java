package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.internal.GraphCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A token bucket pacing membership writes to Graph's documented write quota (by default 3,000 writes per 150 s per
 * app and tenant), on the integration's clock and sleeper. One bucket per app and tenant, shared by every
 * organization using the same app in the same tenant. Waiting happens outside the lock; callers reserve tokens in
 * arrival order.
 */
public final class WritePacer {

    private static final Map<Object, Map<String, WritePacer>> SHARED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final Clock clock;
    private final int capacity;
    private final Duration window;
    private double tokens;
    private long lastNanos;

    /**
     * Create a bucket, full.
     *
     * @param clock the clock
     * @param capacity writes per window
     * @param window the window
     */
    public WritePacer(Clock clock, int capacity, Duration window) {
        this.clock = clock;
        this.capacity = capacity;
        this.window = window;
        this.tokens = capacity;
        this.lastNanos = nanos();
    }

    /**
     * Return the bucket shared by everything using one app in one tenant within one integration.
     *
     * @param owner the integration runtime the bucket belongs to
     * @param key the app and tenant
     * @param clock the clock
     * @param capacity writes per window
     * @param window the window
     * @return the bucket
     */
    public static WritePacer shared(Object owner, String key, Clock clock, int capacity, Duration window) {
        Map<String, WritePacer> buckets = SHARED.computeIfAbsent(owner, o -> new HashMap<>());
        synchronized (buckets) {
            return buckets.computeIfAbsent(key, k -> new WritePacer(clock, capacity, window));
        }
    }

    /**
     * Reserve writes and wait until they fit in the quota.
     *
     * @param writes the writes about to be sent
     * @param calls the retry layer, for its interruptible pause
     * @param operation what is being done
     */
    public void acquire(int writes, GraphCalls calls, String operation) {
        Duration wait = reserve(writes);
        if (!wait.isZero()) {
            calls.pause(operation, wait);
        }
    }

    /**
     * Reserve writes and return how long to wait before sending them.
     *
     * @param writes the writes
     * @return the wait (zero if they fit now)
     */
    public synchronized Duration reserve(int writes) {
        long now = nanos();
        double perNano = (double) capacity / window.toNanos();
        tokens = Math.min(capacity, tokens + (now - lastNanos) * perNano);
        lastNanos = now;
        tokens -= writes;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / perNano));
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
