package cc.equa.msgraph.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What to register with {@link FakeGraphTenant#registerApp}: an app's client id, its secrets (each with an optional
 * expiry), the application roles it asks for, and whether an admin consented to them.
 *
 * @param tenantId the tenant (id or domain) to register in; empty for the fake's default tenant
 * @param clientId the client id
 * @param secrets the secrets, the first being the one {@link FakeApp#clientSecret()} returns
 * @param roles the application roles, such as {@code Group.ReadWrite.All}
 * @param adminConsent whether the roles are granted; without consent tokens carry no {@code roles} claim
 * @since 0.1.0
 */
public record AppRegistration(Optional<String> tenantId, String clientId, List<SecretSpec> secrets,
        List<String> roles, boolean adminConsent) {

    /**
     * Check and copy the values.
     *
     * @param tenantId the tenant (id or domain) to register in; empty for the fake's default tenant
     * @param clientId the client id
     * @param secrets the secrets, the first being the one {@link FakeApp#clientSecret()} returns
     * @param roles the application roles, such as {@code Group.ReadWrite.All}
     * @param adminConsent whether the roles are granted; without consent tokens carry no {@code roles} claim
     */
    public AppRegistration {
        Objects.requireNonNull(tenantId);
        Objects.requireNonNull(clientId);
        secrets = List.copyOf(secrets);
        roles = List.copyOf(roles);
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("An app registration needs at least one secret");
        }
    }

    /**
     * A client secret and when it expires.
     *
     * @param value the secret value (test data)
     * @param expires when it stops working, on the fake's clock; empty for never
     * @since 0.1.0
     */
    public record SecretSpec(String value, Optional<Instant> expires) {

        /**
         * Check the values.
         *
         * @param value the secret value (test data)
         * @param expires when it stops working, on the fake's clock; empty for never
         */
        public SecretSpec {
            Objects.requireNonNull(value);
            Objects.requireNonNull(expires);
        }

        /**
         * Hide the value.
         *
         * @return a description without the secret
         * @since 0.1.0
         */
        @Override
        public String toString() {
            return "SecretSpec[expires=" + expires + "]";
        }
    }

    /**
     * Start a registration: random client id and secret, no roles, consent granted, default tenant.
     *
     * @return a builder
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link AppRegistration}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private @Nullable String tenantId;
        private String clientId = UUID.randomUUID().toString();
        private final List<SecretSpec> secrets = new ArrayList<>();
        private final List<String> roles = new ArrayList<>();
        private boolean adminConsent = true;

        private Builder() {
        }

        /**
         * Register in this tenant (id or domain) instead of the default one.
         *
         * @param tenantIdOrDomain the tenant
         * @return this builder
         * @since 0.1.0
         */
        public Builder tenant(String tenantIdOrDomain) {
            this.tenantId = Objects.requireNonNull(tenantIdOrDomain);
            return this;
        }

        /**
         * Register in this tenant instead of the default one.
         *
         * @param tenant the tenant
         * @return this builder
         * @since 0.1.0
         */
        public Builder tenant(FakeTenantInfo tenant) {
            return tenant(tenant.tenantId());
        }

        /**
         * Set the client id; a random GUID by default.
         *
         * @param clientId the id
         * @return this builder
         * @since 0.1.0
         */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId);
            return this;
        }

        /**
         * Add a secret that never expires. Without any, a random secret is generated.
         *
         * @param value the secret
         * @return this builder
         * @since 0.1.0
         */
        public Builder secret(String value) {
            secrets.add(new SecretSpec(value, Optional.empty()));
            return this;
        }

        /**
         * Add a secret that expires at an instant of the fake's clock.
         *
         * @param value the secret
         * @param expires when it stops working
         * @return this builder
         * @since 0.1.0
         */
        public Builder secret(String value, Instant expires) {
            secrets.add(new SecretSpec(value, Optional.of(expires)));
            return this;
        }

        /**
         * Add application roles (Graph application permissions).
         *
         * @param roles such as {@code Group.ReadWrite.All}
         * @return this builder
         * @since 0.1.0
         */
        public Builder roles(String... roles) {
            this.roles.addAll(List.of(roles));
            return this;
        }

        /**
         * Set whether an admin granted the roles; {@code true} by default.
         *
         * @param granted the flag
         * @return this builder
         * @since 0.1.0
         */
        public Builder adminConsent(boolean granted) {
            this.adminConsent = granted;
            return this;
        }

        /**
         * Build the registration.
         *
         * @return the registration
         * @since 0.1.0
         */
        public AppRegistration build() {
            List<SecretSpec> s = new ArrayList<>(secrets);
            if (s.isEmpty()) {
                s.add(new SecretSpec("fake~" + UUID.randomUUID().toString().replace("-", ""), Optional.empty()));
            }
            return new AppRegistration(Optional.ofNullable(tenantId), clientId, s, roles, adminConsent);
        }
    }
}
