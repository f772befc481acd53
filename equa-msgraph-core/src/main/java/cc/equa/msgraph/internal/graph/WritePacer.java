package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.internal.GraphCalls;
import java.time.Clock;
import cc.equa.msgraph.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>What a request costs is not fixed: a {@code members@odata.bind} of n users has been reported to cost about one
 * write per three users (canvas-lms {@code lib/microsoft_sync}), and other apps may share the quota. So the pacer
 * learns from Graph's answers ({@link #completed(int, int, Duration)}): throttled writes are not counted (Graph does
 * not count them), no write leaves before the largest {@code Retry-After} Graph gave, and the number of requests
 * the window holds drops to what it held when Graph said "enough" — never below one twentieth of the configured
 * quota (a request binds at most 20 users), and not raised again for the runtime's life (a new runtime learns
 * again). The same per-app record remembers that Graph refused {@code PATCH} binds to this app (issue 14 item 3).
 */
public final class WritePacer {

    /** The fewest writes per request while the cost of a write is being learned. */
    static final int PROBE = 4;

    /**
     * The dearest cost of one request that anyone has reported: a bind of 20 users at one write per three users
     * (canvas-lms {@code lib/microsoft_sync}); Microsoft's limits page counts a request as one write. Writes up to
     * the share of the window that is safe at this cost are sent in full batches before the cost is known.
     */
    static final int DEAREST_REPORTED_COST = (BatchRunner.MAX_BATCH + 2) / 3;

    /** The share of a run's writes that learning may cost in 429s: the bound, one in a hundred. */
    static final int THROTTLE_SHARE = 100;

    private static final Map<Object, Map<String, WritePacer>> SHARED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final Clock clock;
    private final int capacity;
    private final long windowNanos;
    /** Answered writes still in the window, oldest first: {completion time in nanos, count}. */
    private final ArrayDeque<long[]> answered = new ArrayDeque<>();
    private int inWindow;
    private int inFlight;
    /** The requests the window holds, learned from 429s; starts at the configured capacity. */
    private int limit;
    /** No write before this instant (nanos), from the largest Retry-After Graph gave; 0 if none. */
    private long notBefore;
    private volatile boolean bindsRefused;
    /** Whether the cost of a request is known: a 429 taught it, or a full window passed without one. */
    private boolean costKnown;
    /** When Graph last throttled a write (nanos), or Long.MIN_VALUE; see {@link #completed(int, int, Duration)}. */
    private long lastThrottled = Long.MIN_VALUE;

    /** How long without a 429 before a lowered limit is learned again from the configured quota. */
    static final Duration RELEARN_AFTER = Duration.ofHours(1);

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
        this.limit = capacity;
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
    public synchronized int capacity() {
        return limit;
    }

    /**
     * Return the most writes the next request should carry. While the cost of a write is unknown, a request may be
     * the one that fills Graph's window, and every write after that point in it is throttled; so, past the share of
     * the window that is safe at the dearest reported cost ({@link #DEAREST_REPORTED_COST}), requests carry only a
     * probe's worth of writes until a 429 or a full window without one tells the cost: one hundredth of the run's
     * writes (so learning costs at most one in a hundred of them in 429s), at least {@link #PROBE}. Small probes
     * cost requests, large ones 429s; this keeps both within the bounds (BENCHMARKS.md, S1 and S4).
     *
     * @param runWrites the writes of the run asking (all of them, sent or not)
     * @return writes for the next request, 1 to {@link BatchRunner#MAX_BATCH}
     */
    public synchronized int nextRequestWrites(int runWrites) {
        long now = nanos();
        expire(now);
        relearn(now);
        int used = inWindow + inFlight;
        int safe = Math.max(1, capacity / DEAREST_REPORTED_COST);
        if (costKnown || used + BatchRunner.MAX_BATCH <= safe) {
            return Math.min(BatchRunner.MAX_BATCH, Math.max(1, limit));
        }
        int probe = Math.min(BatchRunner.MAX_BATCH, Math.max(PROBE, runWrites / THROTTLE_SHARE));
        // fill the window exactly (a request that does not fit waits for a whole slot of the window)
        return Math.min(probe, used < limit ? limit - used : Math.max(1, limit));
    }

    /**
     * Tell whether Graph refused a {@code PATCH /groups/{id}} bind to this app for lack of permission, so additions
     * should go straight to {@code POST …/members/$ref} (which GroupMember.ReadWrite.All allows).
     *
     * @return true once a bind was refused in this runtime
     */
    public boolean bindsRefused() {
        return bindsRefused;
    }

    /** Remember that Graph refused a {@code PATCH} bind to this app for lack of permission. */
    public void refuseBinds() {
        bindsRefused = true;
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
            calls.pause(operation, wait, GraphWait.Reason.WRITE_QUOTA);
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
        if (now < notBefore) {
            return Duration.ofNanos(notBefore - now);
        }
        int used = inWindow + inFlight;
        if (used == 0 || used + writes <= limit) {
            inFlight += writes;
            return Duration.ZERO;
        }
        int mustLeave = Math.min(used, used + writes - limit);
        int left = 0;
        for (long[] stamp : answered) {
            left += (int) stamp[1];
            if (left >= mustLeave) {
                return Duration.ofNanos(Math.max(1, stamp[0] + windowNanos - now));
            }
        }
        // Writes still in flight (another organization on the same app) must be answered first: check again soon.
        return Duration.ofNanos(Math.max(1_000_000L, windowNanos / Math.max(1, limit)));
    }

    /**
     * Stamp writes reserved with {@link #acquire} as answered now: they leave the window one window from now.
     *
     * @param writes the writes
     */
    public void completed(int writes) {
        completed(writes, 0, null);
    }

    /**
     * Stamp writes reserved with {@link #acquire} as answered now, and learn from the ones Graph throttled: they are
     * not counted, no write leaves before their {@code Retry-After}, and the window holds no more requests than it
     * holds now (see the class comment).
     *
     * @param writes the writes reserved
     * @param throttled how many of them Graph answered 429
     * @param retryAfter the largest Retry-After of those, or null if none gave one
     */
    public synchronized void completed(int writes, int throttled, @Nullable Duration retryAfter) {
        long before = nanos();
        expire(before);
        int usedBefore = inWindow + inFlight;
        int n = Math.min(writes, inFlight);
        inFlight -= n;
        int counted = Math.max(0, n - throttled);
        long now = nanos();
        if (counted > 0) {
            answered.addLast(new long[] {now, counted});
            inWindow += counted;
        }
        if (throttled == 0 && inWindow >= capacity) {
            costKnown = true;   // a whole configured window went through: a write costs what was assumed
        }
        if (throttled > 0) {
            if (retryAfter != null && !retryAfter.isNegative()) {
                // clamped: a Retry-After of years would overflow the nanos (attack14)
                Duration wait = retryAfter.compareTo(RetryAfter.MAX) > 0 ? RetryAfter.MAX : retryAfter;
                notBefore = Math.max(notBefore, now + wait.toNanos());
            }
            // Below the share of the window that is safe at the dearest reported cost, a 429 is not this app's
            // quota at any reported cost (a burst of another app, a service hiccup): the first one in a window only
            // delays (its Retry-After); a second one in the same window is taken as the quota after all.
            boolean transientOnce = usedBefore < Math.max(1, capacity / DEAREST_REPORTED_COST)
                    && (lastThrottled == Long.MIN_VALUE || now - lastThrottled >= windowNanos);
            lastThrottled = now;
            if (!transientOnce) {
                costKnown = true;
                expire(now);
                int floor = Math.max(1, capacity / BatchRunner.MAX_BATCH);
                limit = Math.max(floor, Math.min(limit, inWindow + inFlight));
            }
        }
    }

    /**
     * After {@link #RELEARN_AFTER} without a 429, forget a lowered limit and learn the cost again (in probes): a
     * limit learned from another app's burst would otherwise slow this runtime for its whole life.
     */
    private void relearn(long now) {
        if (limit < capacity && lastThrottled != Long.MIN_VALUE
                && now - lastThrottled >= RELEARN_AFTER.toNanos()) {
            limit = capacity;
            costKnown = false;
        }
    }

    /**
     * Return how long Graph's last {@code Retry-After} still holds writes back, so a caller whose budget is shorter
     * can report the writes as throttled instead of waiting.
     *
     * @return the remaining wait, or zero
     */
    public synchronized Duration holdOff() {
        long now = nanos();
        return now < notBefore ? Duration.ofNanos(notBefore - now) : Duration.ZERO;
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
