package cc.equa.msgraph.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One member of an Equa organization's team, as the host's {@link TeamDirectory} reports it.
 *
 * @param id the host's stable id of the member (used in plans, results and audit events)
 * @param kind individual or entity
 * @param displayName the name to show
 * @param email the member's e-mail address, or {@code null} if Equa has none (such a member cannot be matched)
 * @param title the member's title, or {@code null}
 * @param roles the member's roles in the organization (copied)
 * @param invitationStatus where the member stands with their invitation
 * @since 0.1.0
 */
public record TeamMember(
        String id,
        MemberKind kind,
        String displayName,
        @Nullable String email,
        @Nullable String title,
        Set<String> roles,
        InvitationStatus invitationStatus) {

    /**
     * Reject nulls and copy the roles.
     *
     * @param id the host's stable id of the member (used in plans, results and audit events)
     * @param kind individual or entity
     * @param displayName the name to show
     * @param email the member's e-mail address, or {@code null} if Equa has none (such a member cannot be matched)
     * @param title the member's title, or {@code null}
     * @param roles the member's roles in the organization (copied)
     * @param invitationStatus where the member stands with their invitation
     */
    public TeamMember {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(kind, "'kind' must not be null");
        Objects.requireNonNull(displayName, "'displayName' must not be null");
        roles = Set.copyOf(Objects.requireNonNull(roles, "'roles' must not be null"));
        Objects.requireNonNull(invitationStatus, "'invitationStatus' must not be null");
    }

    /**
     * Create a joined individual with an e-mail address and no roles.
     *
     * @param id the member's id
     * @param displayName the member's name
     * @param email the member's e-mail address
     * @return the member
     * @since 0.1.0
     */
    public static TeamMember individual(String id, String displayName, @Nullable String email) {
        return new TeamMember(id, MemberKind.INDIVIDUAL, displayName, email, null, Set.of(), InvitationStatus.JOINED);
    }

    /**
     * Create an entity (a fund, a company) with an optional e-mail address.
     *
     * @param id the entity's id
     * @param displayName the entity's name
     * @param email the entity's e-mail address, or {@code null}
     * @return the member
     * @since 0.1.0
     */
    public static TeamMember entity(String id, String displayName, @Nullable String email) {
        return new TeamMember(id, MemberKind.ENTITY, displayName, email, null, Set.of(), InvitationStatus.JOINED);
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
     * Return a copy with other roles.
     *
     * @param newRoles the roles
     * @return the new member
     * @since 0.1.0
     */
    public TeamMember withRoles(Set<String> newRoles) {
        return new TeamMember(id, kind, displayName, email, title, newRoles, invitationStatus);
    }

    /**
     * Return a copy with another invitation status.
     *
     * @param status the status
     * @return the new member
     * @since 0.1.0
     */
    public TeamMember withInvitationStatus(InvitationStatus status) {
        return new TeamMember(id, kind, displayName, email, title, roles, status);
    }

    /**
     * Return a copy with another title.
     *
     * @param newTitle the title
     * @return the new member
     * @since 0.1.0
     */
    public TeamMember withTitle(@Nullable String newTitle) {
        return new TeamMember(id, kind, displayName, email, newTitle, roles, invitationStatus);
    }

    /**
     * Return the component {@code email}: the member's e-mail address, or {@code null} if Equa has none (such a member
     * cannot be matched).
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #emailIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String email() {
        return email;
    }

    /**
     * Return the member's title, if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> titleIfAny() {
        return Optional.ofNullable(title);
    }

    /**
     * Return the component {@code title}: the member's title, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #titleIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String title() {
        return title;
    }
}
