package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Equa team member (or a requested address) that will not be in the group, and why.
 *
 * @param teamMemberId the team member's id (for a requested address: the address as given)
 * @param displayName the member's name (for a requested address: the address)
 * @param email the normalised e-mail address, or {@code null} if there is none
 * @param reason why the member is skipped
 * @param candidateIds the Entra user ids involved: every match for {@link SkipReason#AMBIGUOUS_MATCH}, the disabled
 *     user for {@link SkipReason#ACCOUNT_DISABLED}; otherwise empty
 * @since 0.1.0
 */
public record SkippedMember(String teamMemberId, String displayName, @Nullable String email, SkipReason reason,
        List<String> candidateIds) {

    /**
     * Reject nulls and copy the list.
     *
     * @param teamMemberId the team member's id (for a requested address: the address as given)
     * @param displayName the member's name (for a requested address: the address)
     * @param email the normalised e-mail address, or {@code null} if there is none
     * @param reason why the member is skipped
     * @param candidateIds the Entra user ids involved: every match for {@link SkipReason#AMBIGUOUS_MATCH}, the disabled user for {@link SkipReason#ACCOUNT_DISABLED}; otherwise empty
     */
    public SkippedMember {
        Objects.requireNonNull(teamMemberId, "'teamMemberId' must not be null");
        Objects.requireNonNull(displayName, "'displayName' must not be null");
        Objects.requireNonNull(reason, "'reason' must not be null");
        candidateIds = List.copyOf(candidateIds);
    }

    /**
     * Return the e-mail address, if any.
     *
     * @return the address
     * @since 0.1.0
     */
    public Optional<String> emailIfAny() {
        return Optional.ofNullable(email);
    }

    /**
     * Return the component {@code email}: the normalised e-mail address, or {@code null} if there is none.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #emailIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String email() {
        return email;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
