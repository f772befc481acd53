package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.internal.graph.ObjectIds;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import cc.equa.msgraph.spi.IntegrationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The own-write memory of {@link GroupCache} shared by every node on one settings store (issue 14 item 5): Equa runs
 * several backend nodes, and a plan made on one node right after another node's apply would otherwise re-add or
 * re-remove members a lagging member read does not show yet. After an apply, the membership writes Graph accepted
 * are stored in the organization's settings under {@link #KEY} (one {@code SettingsStore.update} per apply, pruned to
 * {@link GroupCache#OWN_WRITES_WINDOW} and capped at {@link #MAX_ENTRIES}, newest kept); a team-sync plan merges
 * them with the runtime's own memory, the newer write of a member winning.
 *
 * <p>The settings row is a trust boundary: a host, a bug or an attacker with write access to it may put anything
 * there. Entries are parsed strictly (GUIDs, a known action, an instant neither older than the window nor more than
 * {@link #SKEW} in the future, a bounded length); anything else is ignored with a WARN that shows no value. And a
 * stored entry is only ever allowed to <em>suppress</em> a change: an add is taken as done only for a user the team
 * wants (so it cannot make the plan remove anyone), a removal only for a member the team does not want (so it cannot
 * make the plan add anyone). A forged entry can thus hold back one add or removal for at most the window, never cause
 * a removal of a real member or any other write.
 */
final class SharedWrites {

    /** The state entry holding the shared memory. */
    static final String KEY = "sync.ownWrites";

    /**
     * The most writes stored. An apply of more changes keeps its newest ones: another node planning within the read
     * lag may then plan the rest again, which Graph answers as already done (a wasted write, no wrong state). At about
     * 50 characters a write the entry stays under 25 KB.
     */
    static final int MAX_ENTRIES = 500;

    /** How far in the future (another node's clock) a stored instant may lie. */
    static final Duration SKEW = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(SharedWrites.class);
    private static final String VERSION = "1";
    private static final int ENTRY_LENGTH = 1 + 36 + 1 + 12;
    private static final int MAX_LENGTH = 2 + 37 + MAX_ENTRIES * (ENTRY_LENGTH + 1);

    private SharedWrites() {
    }

    /**
     * One stored write.
     *
     * @param action what was done (ADD, REMOVE or ADD_OWNER)
     * @param id the member (or owner)
     * @param at when the apply that made it ended, to the second
     */
    record Stored(PlannedChange.Action action, String id, Instant at) {

        private String slot() {
            return (action == PlannedChange.Action.ADD_OWNER ? "o" : "m") + id.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Return the stored writes of a group that are still within the window, ignoring (with a WARN that shows no
     * value) everything malformed. Never throws.
     *
     * @param settings the organization's settings, or null
     * @param groupId the linked group
     * @param now the current time
     * @param operation what is being done, for the log
     * @return the writes, oldest first, the latest per member
     */
    static List<Stored> read(@Nullable IntegrationSettings settings, String groupId, Instant now, String operation) {
        String value = settings == null ? null : settings.stateValue(KEY).orElse(null);
        if (value == null) {
            return List.of();
        }
        int[] malformed = {0};
        List<Stored> out = parse(value, groupId, now, malformed);
        if (malformed[0] > 0) {
            LOG.warn("{}: ignored {} malformed entr{} of the shared own-write memory (settings state '{}'); planning "
                    + "goes on without them", operation, malformed[0], malformed[0] == 1 ? "y" : "ies", KEY);
        }
        return out;
    }

    private static List<Stored> parse(String value, String groupId, Instant now, int[] malformed) {
        if (value.length() > MAX_LENGTH) {
            malformed[0]++;
            return List.of();
        }
        String[] parts = value.split(";", -1);
        if (parts.length < 2 || !VERSION.equals(parts[0]) || !ObjectIds.isGuid(parts[1])) {
            malformed[0]++;
            return List.of();
        }
        if (!parts[1].equalsIgnoreCase(groupId)) {
            return List.of(); // another group was linked: its writes do not concern this one
        }
        Map<String, Stored> latest = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
            Stored s = entry(parts[i], now);
            if (s == null) {
                malformed[0]++;
            } else if (now.isBefore(s.at().plus(GroupCache.OWN_WRITES_WINDOW))) {
                latest.merge(s.slot(), s, (a, b) -> b.at().isBefore(a.at()) ? a : b);
            }
        }
        return sorted(latest.values());
    }

    private static @Nullable Stored entry(String e, Instant now) {
        if (e.length() < 1 + 36 + 2 || e.length() > ENTRY_LENGTH || e.charAt(37) != '@') {
            return null;
        }
        PlannedChange.Action action = switch (e.charAt(0)) {
            case 'a' -> PlannedChange.Action.ADD;
            case 'r' -> PlannedChange.Action.REMOVE;
            case 'o' -> PlannedChange.Action.ADD_OWNER;
            default -> null;
        };
        String id = e.substring(1, 37);
        String seconds = e.substring(38);
        if (action == null || !ObjectIds.isGuid(id) || !seconds.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(seconds));
        return at.isAfter(now.plus(SKEW)) ? null : new Stored(action, id, at);
    }

    /**
     * Return the settings with an apply's accepted writes added to the shared memory: each supersedes an older write
     * of the same member (or owner), entries past the window or malformed are dropped, the newest
     * {@link #MAX_ENTRIES} kept.
     *
     * @param settings the stored settings
     * @param groupId the group written to
     * @param results the apply's results
     * @param now when the apply ended
     * @return the settings to store
     */
    static IntegrationSettings record(IntegrationSettings settings, String groupId, List<ChangeResult> results,
            Instant now) {
        int[] malformed = {0};
        String value = settings.stateValue(KEY).orElse(null);
        Map<String, Stored> latest = new LinkedHashMap<>();
        if (value != null) {
            parse(value, groupId, now, malformed).forEach(s -> latest.put(s.slot(), s));
        }
        if (malformed[0] > 0) {
            LOG.warn("Dropped {} malformed entr{} of the shared own-write memory (settings state '{}')", malformed[0],
                    malformed[0] == 1 ? "y" : "ies", KEY);
        }
        Instant at = Instant.ofEpochSecond(now.getEpochSecond());
        for (ChangeResult r : results) {
            if (r != null && r.outcome() == ChangeResult.Outcome.APPLIED
                    && ObjectIds.isGuid(r.change().directoryObjectId())) {
                Stored s = new Stored(r.change().action(), r.change().directoryObjectId(), at);
                latest.remove(s.slot()); // re-inserted last: the newest
                latest.put(s.slot(), s);
            }
        }
        List<Stored> kept = sorted(latest.values());
        if (kept.size() > MAX_ENTRIES) {
            LOG.debug("The shared own-write memory keeps the newest {} of {} writes; other nodes may plan the {} older"
                    + " ones again while reads lag (Graph answers them as already done)", MAX_ENTRIES, kept.size(),
                    kept.size() - MAX_ENTRIES);
            kept = kept.subList(kept.size() - MAX_ENTRIES, kept.size());
        }
        if (kept.isEmpty()) {
            return settings.withState(KEY, null);
        }
        StringBuilder b = new StringBuilder(VERSION).append(';').append(groupId.toLowerCase(Locale.ROOT));
        for (Stored s : kept) {
            char c = switch (s.action()) {
                case ADD -> 'a';
                case REMOVE -> 'r';
                case ADD_OWNER -> 'o';
            };
            b.append(';').append(c).append(s.id().toLowerCase(Locale.ROOT)).append('@').append(s.at().getEpochSecond());
        }
        return settings.withState(KEY, b.toString());
    }

    /**
     * Return the stored writes the runtime does not know better: a stored write is dropped when the runtime itself
     * wrote the same member (or owner) at the same time or later.
     *
     * @param stored the stored writes
     * @param own the runtime's own recent writes of the group
     * @return the rest
     */
    static List<Stored> beyond(List<Stored> stored, List<GroupCache.Write> own) {
        if (stored.isEmpty() || own.isEmpty()) {
            return stored;
        }
        Map<String, Instant> mine = new HashMap<>();
        for (GroupCache.Write w : own) {
            mine.merge(new Stored(w.action(), w.id(), w.at()).slot(), w.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return stored.stream().filter(s -> {
            Instant m = mine.get(s.slot());
            return m == null || m.isBefore(s.at());
        }).toList();
    }

    /**
     * Tell whether a read shows every stored write (a read that does not is behind and is not remembered for delta
     * reuse).
     *
     * @param read the group as read
     * @param stored the stored writes
     * @return true if it does
     */
    static boolean caughtUp(GroupState read, List<Stored> stored) {
        Set<String> members = new LinkedHashSet<>();
        read.members().forEach(m -> members.add(m.id().toLowerCase(Locale.ROOT)));
        Set<String> owners = new LinkedHashSet<>();
        read.ownerIds().forEach(o -> owners.add(o.toLowerCase(Locale.ROOT)));
        for (Stored s : stored) {
            String id = s.id().toLowerCase(Locale.ROOT);
            boolean shown = switch (s.action()) {
                case ADD -> members.contains(id);
                case REMOVE -> !members.contains(id);
                case ADD_OWNER -> owners.contains(id);
            };
            if (!shown) {
                return false;
            }
        }
        return true;
    }

    /**
     * Return a group with the stored writes applied where they only suppress a change: an added member (or owner)
     * the team wants is taken as one, a removed member the team does not want is left out. Nothing is added that the
     * plan could remove, nothing left out that it could add.
     *
     * @param group the group (already reconciled with the runtime's own writes)
     * @param stored the stored writes the runtime does not know better
     * @param resolutions the team's addresses resolved
     * @return the group to plan against (the same instance when nothing applied)
     */
    static GroupState merge(GroupState group, List<Stored> stored, Map<String, Resolution> resolutions) {
        if (stored.isEmpty()) {
            return group;
        }
        Map<String, UserRecord> wanted = new HashMap<>();
        for (Resolution r : resolutions.values()) {
            if (r.status() == Resolution.Status.MATCHED && r.user() != null) {
                wanted.put(r.user().id().toLowerCase(Locale.ROOT), r.user());
            }
        }
        Map<String, DirectoryMember> members = new LinkedHashMap<>();
        group.members().forEach(m -> members.put(m.id().toLowerCase(Locale.ROOT), m));
        Set<String> owners = new LinkedHashSet<>(group.ownerIds());
        boolean changed = false;
        for (Stored s : stored) {
            String id = s.id().toLowerCase(Locale.ROOT);
            UserRecord u = wanted.get(id);
            switch (s.action()) {
                case ADD -> {
                    if (u != null && !members.containsKey(id)) {
                        members.put(id, new DirectoryMember(u.id(), "user", u.mail(), u.userPrincipalName(),
                                u.accountEnabled()));
                        changed = true;
                    }
                }
                case REMOVE -> {
                    if (u == null && members.remove(id) != null) {
                        changed = true;
                    }
                }
                case ADD_OWNER -> {
                    if (u != null && owners.stream().noneMatch(o -> o.equalsIgnoreCase(u.id()))) {
                        owners.add(u.id());
                        changed = true;
                    }
                }
            }
        }
        return changed ? new GroupState(group.groupId(), new ArrayList<>(members.values()), owners,
                group.appObjectId()) : group;
    }

    private static List<Stored> sorted(java.util.Collection<Stored> writes) {
        List<Stored> out = new ArrayList<>(writes);
        out.sort(Comparator.comparing(Stored::at));
        return List.copyOf(out);
    }
}
