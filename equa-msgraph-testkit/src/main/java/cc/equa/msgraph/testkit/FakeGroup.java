package cc.equa.msgraph.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A group of the fake tenant.
 *
 * @param id the object id (a GUID)
 * @param displayName the display name (not unique)
 * @param description the description, if any
 * @param mailNickname the mail nickname (unique among Microsoft 365 groups)
 * @param mail the mail address, if mail-enabled
 * @param groupTypes {@code Unified} and/or {@code DynamicMembership}, or empty for a security group
 * @param mailEnabled whether the group is mail-enabled
 * @param securityEnabled whether the group is a security group
 * @param visibility {@code Public}, {@code Private} or {@code HiddenMembership}
 * @param onPremisesSyncEnabled whether the group is synced from on-premises AD
 * @param membershipRule the dynamic membership rule, if any
 * @param createdDateTime when the group was created (on the fake's clock for groups created through Graph)
 * @since 0.1.0
 */
public record FakeGroup(String id, String displayName, Optional<String> description, String mailNickname,
        Optional<String> mail, List<String> groupTypes, boolean mailEnabled, boolean securityEnabled,
        String visibility, boolean onPremisesSyncEnabled, Optional<String> membershipRule, Instant createdDateTime) {

    /**
     * Check and copy the values.
     *
     * @param id the object id (a GUID)
     * @param displayName the display name (not unique)
     * @param description the description, if any
     * @param mailNickname the mail nickname (unique among Microsoft 365 groups)
     * @param mail the mail address, if mail-enabled
     * @param groupTypes {@code Unified} and/or {@code DynamicMembership}, or empty for a security group
     * @param mailEnabled whether the group is mail-enabled
     * @param securityEnabled whether the group is a security group
     * @param visibility {@code Public}, {@code Private} or {@code HiddenMembership}
     * @param onPremisesSyncEnabled whether the group is synced from on-premises AD
     * @param membershipRule the dynamic membership rule, if any
     * @param createdDateTime when the group was created (on the fake's clock for groups created through Graph)
     */
    public FakeGroup {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(displayName, "'displayName' must not be null");
        Objects.requireNonNull(description, "'description' must not be null");
        Objects.requireNonNull(mailNickname, "'mailNickname' must not be null");
        Objects.requireNonNull(mail, "'mail' must not be null");
        Objects.requireNonNull(visibility, "'visibility' must not be null");
        Objects.requireNonNull(membershipRule, "'membershipRule' must not be null");
        Objects.requireNonNull(createdDateTime, "'createdDateTime' must not be null");
        groupTypes = List.copyOf(groupTypes);
    }

    /**
     * Whether this is a Microsoft 365 group ({@code groupTypes} contains {@code Unified}).
     *
     * @return true for a Microsoft 365 group
     * @since 0.1.0
     */
    public boolean unified() {
        return groupTypes.contains("Unified");
    }

    /**
     * Start describing a group: a Microsoft 365 group unless told otherwise.
     *
     * @param displayName the display name
     * @return a builder
     * @since 0.1.0
     */
    public static Builder builder(String displayName) {
        return new Builder(displayName);
    }

    /**
     * Builds a {@link FakeGroup}. The mail address is derived from the nickname and the tenant's domain when the
     * group is added.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private @Nullable String id;
        private final String displayName;
        private @Nullable String description;
        private @Nullable String mailNickname;
        private final List<String> groupTypes = new ArrayList<>(List.of("Unified"));
        private boolean mailEnabled = true;
        private boolean securityEnabled = false;
        private @Nullable String visibility;
        private boolean onPremisesSyncEnabled;
        private @Nullable String membershipRule;
        private Instant createdDateTime = Instant.parse("2024-01-01T00:00:00Z");

        private Builder(String displayName) {
            this.displayName = Objects.requireNonNull(displayName, "'displayName' must not be null");
        }

        /**
         * Set the object id; a random GUID by default.
         *
         * @param id a GUID
         * @return this builder
         * @since 0.1.0
         */
        public Builder id(String id) {
            this.id = UUID.fromString(id).toString();
            return this;
        }

        /**
         * Set the description.
         *
         * @param description the text
         * @return this builder
         * @since 0.1.0
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description);
            return this;
        }

        /**
         * Set the mail nickname; derived from the display name by default.
         *
         * @param mailNickname the nickname
         * @return this builder
         * @since 0.1.0
         */
        public Builder mailNickname(String mailNickname) {
            this.mailNickname = Objects.requireNonNull(mailNickname);
            return this;
        }

        /**
         * Make it a security group: no {@code Unified} type, not mail-enabled, security-enabled.
         *
         * @return this builder
         * @since 0.1.0
         */
        public Builder security() {
            groupTypes.remove("Unified");
            mailEnabled = false;
            securityEnabled = true;
            return this;
        }

        /**
         * Make membership dynamic with a rule (adds {@code DynamicMembership}).
         *
         * @param rule the membership rule
         * @return this builder
         * @since 0.1.0
         */
        public Builder dynamic(String rule) {
            if (!groupTypes.contains("DynamicMembership")) {
                groupTypes.add("DynamicMembership");
            }
            membershipRule = Objects.requireNonNull(rule);
            return this;
        }

        /**
         * Set whether the group is synced from on-premises AD (such groups can't be changed through Graph).
         *
         * @param synced the flag
         * @return this builder
         * @since 0.1.0
         */
        public Builder onPremisesSyncEnabled(boolean synced) {
            onPremisesSyncEnabled = synced;
            return this;
        }

        /**
         * Set the visibility; {@code Public} for Microsoft 365 groups and {@code Private} otherwise by default.
         *
         * @param visibility the visibility
         * @return this builder
         * @since 0.1.0
         */
        public Builder visibility(String visibility) {
            this.visibility = Objects.requireNonNull(visibility);
            return this;
        }

        /**
         * Set the creation time.
         *
         * @param created the instant
         * @return this builder
         * @since 0.1.0
         */
        public Builder createdDateTime(Instant created) {
            this.createdDateTime = Objects.requireNonNull(created);
            return this;
        }

        /**
         * Build the group. Its mail is set when it is added to a tenant.
         *
         * @return the group
         * @since 0.1.0
         */
        public FakeGroup build() {
            String nick = mailNickname != null ? mailNickname : displayName.replaceAll("[^A-Za-z0-9_-]", "");
            if (nick.isEmpty()) {
                nick = "group" + UUID.randomUUID().toString().substring(0, 8);
            }
            boolean unified = groupTypes.contains("Unified");
            return new FakeGroup(id != null ? id : UUID.randomUUID().toString(), displayName,
                    Optional.ofNullable(description), nick, Optional.empty(), groupTypes, mailEnabled,
                    securityEnabled, visibility != null ? visibility : unified ? "Public" : "Private",
                    onPremisesSyncEnabled, Optional.ofNullable(membershipRule), createdDateTime);
        }
    }
}
