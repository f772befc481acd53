package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.internal.GraphCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Paces membership writes to Graph's documented write quota (by default 3,000 writes per 150 s per app and tenant) as
 * a <em>sliding window</em>: at most {@code capacity} writes in any {@code window}, on the integration's clock and
 * sleeper. A token bucket of the same size would let up to twice the quota through in one window (a full bucket
 * plus its refill) and be throttled; a schedule that respects a sliding window also respects a fixed one.
 *
 * <p>Writes are stamped when their request has been answered ({@link #completed}), never earlier than Graph counted
 * them, so a write is sent only when the one it replaces in the window has left Graph's window too; writes still in
 * flight count as in the window. One log per app and tenant, shared by every organization using the same app in the
 * same tenant. Waiting happens outside the lock.
 */
public final class WritePacer {

    private static final Map<Object, Map<String, WritePacer>> SHARED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final Clock clock;
    private final int capacity;
    private final long windowNanos;
    /** Answered writes still in the window, oldest first: {completion time in nanos, count}. */
    private final ArrayDeque<long[]> answered = new ArrayDeque<>();
    private int inWindow;
    private int inFlight;

    /**
     * Create a pacer with an empty window.
     *
     * @param clock the clock
     * @param capacity writes per window
     * @param window the window
     */
    public WritePacer(Clock clock, int capacity, Duration window) {
        this.clock = clock;
        this.capacity = capacity;
        this.windowNanos = window.toNanos();
    }

    /**
     * Return the pacer shared by everything using one app in one tenant within one integration.
     *
     * @param owner the integration runtime the pacer belongs to
     * @param key the app and tenant
     * @param clock the clock
     * @param capacity writes per window
     * @param window the window
     * @return the pacer
     */
    public static WritePacer shared(Object owner, String key, Clock clock, int capacity, Duration window) {
        Map<String, WritePacer> buckets = SHARED.computeIfAbsent(owner, o -> new HashMap<>());
        synchronized (buckets) {
            return buckets.computeIfAbsent(key, k -> new WritePacer(clock, capacity, window));
        }
    }

    /**
     * Return the most writes one window holds; a request should not carry more.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Wait until the writes fit in the window, then count them as in flight. Call {@link #completed} once their
     * request was answered (or failed).
     *
     * @param writes the writes about to be sent
     * @param calls the retry layer, for its interruptible pause
     * @param operation what is being done
     */
    public void acquire(int writes, GraphCalls calls, String operation) {
        while (true) {
            Duration wait = tryReserve(writes);
            if (wait.isZero()) {
                return;
            }
            calls.pause(operation, wait);
        }
    }

    /**
     * Count the writes as in flight if they fit in the window now; otherwise return how long to wait before trying
     * again. More writes than the capacity fit only into an empty window.
     *
     * @param writes the writes
     * @return zero if reserved, else the wait
     */
    public synchronized Duration tryReserve(int writes) {
        long now = nanos();
        expire(now);
        int used = inWindow + inFlight;
        if (used == 0 || used + writes <= capacity) {
            inFlight += writes;
            return Duration.ZERO;
        }
        int mustLeave = Math.min(used, used + writes - capacity);
        int left = 0;
        for (long[] stamp : answered) {
            left += (int) stamp[1];
            if (left >= mustLeave) {
                return Duration.ofNanos(Math.max(1, stamp[0] + windowNanos - now));
            }
        }
        // Writes still in flight (another organization on the same app) must be answered first: check again soon.
        return Duration.ofNanos(Math.max(1_000_000L, windowNanos / Math.max(1, capacity)));
    }

    /**
     * Stamp writes reserved with {@link #acquire} as answered now: they leave the window one window from now.
     *
     * @param writes the writes
     */
    public synchronized void completed(int writes) {
        int n = Math.min(writes, inFlight);
        inFlight -= n;
        if (n > 0) {
            answered.addLast(new long[] {nanos(), n});
            inWindow += n;
        }
    }

    private void expire(long now) {
        while (!answered.isEmpty() && answered.peekFirst()[0] + windowNanos <= now) {
            inWindow -= (int) answered.pollFirst()[1];
        }
    }

    private long nanos() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
