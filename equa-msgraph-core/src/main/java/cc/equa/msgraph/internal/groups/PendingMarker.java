package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.graph.ObjectIds;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import com.microsoft.graph.models.Group;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings-row side of {@link GroupCreation}: the pending-create marker ({@value GroupSupport#PENDING_CREATE})
 * that makes group creation safely retryable, how it is written, read back across the trust boundary of the settings
 * store, claimed atomically against a concurrent creation, and cleared. Kept apart from the Graph side so each can be
 * read on its own: what may be trusted in a stored marker is decided here, what is done with it in GroupCreation.
 */
final class PendingMarker {

    /** Logged under GroupCreation's name, as before this class was split off, so hosts' log settings still apply. */
    private static final Logger LOG = LoggerFactory.getLogger(GroupCreation.class);

    private final GroupSupport support;
    private final IntegrationRuntime runtime;

    PendingMarker(GroupSupport support) {
        this.support = support;
        this.runtime = support.runtime();
    }

    /**
     * A recorded creation whose outcome is unknown (or whose group was not yet visible).
     *
     * @param nickname the mail nickname posted
     * @param displayName the display name posted
     * @param postedAt when it was posted, or null (a marker written before 0.2.0)
     * @param id the group's id if Graph returned it, else null
     */
    record Pending(String nickname, String displayName, java.time.@Nullable Instant postedAt, @Nullable String id) {

        /**
         * Read a marker back from the settings row (a trust boundary): exactly the two forms the library writes,
         * {@code nickname \n name} (before 0.2.0) and {@code nickname \n name \n millis \n id}, with a nickname
         * and a name the library would post, a time that is not in the future and an empty or GUID id.
         *
         * @param value the stored value
         * @param now the current time
         * @return the marker
         * @throws IllegalArgumentException saying what is wrong with it
         */
        static Pending parse(String value, java.time.Instant now) {
            String[] parts = value.split("\n", -1);
            if (parts.length != 2 && parts.length != 4) {
                throw new IllegalArgumentException("it is not the 2 or 4 lines the library writes ("
                        + parts.length + ")");
            }
            if (!GroupInputs.isNickname(parts[0])) {
                throw new IllegalArgumentException("its mail nickname is not one the library would use");
            }
            if (!GroupInputs.isDisplayName(parts[1])) {
                throw new IllegalArgumentException("its display name is not one the library would use");
            }
            if (parts.length == 2) {
                return new Pending(parts[0], parts[1], null, null);
            }
            java.time.Instant at = null;
            if (!parts[2].isEmpty()) {
                if (!parts[2].matches("[0-9]{1,15}")) {
                    throw new IllegalArgumentException("its time is not epoch milliseconds");
                }
                at = java.time.Instant.ofEpochMilli(Long.parseLong(parts[2]));
                if (at.isAfter(now.plus(GroupCreation.MAY_BE_REPLICATING))) {
                    throw new IllegalArgumentException("its time is in the future");
                }
            }
            if (!parts[3].isEmpty() && !ObjectIds.isGuid(parts[3])) {
                throw new IllegalArgumentException("its group id is not a GUID");
            }
            return new Pending(parts[0], parts[1], at, parts[3].isEmpty() ? null : parts[3]);
        }

        /** The same marker without the group id (one that named another group). */
        Pending withoutId() {
            return new Pending(nickname, displayName, postedAt, null);
        }

        /** Whether a group is the one this marker records: the nickname and name posted, a Microsoft 365 group. */
        boolean isOurs(Group g) {
            return g.getId() != null && displayName.equals(g.getDisplayName())
                    && nickname.equalsIgnoreCase(g.getMailNickname())
                    && g.getGroupTypes() != null && g.getGroupTypes().stream().anyMatch("Unified"::equalsIgnoreCase);
        }

        String encode() {
            return nickname + "\n" + displayName + "\n" + (postedAt == null ? "" : postedAt.toEpochMilli()) + "\n"
                    + (id == null ? "" : id);
        }

        boolean matches(NewGroup group) {
            return displayName.equals(group.displayName())
                    && group.mailNickname().map(n -> n.equalsIgnoreCase(nickname)).orElse(true);
        }

        /** Whether our POST may have landed and still be invisible; unknown age counts as "may". */
        boolean mayBeReplicating(java.time.Instant now) {
            return postedAt == null || now.isBefore(postedAt.plus(GroupCreation.MAY_BE_REPLICATING));
        }
    }

    /**
     * Read the pending-create marker. One the library cannot have written (tampered with or corrupted) is ignored
     * with a warning rather than failing: nothing in it can be trusted to find a group by, no public call could clear
     * it, and without it creation is as safe as a first attempt (the next POST replaces it).
     */
    @Nullable Pending read(String operation, IntegrationSettings settings) {
        return parsed(settings, support.now(), problem -> LOG.warn("{}: ignoring the pending group creation recorded"
                + " in the organization's settings ({}): {}", operation, GroupSupport.PENDING_CREATE, problem));
    }

    /** The marker of a settings row, or null when there is none or it is not one the library writes. */
    private static @Nullable Pending parsed(IntegrationSettings settings, java.time.Instant now,
            java.util.function.Consumer<String> unreadable) {
        Optional<String> value = settings.stateValue(GroupSupport.PENDING_CREATE);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Pending.parse(value.get(), now);
        } catch (IllegalArgumentException e) {
            unreadable.accept(e.getMessage());
            return null;
        }
    }

    /**
     * Record that this call is about to create the group, unless another call (another node sharing the settings
     * store, or another thread) recorded the same creation moments ago: two calls that both found the nickname free,
     * or one that found the other's new group and moved on to "nick-2", must not make two groups. The check and the
     * write are one {@code SettingsStore.update}, atomic when the host's store makes it so (the testkit's
     * {@code InMemorySettingsStore} does; see the SPI's Javadoc).
     *
     * @param linkedAtStart the group linked when this call read the settings
     * @return the other call's marker when it claimed first, else null (this call may post)
     */
    @Nullable Pending claim(OrganizationId organization, String operation, NewGroup request, Pending mine,
            @Nullable String linkedAtStart) {
        Pending[] rival = {null};
        java.time.Instant now = support.now();
        runtime.updateSettings(organization, operation, s -> {
            // read has warned about a bad marker; it claims nothing
            Pending other = parsed(s, now, problem -> { });
            if (other != null && other.matches(request) && other.postedAt() != null && other.mayBeReplicating(now)) {
                rival[0] = other;
                return s;
            }
            // another call created and linked a group since this one read the settings (its marker is gone)
            String linked = s.linkedGroupId();
            if (linked != null && !linked.equals(linkedAtStart) && support.recentlyCreated(s, linked)) {
                rival[0] = new Pending(mine.nickname(), request.displayName(), now, linked);
                return s;
            }
            rival[0] = null;
            return s.withState(GroupSupport.PENDING_CREATE, mine.encode());
        });
        return rival[0];
    }

    /** Record the marker before another POST (the first one of a call is {@link #claim claimed} instead). */
    void write(OrganizationId organization, String operation, Pending marker) {
        runtime.updateSettings(organization, operation,
                s -> s.withState(GroupSupport.PENDING_CREATE, marker.encode()));
    }

    /** Add the id Graph returned to our marker, unless another call has recorded its own since. */
    void replace(OrganizationId organization, String operation, Pending marker, Pending withId) {
        runtime.updateSettings(organization, operation, s -> s.stateValue(GroupSupport.PENDING_CREATE)
                .filter(marker.encode()::equals).isPresent() ? s.withState(GroupSupport.PENDING_CREATE,
                withId.encode()) : s);
    }

    /** Forget a marker, unless another call has recorded its own since. */
    void clear(OrganizationId organization, String operation, Pending marker) {
        runtime.updateSettings(organization, operation, s ->
                s.stateValue(GroupSupport.PENDING_CREATE).filter(marker.encode()::equals).isPresent()
                        ? s.withState(GroupSupport.PENDING_CREATE, null) : s);
    }
}
