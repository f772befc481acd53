package cc.equa.msgraph.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user of the fake tenant.
 *
 * @param id the object id (a GUID)
 * @param displayName the display name
 * @param mail the primary mail address, if any
 * @param userPrincipalName the user principal name
 * @param otherMails additional mail addresses
 * @param proxyAddresses proxy addresses such as {@code SMTP:ann@contoso.com}
 * @param accountEnabled whether the account is enabled
 * @param userType {@code Member} or {@code Guest}
 * @since 0.1.0
 */
public record FakeUser(String id, String displayName, Optional<String> mail, String userPrincipalName,
        List<String> otherMails, List<String> proxyAddresses, boolean accountEnabled, String userType) {

    /**
     * Check and copy the values.
     *
     * @param id the object id (a GUID)
     * @param displayName the display name
     * @param mail the primary mail address, if any
     * @param userPrincipalName the user principal name
     * @param otherMails additional mail addresses
     * @param proxyAddresses proxy addresses such as {@code SMTP:ann@contoso.com}
     * @param accountEnabled whether the account is enabled
     * @param userType {@code Member} or {@code Guest}
     */
    public FakeUser {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(displayName, "'displayName' must not be null");
        Objects.requireNonNull(mail, "'mail' must not be null");
        Objects.requireNonNull(userPrincipalName, "'userPrincipalName' must not be null");
        Objects.requireNonNull(userType, "'userType' must not be null");
        otherMails = List.copyOf(otherMails);
        proxyAddresses = List.copyOf(proxyAddresses);
    }

    /**
     * Start describing a user. Only a mail or a user principal name is needed; the rest is derived.
     *
     * @return a builder
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link FakeUser}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private @Nullable String id;
        private @Nullable String displayName;
        private @Nullable String mail;
        private @Nullable String userPrincipalName;
        private final List<String> otherMails = new ArrayList<>();
        private final List<String> proxyAddresses = new ArrayList<>();
        private boolean accountEnabled = true;
        private String userType = "Member";

        private Builder() {
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
         * Set the display name; derived from the mail or UPN by default.
         *
         * @param displayName the name
         * @return this builder
         * @since 0.1.0
         */
        public Builder displayName(String displayName) {
            this.displayName = Objects.requireNonNull(displayName);
            return this;
        }

        /**
         * Set the primary mail address. Also adds {@code SMTP:mail} to the proxy addresses.
         *
         * @param mail the address
         * @return this builder
         * @since 0.1.0
         */
        public Builder mail(String mail) {
            this.mail = Objects.requireNonNull(mail);
            return this;
        }

        /**
         * Set the user principal name; the mail by default.
         *
         * @param userPrincipalName the UPN
         * @return this builder
         * @since 0.1.0
         */
        public Builder userPrincipalName(String userPrincipalName) {
            this.userPrincipalName = Objects.requireNonNull(userPrincipalName);
            return this;
        }

        /**
         * Add other mail addresses.
         *
         * @param addresses the addresses
         * @return this builder
         * @since 0.1.0
         */
        public Builder otherMails(String... addresses) {
            otherMails.addAll(List.of(addresses));
            return this;
        }

        /**
         * Add proxy addresses, such as {@code smtp:alias@contoso.com}.
         *
         * @param addresses the addresses
         * @return this builder
         * @since 0.1.0
         */
        public Builder proxyAddresses(String... addresses) {
            proxyAddresses.addAll(List.of(addresses));
            return this;
        }

        /**
         * Set whether the account is enabled; {@code true} by default.
         *
         * @param accountEnabled the flag
         * @return this builder
         * @since 0.1.0
         */
        public Builder accountEnabled(boolean accountEnabled) {
            this.accountEnabled = accountEnabled;
            return this;
        }

        /**
         * Make the user a guest ({@code userType = Guest}).
         *
         * @return this builder
         * @since 0.1.0
         */
        public Builder guest() {
            this.userType = "Guest";
            return this;
        }

        /**
         * Build the user.
         *
         * @return the user
         * @throws IllegalStateException if neither mail nor UPN is set
         * @since 0.1.0
         */
        public FakeUser build() {
            String upn = userPrincipalName != null ? userPrincipalName : mail;
            if (upn == null) {
                throw new IllegalStateException("A FakeUser needs a mail or a userPrincipalName");
            }
            String name = displayName != null ? displayName : upn.substring(0, Math.max(1, upn.indexOf('@')));
            List<String> proxies = new ArrayList<>(proxyAddresses);
            if (mail != null && proxies.stream().noneMatch(p -> p.startsWith("SMTP:"))) {
                proxies.add(0, "SMTP:" + mail);
            }
            return new FakeUser(id != null ? id : UUID.randomUUID().toString(), name, Optional.ofNullable(mail), upn,
                    otherMails, proxies, accountEnabled, userType);
        }
    }
}
