package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A group in the organization's Microsoft 365 tenant, with the properties needed to choose, link and show it.
 *
 * @param id the group's directory object id (a GUID)
 * @param displayName its name (not unique)
 * @param description its description, or {@code null}
 * @param mailNickname its mail alias (the part before {@code @}), or {@code null}
 * @param mail its primary e-mail address, or {@code null}
 * @param visibility its visibility, or {@code null} when Graph did not say
 * @param groupTypes Graph's {@code groupTypes}, such as {@code ["Unified"]} (copied; never null)
 * @param securityEnabled whether it is a security group
 * @param mailEnabled whether it is mail-enabled
 * @param dynamic whether its membership is computed by a rule ({@code DynamicMembership} or a membership rule);
 *     such members cannot be added or removed
 * @param onPremisesSynced whether it is synchronized from an on-premises directory (read-only in the cloud)
 * @param createdAt when it was created, or {@code null}
 * @since 0.1.0
 */
public record GroupInfo(
        String id,
        String displayName,
        @Nullable String description,
        @Nullable String mailNickname,
        @Nullable String mail,
        @Nullable GroupVisibility visibility,
        List<String> groupTypes,
        boolean securityEnabled,
        boolean mailEnabled,
        boolean dynamic,
        boolean onPremisesSynced,
        @Nullable Instant createdAt) {

    /**
     * Reject nulls in the required components and copy the list.
     *
     * @param id the group's directory object id (a GUID)
     * @param displayName its name (not unique)
     * @param description its description, or {@code null}
     * @param mailNickname its mail alias (the part before {@code @}), or {@code null}
     * @param mail its primary e-mail address, or {@code null}
     * @param visibility its visibility, or {@code null} when Graph did not say
     * @param groupTypes Graph's {@code groupTypes}, such as {@code ["Unified"]} (copied; never null)
     * @param securityEnabled whether it is a security group
     * @param mailEnabled whether it is mail-enabled
     * @param dynamic whether its membership is computed by a rule ({@code DynamicMembership} or a membership rule); such members cannot be added or removed
     * @param onPremisesSynced whether it is synchronized from an on-premises directory (read-only in the cloud)
     * @param createdAt when it was created, or {@code null}
     */
    public GroupInfo {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(displayName, "'displayName' must not be null");
        groupTypes = List.copyOf(Objects.requireNonNull(groupTypes, "'groupTypes' must not be null"));
    }

    /**
     * Tell whether this is a Microsoft 365 group ({@code "Unified"} in {@code groupTypes}).
     *
     * @return true for a Microsoft 365 group
     * @since 0.1.0
     */
    public boolean unified() {
        return groupTypes.stream().anyMatch("Unified"::equalsIgnoreCase);
    }

    /**
     * Tell whether {@link OrganizationIntegration#linkGroup(String)} accepts this group with the default options:
     * a Microsoft 365 group whose membership is neither dynamic nor synchronized from on-premises.
     *
     * @return true if the group can be linked and managed
     * @since 0.1.0
     */
    public boolean linkable() {
        return unified() && !dynamic && !onPremisesSynced;
    }

    /**
     * Return the description, if any.
     *
     * @return the description
     * @since 0.1.0
     */
    public Optional<String> descriptionIfAny() {
        return Optional.ofNullable(description);
    }

    /**
     * Return the primary e-mail address, if any.
     *
     * @return the address
     * @since 0.1.0
     */
    public Optional<String> mailIfAny() {
        return Optional.ofNullable(mail);
    }

    /**
     * Return the component {@code description}: its description, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #descriptionIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String description() {
        return description;
    }

    /**
     * Return the mail alias (the part before {@code @}), if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> mailNicknameIfAny() {
        return Optional.ofNullable(mailNickname);
    }

    /**
     * Return the component {@code mailNickname}: its mail alias (the part before {@code @}), or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #mailNicknameIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String mailNickname() {
        return mailNickname;
    }

    /**
     * Return the component {@code mail}: its primary e-mail address, or {@code null}.
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
     * Return the visibility, if Graph said.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<GroupVisibility> visibilityIfAny() {
        return Optional.ofNullable(visibility);
    }

    /**
     * Return the component {@code visibility}: its visibility, or {@code null} when Graph did not say.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #visibilityIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable GroupVisibility visibility() {
        return visibility;
    }

    /**
     * Return when the group was created, if known.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<Instant> createdAtIfAny() {
        return Optional.ofNullable(createdAt);
    }

    /**
     * Return the component {@code createdAt}: when it was created, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #createdAtIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
