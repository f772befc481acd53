package cc.equa.msgraph;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Microsoft 365 group to create with {@link OrganizationIntegration#createGroup(NewGroup)}. Immutable; start with
 * {@link #named(String)} and add what you need:
 *
 * <pre>{@code
 * org.createGroup(NewGroup.named("Acme Board")
 *         .description("Board members of Acme Inc.")
 *         .visibility(GroupVisibility.PRIVATE)
 *         .owners("admin@acme.onmicrosoft.com"));
 * }</pre>
 *
 * <p>Rules, checked before any network call: the name is 1–256 characters, the description at most 1,024, a
 * mail nickname 1–64 characters of {@code A-Z a-z 0-9 _ -}, owners (user ids, user principal names or e-mail
 * addresses) at most 20 including the app itself. Without an explicit mail nickname one is derived from the name and
 * made unique. The group always gets an owner: the named users and/or the app's own service principal — by default
 * the app when no user is named, because a group an app creates without an owner cannot be changed afterwards.
 *
 * @since 0.1.0
 */
public final class NewGroup {

    private final String displayName;
    private final @Nullable String description;
    private final @Nullable String mailNickname;
    private final @Nullable GroupVisibility visibility;
    private final List<String> owners;
    private final @Nullable Boolean appAsOwner;

    private NewGroup(String displayName, @Nullable String description, @Nullable String mailNickname,
            @Nullable GroupVisibility visibility, List<String> owners, @Nullable Boolean appAsOwner) {
        this.displayName = displayName;
        this.description = description;
        this.mailNickname = mailNickname;
        this.visibility = visibility;
        this.owners = owners;
        this.appAsOwner = appAsOwner;
    }

    /**
     * Start a group with a display name.
     *
     * @param displayName the name, 1–256 characters
     * @return the new group
     * @since 0.1.0
     */
    public static NewGroup named(String displayName) {
        return new NewGroup(Objects.requireNonNull(displayName, "'displayName' must not be null"), null, null, null,
                List.of(), null);
    }

    /**
     * Return a copy with a description.
     *
     * @param text the description, at most 1,024 characters
     * @return the new group
     * @since 0.1.0
     */
    public NewGroup description(String text) {
        return new NewGroup(displayName, Objects.requireNonNull(text, "'text' must not be null"), mailNickname,
                visibility, owners, appAsOwner);
    }

    /**
     * Return a copy with an explicit mail nickname (the e-mail alias). If it is taken the creation fails with
     * {@link ErrorKind#CONFLICT}; without one, a free nickname is derived from the name.
     *
     * @param nickname the nickname, 1–64 characters of {@code A-Z a-z 0-9 _ -}
     * @return the new group
     * @since 0.1.0
     */
    public NewGroup mailNickname(String nickname) {
        return new NewGroup(displayName, description, Objects.requireNonNull(nickname, "'nickname' must not be null"),
                visibility, owners, appAsOwner);
    }

    /**
     * Return a copy with a visibility (Graph's default is {@link GroupVisibility#PUBLIC}).
     *
     * @param v the visibility
     * @return the new group
     * @since 0.1.0
     */
    public NewGroup visibility(GroupVisibility v) {
        return new NewGroup(displayName, description, mailNickname, Objects.requireNonNull(v, "'v' must not be null"),
                owners, appAsOwner);
    }

    /**
     * Return a copy with these users as owners, replacing any named before.
     *
     * @param users user object ids, user principal names or e-mail addresses
     * @return the new group
     * @since 0.1.0
     */
    public NewGroup owners(String... users) {
        return owners(Arrays.asList(users));
    }

    /**
     * Return a copy with these users as owners, replacing any named before.
     *
     * @param users user object ids, user principal names or e-mail addresses
     * @return the new group
     * @since 0.1.0
     */
    public NewGroup owners(Collection<String> users) {
        Objects.requireNonNull(users, "'users' must not be null");
        users.forEach(u -> Objects.requireNonNull(u, "'users' must not contain null"));
        return new NewGroup(displayName, description, mailNickname, visibility, List.copyOf(users), appAsOwner);
    }

    /**
     * Return a copy saying whether the app's own service principal is made an owner too. By default it is made an
     * owner exactly when no user is named. Refusing it with no user named is rejected as invalid input.
     *
     * @param yes whether the app becomes an owner
     * @return the new group
     * @since 0.1.0
     */
    public NewGroup appAsOwner(boolean yes) {
        return new NewGroup(displayName, description, mailNickname, visibility, owners, yes);
    }

    /**
     * Return the display name.
     *
     * @return the name
     * @since 0.1.0
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Return the description, if set.
     *
     * @return the description
     * @since 0.1.0
     */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /**
     * Return the explicit mail nickname, if set.
     *
     * @return the nickname
     * @since 0.1.0
     */
    public Optional<String> mailNickname() {
        return Optional.ofNullable(mailNickname);
    }

    /**
     * Return the visibility, if set.
     *
     * @return the visibility
     * @since 0.1.0
     */
    public Optional<GroupVisibility> visibility() {
        return Optional.ofNullable(visibility);
    }

    /**
     * Return the named owners.
     *
     * @return the owners, as given
     * @since 0.1.0
     */
    public List<String> owners() {
        return owners;
    }

    /**
     * Tell whether the app's service principal becomes an owner (explicitly, or by default when no user is named).
     *
     * @return true if the app becomes an owner
     * @since 0.1.0
     */
    public boolean appAsOwner() {
        return appAsOwner != null ? appAsOwner : owners.isEmpty();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof NewGroup n && n.displayName.equals(displayName)
                && Objects.equals(n.description, description) && Objects.equals(n.mailNickname, mailNickname)
                && n.visibility == visibility && n.owners.equals(owners) && n.appAsOwner() == appAsOwner();
    }

    @Override
    public int hashCode() {
        return Objects.hash(displayName, description, mailNickname, visibility, owners, appAsOwner());
    }

    @Override
    public String toString() {
        return "NewGroup[displayName=" + displayName + ", mailNickname=" + mailNickname + ", visibility="
                + visibility + ", owners=" + owners + ", appAsOwner=" + appAsOwner() + "]";
    }
}
