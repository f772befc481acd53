package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One membership change a {@link SyncPlan} will make.
 *
 * @param action add or remove (or, since 0.2.0, add as owner)
 * @param directoryObjectId the Entra object id of the user added or the member removed
 * @param label a readable label: the e-mail address or user principal name
 * @param teamMemberId the Equa team member this change is for, or {@code null} (a removal of someone not on the team,
 *     or a change requested by address)
 * @since 0.1.0
 */
public record PlannedChange(Action action, String directoryObjectId, String label, @Nullable String teamMemberId) {

    /**
     * Reject nulls in the required components.
     *
     * @param action add or remove
     * @param directoryObjectId the Entra object id of the user added or the member removed
     * @param label a readable label: the e-mail address or user principal name
     * @param teamMemberId the Equa team member this change is for, or {@code null} (a removal of someone not on the team, or a change requested by address)
     */
    public PlannedChange {
        Objects.requireNonNull(action, "'action' must not be null");
        Objects.requireNonNull(directoryObjectId, "'directoryObjectId' must not be null");
        Objects.requireNonNull(label, "'label' must not be null");
    }

    /**
     * Return the team member id, if the change is for one.
     *
     * @return the team member id
     * @since 0.1.0
     */
    public Optional<String> teamMemberIdIfAny() {
        return Optional.ofNullable(teamMemberId);
    }

    /**
     * What a change does.
     *
     * @since 0.1.0
     */
    public enum Action {
        /** Add the user to the group's members. */
        ADD,
        /** Remove the member from the group's members (only the membership; the user is untouched). */
        REMOVE,
        /**
         * Add the user to the group's owners ({@code POST /groups/{id}/owners/$ref}); planned only when
         * {@link SyncOptions.Builder#ownerRoles(java.util.Collection)} is set. Owners are never removed by a sync.
         *
         * @since 0.2.0
         */
        ADD_OWNER
    }

    /**
     * Return the component {@code teamMemberId}: the Equa team member this change is for, or {@code null} (a removal of
     * someone not on the team, or a change requested by address).
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #teamMemberIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String teamMemberId() {
        return teamMemberId;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
