package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A current group member the plan leaves in place, and why.
 *
 * @param directoryObjectId the member's Entra object id
 * @param label a readable label: e-mail, user principal name, or the object type for non-users
 * @param reason why the member stays
 * @param teamMemberId the Equa team member it matches ({@link KeepReason#IN_TEAM}), or {@code null}
 * @since 0.1.0
 */
public record KeptMember(String directoryObjectId, String label, KeepReason reason, @Nullable String teamMemberId) {

    /**
     * Reject nulls in the required components.
     *
     * @param directoryObjectId the member's Entra object id
     * @param label a readable label: e-mail, user principal name, or the object type for non-users
     * @param reason why the member stays
     * @param teamMemberId the Equa team member it matches ({@link KeepReason#IN_TEAM}), or {@code null}
     */
    public KeptMember {
        Objects.requireNonNull(directoryObjectId, "'directoryObjectId' must not be null");
        Objects.requireNonNull(label, "'label' must not be null");
        Objects.requireNonNull(reason, "'reason' must not be null");
    }

    /**
     * Return the matching team member id, if any.
     *
     * @return the team member id
     * @since 0.1.0
     */
    public Optional<String> teamMemberIdIfAny() {
        return Optional.ofNullable(teamMemberId);
    }

    /**
     * Return the component {@code teamMemberId}: the Equa team member it matches ({@link KeepReason#IN_TEAM}), or
     * {@code null}.
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
