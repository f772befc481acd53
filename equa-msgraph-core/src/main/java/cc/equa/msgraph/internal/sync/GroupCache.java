package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PlannedChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last group state each app read for planning, with a Graph group deltaLink issued <em>before</em> that read. A
 * later plan asks the link whether the group's members or owners changed; if not, it reuses the state instead of
 * reading every member page again; an apply of a plan made in this runtime asks the same of the link the plan's read
 * was taken with ({@link Basis}). Per runtime, in memory, at
 * most {@value #MAX_ENTRIES} groups (least recently used dropped). An apply drops its group's entry, so a plan after
 * one's own writes always reads the group afresh; a remembered state older than {@link #TRUST_DELTA_FOR} is read in
 * full again whatever delta says.
 *
 * <p>It also remembers the runtime's own membership writes per group for {@link #OWN_WRITES_WINDOW}
 * ({@link #wrote}, {@link #reconcile}): Entra ID is eventually consistent, so a member list read right after an apply
 * can still lack the members just added (or show those just removed); without this, the next plan would add them
 * again, or remove them again, or an apply would see its plan's group differently from the plan. Other nodes on the
 * same settings store learn these writes through {@link SharedWrites}.
 */
final class GroupCache {

    /** The most groups one runtime remembers. */
    static final int MAX_ENTRIES = 256;

    /** How long a failed delta start keeps delta off for a group. */
    static final Duration RETRY_DELTA_AFTER = Duration.ofHours(1);

    /**
     * How long delta-checked state may be reused before the group is read in full again. Delta is only an
     * optimisation and its changes may appear late (https://learn.microsoft.com/en-us/graph/delta-query-overview);
     * an hour bounds how long a change delta failed to report can hide from plans, at the cost of one full read per
     * group and hour (one plan in twelve for a group planned every five minutes).
     */
    static final Duration TRUST_DELTA_FOR = Duration.ofHours(1);

    /**
     * How long the runtime's own membership writes override what member reads show. Microsoft documents no bound for
     * membership replication ("typically seconds",
     * https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/); the longest
     * replication delay documented for anything the library writes is 15 minutes for a new group
     * (microsoft-graph-docs issue 12063), so a membership write is surely visible after it. The price of the length:
     * if someone else undoes one of our own writes within this window, plans show it only once the window ends.
     */
    static final Duration OWN_WRITES_WINDOW = Duration.ofMinutes(15);

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

    /** What each recent team-sync plan was made from, by plan id, for the apply-time staleness check. */
    private final Map<String, Basis> bases = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Basis> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The runtime's own recent writes by group key, oldest first. */
    private final Map<String, List<Write>> writes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Write>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private GroupCache() {
    }

    /**
     * Remember the writes an apply made to a group (the changes Graph accepted), for {@link #OWN_WRITES_WINDOW}.
     *
     * @param key the group's key
     * @param results the apply's results
     * @param now when the apply ended
     */
    synchronized void wrote(String key, List<ChangeResult> results, Instant now) {
        List<Write> list = new ArrayList<>(writes.getOrDefault(key, List.of()));
        for (ChangeResult r : results) {
            if (r != null && r.outcome() == ChangeResult.Outcome.APPLIED) {
                PlannedChange c = r.change();
                boolean owner = c.action() == PlannedChange.Action.ADD_OWNER;
                // the latest write of a member (or owner) supersedes an earlier one
                list.removeIf(w -> w.id().equalsIgnoreCase(c.directoryObjectId())
                        && (w.action() == PlannedChange.Action.ADD_OWNER) == owner);
                list.add(new Write(c.action(), c.directoryObjectId(), c.label(), now));
            }
        }
        if (!list.isEmpty()) {
            writes.put(key, List.copyOf(list));
        }
    }

    /**
     * Return a group read with the runtime's own writes of the last {@link #OWN_WRITES_WINDOW} applied to it: a member
     * it added and the read lacks is put back, a member it removed and the read still shows is left out, an owner it
     * added is an owner. A write older than the window is forgotten: by then the read is the truth.
     *
     * @param key the group's key
     * @param read the group as read
     * @param now the current time
     * @return the reconciled state (the read itself when nothing needed changing)
     */
    synchronized GroupState reconcile(String key, GroupState read, Instant now) {
        List<Write> recent = writes.get(key);
        if (recent == null) {
            return read;
        }
        List<Write> live = recent.stream().filter(w -> now.isBefore(w.at().plus(OWN_WRITES_WINDOW))).toList();
        if (live.isEmpty()) {
            writes.remove(key);
            return read;
        }
        writes.put(key, live);
        Map<String, DirectoryMember> members = new LinkedHashMap<>();
        read.members().forEach(m -> members.put(m.id().toLowerCase(Locale.ROOT), m));
        Set<String> owners = new LinkedHashSet<>(read.ownerIds());
        boolean changed = false;
        for (Write w : live) {
            String id = w.id().toLowerCase(Locale.ROOT);
            switch (w.action()) {
                case ADD -> {
                    if (!members.containsKey(id)) {
                        members.put(id, new DirectoryMember(w.id(), "user", w.label(), null, null));
                        changed = true;
                    }
                }
                case REMOVE -> changed |= members.remove(id) != null;
                case ADD_OWNER -> {
                    if (owners.stream().noneMatch(o -> o.equalsIgnoreCase(w.id()))) {
                        owners.add(w.id());
                        changed = true;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return changed ? new GroupState(read.groupId(), new ArrayList<>(members.values()), owners,
                read.appObjectId()) : read;
    }

    /**
     * Return the runtime's own writes of a group within {@link #OWN_WRITES_WINDOW} (for {@link SharedWrites#beyond}).
     *
     * @param key the group's key
     * @param now the current time
     * @return the writes, oldest first
     */
    synchronized List<Write> recent(String key, Instant now) {
        return writes.getOrDefault(key, List.of()).stream().filter(w -> now.isBefore(w.at().plus(OWN_WRITES_WINDOW)))
                .toList();
    }

    /**
     * Tell whether a read shows every recent own write of the group, that is, whether it has caught up with them.
     * A read that has not is known to be behind and is not remembered for delta reuse.
     *
     * @param key the group's key
     * @param read the group as read
     * @param now the current time
     * @return true if no recent own write is missing from the read
     */
    synchronized boolean caughtUp(String key, GroupState read, Instant now) {
        return reconcile(key, read, now) == read;
    }

    /**
     * Tell whether the runtime wrote to a group at or after an instant (an apply ended then or later): a delta round
     * taken before may not show those writes yet, so it no longer vouches for a state read before them.
     *
     * @param key the group's key
     * @param since the instant
     * @return true if it did
     */
    synchronized boolean wroteSince(String key, Instant since) {
        return writes.getOrDefault(key, List.of()).stream().anyMatch(w -> !w.at().isBefore(since));
    }

    /**
     * Remember what a plan was made from, for {@link #basis}.
     *
     * @param planId the plan
     * @param basis the group state it was made from and the deltaLink issued before that state was read
     */
    synchronized void putBasis(String planId, Basis basis) {
        bases.put(planId, basis);
    }

    /**
     * Return what a plan made in this runtime was made from, if still remembered.
     *
     * @param planId the plan
     * @return the basis, or null
     */
    synchronized @Nullable Basis basis(String planId) {
        return bases.get(planId);
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
     * @param readAt when the state was read in full (reuse stops {@link #TRUST_DELTA_FOR} later)
     */
    record Entry(GroupState state, String deltaLink, Instant readAt) {
    }

    /**
     * The group state a plan was made from, as read (before {@link #reconcile}), with a deltaLink issued before the
     * read: at apply, a delta round on the link that reports no change of members or owners proves the membership and
     * ownership are still this state's, so the group need not be read again.
     *
     * @param key the group's key
     * @param state the state as read
     * @param deltaLink a deltaLink issued before the state was read
     * @param readAt when it was read (trusted for {@link #TRUST_DELTA_FOR})
     */
    record Basis(String key, GroupState state, String deltaLink, Instant readAt) {
    }

    /**
     * One membership write of the runtime's own.
     *
     * @param action what was done
     * @param id the member (or owner)
     * @param label the address it was planned by
     * @param at when the apply that made it ended
     */
    record Write(PlannedChange.Action action, String id, String label, Instant at) {
    }
}
