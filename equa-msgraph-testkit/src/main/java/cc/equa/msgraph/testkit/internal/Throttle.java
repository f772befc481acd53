package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The sliding-window write quota per app and tenant, and the Retry-After bookkeeping for violations. */
public final class Throttle {
    private volatile WriteQuota quota;
    private final Map<String, ArrayDeque<Instant>> writes = new HashMap<>();
    private final Map<String, Wait> notBefore = new HashMap<>();

    /** When a request may come back, and the {@code $batch} that was told (null for a wire request). */
    private record Wait(Instant until, @Nullable Object batch) {
    }

    public Throttle(WriteQuota quota) {
        this.quota = quota;
    }

    public void quota(WriteQuota q) {
        this.quota = q;
        synchronized (this) {
            writes.clear();
        }
    }

    public WriteQuota quota() {
        return quota;
    }

    /**
     * Count a write; return the Retry-After if it is over the quota (then it is not counted).
     */
    public @Nullable Duration write(String appTenant, Instant now) {
        return write(appTenant, now, 1);
    }

    /**
     * Count a request that costs {@code cost} writes (a bind of many members may cost more than one; capped at the
     * limit so that it can pass at all); return the Retry-After if it does not fit (then nothing is counted).
     */
    public synchronized @Nullable Duration write(String appTenant, Instant now, int cost) {
        WriteQuota q = quota;
        if (q.limit() == Integer.MAX_VALUE) {
            return null;
        }
        ArrayDeque<Instant> d = writes.computeIfAbsent(appTenant, k -> new ArrayDeque<>());
        Instant cutoff = now.minus(q.window());
        while (!d.isEmpty() && !d.peekFirst().isAfter(cutoff)) {
            d.pollFirst();
        }
        int n = Math.max(1, Math.min(cost, q.limit()));
        if (d.size() + n > q.limit()) {
            // the write fits once enough of the oldest writes have left the window
            Instant freed = d.stream().skip(d.size() + n - q.limit() - 1L).findFirst().orElse(now);
            Duration wait = Duration.between(now, freed.plus(q.window()));
            return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
        }
        for (int i = 0; i < n; i++) {
            d.addLast(now);
        }
        return null;
    }

    /** Remember that the caller was told to wait. */
    public synchronized void toldToWait(String key, Instant until) {
        toldToWait(key, until, null);
    }

    /**
     * Remember that the caller was told to wait for the request with this key; {@code batch} identifies the
     * {@code $batch} whose item was told (its siblings are never retries of it).
     */
    public synchronized void toldToWait(String key, Instant until, @Nullable Object batch) {
        Wait old = notBefore.get(key);
        // two identical items throttled in one batch: keep the later instant
        if (old != null && batch != null && batch == old.batch && old.until.isAfter(until)) {
            return;
        }
        notBefore.put(key, new Wait(until, batch));
    }

    /** If the caller was told to wait and came back early, return the instant it should have waited for. */
    public synchronized @Nullable Instant checkEarly(String key, Instant now) {
        return checkEarly(key, now, null);
    }

    /**
     * If the caller was told to wait for this request and came back early, return the instant it should have
     * waited for. An item of the same {@code batch} that was told is not a retry and leaves the record in place.
     */
    public synchronized @Nullable Instant checkEarly(String key, Instant now, @Nullable Object batch) {
        Wait nb = notBefore.get(key);
        if (nb == null || batch != null && batch == nb.batch) {
            return null;
        }
        notBefore.remove(key);
        return now.isBefore(nb.until) ? nb.until : null;
    }

    /** Forget that the caller was told to wait for this request. */
    public synchronized void forget(String key) {
        notBefore.remove(key);
    }

    public synchronized void reset() {
        writes.clear();
        notBefore.clear();
    }
}
