package cc.equa.msgraph.internal.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last group state each app read for planning, with a Graph group deltaLink issued <em>before</em> that read. A
 * later plan asks the link whether the group's members or owners changed; if not, it reuses the state instead of
 * reading every member page again. Per runtime, in memory, at most {@value #MAX_ENTRIES} groups (least recently
 * used dropped). An apply drops its group's entry, so a plan after one's own writes always reads the group afresh.
 */
public final class GroupCache {

    /** The most groups one runtime remembers. */
    static final int MAX_ENTRIES = 256;

    private static final Map<Object, GroupCache> SHARED = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private GroupCache() {
    }

    /**
     * Return the cache of a runtime.
     *
     * @param owner the runtime
     * @return its cache
     */
    public static GroupCache of(Object owner) {
        return SHARED.computeIfAbsent(owner, o -> new GroupCache());
    }

    /**
     * Return the key of a group as one app sees it.
     *
     * @param appKey the app's key (tenant and client id)
     * @param groupId the group
     * @return the key
     */
    public static String key(String appKey, String groupId) {
        return appKey + "|" + groupId.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Return the remembered state, if any.
     *
     * @param key the key
     * @return the entry, or null
     */
    public synchronized @Nullable Entry get(String key) {
        return entries.get(key);
    }

    /**
     * Remember a state and the deltaLink that tells whether it is still current.
     *
     * @param key the key
     * @param entry the entry
     */
    public synchronized void put(String key, Entry entry) {
        entries.put(key, entry);
    }

    /**
     * Forget a group.
     *
     * @param key the key
     */
    public synchronized void remove(String key) {
        entries.remove(key);
    }

    /**
     * A remembered group.
     *
     * @param state the state as read
     * @param deltaLink a deltaLink issued before the state was read
     */
    public record Entry(GroupState state, String deltaLink) {
    }
}
