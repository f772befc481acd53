package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Equa team member (or a requested entry) that will not be in the group, and why.
 *
 * <p>What {@link #teamMemberId()} holds depends on the plan's {@link SyncPlan#kind() kind}: for a
 * {@link SyncPlan.Kind#TEAM_SYNC team sync} it is the Equa team member's id; for a direct plan
 * ({@link SyncPlan.Kind#ADD_MEMBERS add} or {@link SyncPlan.Kind#REMOVE_MEMBERS remove members}) there is no team
 * member, and it holds the requested address or object id as given (trimmed), as in 0.1.0. Since 0.2.0 the request
 * is also in a field named for it, {@link #requestedIfAny()}: present exactly for the skipped entries of a direct
 * plan, so code need not know the plan's kind to tell a team member's id from a raw address.
 *
 * @param teamMemberId for a team sync the team member's id; for a direct plan the requested entry as given (see
 *     above)
 * @param displayName the member's name (for a requested entry: the entry)
 * @param email the normalised e-mail address, or {@code null} if there is none
 * @param reason why the member is skipped
 * @param candidateIds the Entra user ids involved: every match for {@link SkipReason#AMBIGUOUS_MATCH}, the disabled
 *     user for {@link SkipReason#ACCOUNT_DISABLED}, the guest for {@link SkipReason#GUEST_NOT_ALLOWED} (since 0.2.0);
 *     otherwise empty
 * @param requested for a direct plan the requested address or object id as given (trimmed); {@code null} for a team
 *     member (since 0.2.0)
 * @since 0.1.0
 */
public record SkippedMember(String teamMemberId, String displayName, @Nullable String email, SkipReason reason,
        List<String> candidateIds, @Nullable String requested) {

    /**
     * Reject nulls and copy the list.
     *
     * @param teamMemberId for a team sync the team member's id; for a direct plan the requested entry as given
     * @param displayName the member's name (for a requested entry: the entry)
     * @param email the normalised e-mail address, or {@code null} if there is none
     * @param reason why the member is skipped
     * @param candidateIds the Entra user ids involved: every match for {@link SkipReason#AMBIGUOUS_MATCH}, the disabled user for {@link SkipReason#ACCOUNT_DISABLED}, the guest for {@link SkipReason#GUEST_NOT_ALLOWED} (since 0.2.0); otherwise empty
     * @param requested for a direct plan the requested entry as given; {@code null} for a team member
     * @since 0.2.0
     */
    public SkippedMember {
        Objects.requireNonNull(teamMemberId, "'teamMemberId' must not be null");
        Objects.requireNonNull(displayName, "'displayName' must not be null");
        Objects.requireNonNull(reason, "'reason' must not be null");
        candidateIds = List.copyOf(candidateIds);
    }

    /**
     * A skipped Equa team member (no requested entry): the 0.1.0 constructor.
     *
     * @param teamMemberId the team member's id
     * @param displayName the member's name
     * @param email the normalised e-mail address, or {@code null} if there is none
     * @param reason why the member is skipped
     * @param candidateIds the Entra user ids involved: every match for {@link SkipReason#AMBIGUOUS_MATCH}, the disabled user for {@link SkipReason#ACCOUNT_DISABLED}, the guest for {@link SkipReason#GUEST_NOT_ALLOWED} (since 0.2.0); otherwise empty
     */
    public SkippedMember(String teamMemberId, String displayName, @Nullable String email, SkipReason reason,
            List<String> candidateIds) {
        this(teamMemberId, displayName, email, reason, candidateIds, null);
    }

    /**
     * A skipped entry of a direct (add or remove members) plan: the entry as given is its
     * {@link #teamMemberId()}, display name and {@link #requestedIfAny() request}.
     *
     * @param entry the requested address or object id as given (trimmed)
     * @param email the normalised e-mail address, or {@code null} if there is none
     * @param reason why the entry is skipped
     * @param candidateIds the Entra user ids involved, as for the canonical constructor
     * @return the skipped entry
     * @since 0.2.0
     */
    public static SkippedMember ofRequest(String entry, @Nullable String email, SkipReason reason,
            List<String> candidateIds) {
        Objects.requireNonNull(entry, "'entry' must not be null");
        return new SkippedMember(entry, entry, email, reason, candidateIds, entry);
    }

    /**
     * Return the requested address or object id this skipped entry of a direct (add or remove members) plan stands
     * for, as given (trimmed); empty for a team member of a team sync.
     *
     * @return the requested entry
     * @since 0.2.0
     */
    public Optional<String> requestedIfAny() {
        return Optional.ofNullable(requested);
    }

    /**
     * Return the component {@code requested}: the requested entry of a direct plan, or {@code null} for a team member.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #requestedIfAny()}: maybe-absent values are Optional (see package docs); this accessor
     *     exists only because every record component has one
     * @since 0.2.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String requested() {
        return requested;
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
