package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One direct member of the linked group.
 *
 * <p>User properties are {@code null} for members of other types, and also for users when the app lacks
 * {@code User.ReadBasic.All} (Graph then returns only the id and type).
 *
 * @param id the member's directory object id
 * @param type the kind of object
 * @param displayName its display name, or {@code null}
 * @param mail a user's (or contact's, or group's) e-mail address, or {@code null}
 * @param userPrincipalName a user's sign-in name, or {@code null}
 * @param guest for a user: whether it is a guest ({@code userType} Guest); {@code null} when not known
 * @param accountEnabled for a user: whether the account can sign in; {@code null} when not known
 * @param owner whether the member is also an owner of the group
 * @since 0.1.0
 */
public record GroupMember(
        String id,
        MemberType type,
        @Nullable String displayName,
        @Nullable String mail,
        @Nullable String userPrincipalName,
        @Nullable Boolean guest,
        @Nullable Boolean accountEnabled,
        boolean owner) {

    /**
     * Reject nulls in the required components.
     *
     * @param id the member's directory object id
     * @param type the kind of object
     * @param displayName its display name, or {@code null}
     * @param mail a user's (or contact's, or group's) e-mail address, or {@code null}
     * @param userPrincipalName a user's sign-in name, or {@code null}
     * @param guest for a user: whether it is a guest ({@code userType} Guest); {@code null} when not known
     * @param accountEnabled for a user: whether the account can sign in; {@code null} when not known
     * @param owner whether the member is also an owner of the group
     */
    public GroupMember {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
    }

    /**
     * Tell whether the member is a user.
     *
     * @return true for a user
     * @since 0.1.0
     */
    public boolean isUser() {
        return type == MemberType.USER;
    }

    /**
     * Return the e-mail address, if known.
     *
     * @return the address
     * @since 0.1.0
     */
    public Optional<String> mailIfAny() {
        return Optional.ofNullable(mail);
    }

    /**
     * Return the user principal name, if known.
     *
     * @return the UPN
     * @since 0.1.0
     */
    public Optional<String> userPrincipalNameIfAny() {
        return Optional.ofNullable(userPrincipalName);
    }

    /**
     * Return the display name, if known.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> displayNameIfAny() {
        return Optional.ofNullable(displayName);
    }

    /**
     * Return the component {@code displayName}: its display name, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #displayNameIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String displayName() {
        return displayName;
    }

    /**
     * Return the component {@code mail}: a user's (or contact's, or group's) e-mail address, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #mailIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String mail() {
        return mail;
    }

    /**
     * Return the component {@code userPrincipalName}: a user's sign-in name, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #userPrincipalNameIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String userPrincipalName() {
        return userPrincipalName;
    }

    /**
     * Return, for a user, whether it is a guest ({@code userType} Guest), if known.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<Boolean> guestIfAny() {
        return Optional.ofNullable(guest);
    }

    /**
     * Return the component {@code guest}: for a user: whether it is a guest ({@code userType} Guest); {@code null} when
     * not known.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #guestIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable Boolean guest() {
        return guest;
    }

    /**
     * Return, for a user, whether the account can sign in, if known.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<Boolean> accountEnabledIfAny() {
        return Optional.ofNullable(accountEnabled);
    }

    /**
     * Return the component {@code accountEnabled}: for a user: whether the account can sign in; {@code null} when not
     * known.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #accountEnabledIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable Boolean accountEnabled() {
        return accountEnabled;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
