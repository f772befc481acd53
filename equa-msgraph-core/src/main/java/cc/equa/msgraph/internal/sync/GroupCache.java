package cc.equa.msgraph.internal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last group state each app read for planning, with a Graph group deltaLink issued <em>before</em> that read. A
 * later plan asks the link whether the group's members or owners changed; if not, it reuses the state instead of
 * reading every member page again. Tracking starts with a group's second plan in a runtime. Per runtime, in memory, at most {@value #MAX_ENTRIES} groups (least recently
 * used dropped). An apply drops its group's entry, so a plan after one's own writes always reads the group afresh.
 */
final class GroupCache {

    /** The most groups one runtime remembers. */
    static final int MAX_ENTRIES = 256;

    /** How long a failed delta start keeps delta off for a group. */
    static final Duration RETRY_DELTA_AFTER = Duration.ofHours(1);

    private static final Map<Object, GroupCache> SHARED = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private final Map<String, Instant> unavailableUntil = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private final Map<String, Boolean> planned = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private GroupCache() {
    }

    /**
     * Record that a group is being planned and tell whether it was planned before in this runtime. Delta tracking
     * starts only from the second plan, so a process that plans once (a nightly job) pays no extra request.
     *
     * @param key the key
     * @return true if the group was planned before
     */
    synchronized boolean plannedBefore(String key) {
        return planned.put(key, Boolean.TRUE) != null;
    }

    /**
     * Tell whether delta may be tried for a group: not if starting a round failed within the last
     * {@link #RETRY_DELTA_AFTER}, so a tenant or app that refuses delta costs one failed request per hour, not one
     * per plan.
     *
     * @param key the key
     * @param now the current time
     * @return true to try
     */
    synchronized boolean deltaWorthTrying(String key, Instant now) {
        Instant until = unavailableUntil.get(key);
        return until == null || !now.isBefore(until);
    }

    /**
     * Remember that starting a delta round failed.
     *
     * @param key the key
     * @param now the current time
     */
    synchronized void deltaFailed(String key, Instant now) {
        unavailableUntil.put(key, now.plus(RETRY_DELTA_AFTER));
    }

    /**
     * Return the cache of a runtime.
     *
     * @param owner the runtime
     * @return its cache
     */
    static GroupCache of(Object owner) {
        return SHARED.computeIfAbsent(owner, o -> new GroupCache());
    }

    /**
     * Return the key of a group as one app sees it.
     *
     * @param appKey the app's key (tenant and client id)
     * @param groupId the group
     * @return the key
     */
    static String key(String appKey, String groupId) {
        return appKey + "|" + groupId.toLowerCase(Locale.ROOT);
    }

    /**
     * Return the remembered state, if any.
     *
     * @param key the key
     * @return the entry, or null
     */
    synchronized @Nullable Entry get(String key) {
        return entries.get(key);
    }

    /**
     * Remember a state and the deltaLink that tells whether it is still current.
     *
     * @param key the key
     * @param entry the entry
     */
    synchronized void put(String key, Entry entry) {
        entries.put(key, entry);
    }

    /**
     * Forget a group.
     *
     * @param key the key
     */
    synchronized void remove(String key) {
        entries.remove(key);
    }

    /**
     * A remembered group.
     *
     * @param state the state as read
     * @param deltaLink a deltaLink issued before the state was read
     */
    record Entry(GroupState state, String deltaLink) {
    }
}
