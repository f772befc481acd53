package cc.equa.msgraph.testkit;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What to register with {@link FakeGraphTenant#registerApp}: an app's client id, its secrets (each with an optional
 * expiry), its certificates and federated credentials, the application roles it asks for, and whether an admin
 * consented to them.
 *
 * @param tenantId the tenant (id or domain) to register in; empty for the fake's default tenant
 * @param clientId the client id
 * @param secrets the secrets, the first being the one {@link FakeApp#clientSecret()} returns
 * @param roles the application roles, such as {@code Group.ReadWrite.All}
 * @param adminConsent whether the roles are granted; without consent tokens carry no {@code roles} claim
 * @param certificates certificates whose keys may sign a {@code client_assertion} (certificate credentials)
 * @param federatedCredentials trusted external tokens (workload identity federation)
 * @since 0.1.0
 */
public record AppRegistration(Optional<String> tenantId, String clientId, List<SecretSpec> secrets,
        List<String> roles, boolean adminConsent, List<X509Certificate> certificates,
        List<FederatedCredentialSpec> federatedCredentials) {

    /** The audience Entra ID expects in a federated token by default. */
    public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

    /**
     * Check and copy the values.
     *
     * @param tenantId the tenant (id or domain) to register in; empty for the fake's default tenant
     * @param clientId the client id
     * @param secrets the secrets, the first being the one {@link FakeApp#clientSecret()} returns
     * @param roles the application roles, such as {@code Group.ReadWrite.All}
     * @param adminConsent whether the roles are granted; without consent tokens carry no {@code roles} claim
     * @param certificates certificates whose keys may sign client assertions
     * @param federatedCredentials external identities the app trusts (workload identity federation)
     */
    public AppRegistration {
        Objects.requireNonNull(tenantId);
        Objects.requireNonNull(clientId);
        secrets = List.copyOf(secrets);
        roles = List.copyOf(roles);
        certificates = List.copyOf(certificates);
        federatedCredentials = List.copyOf(federatedCredentials);
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("An app registration needs at least one secret");
        }
    }

    /**
     * A registration with secrets only (the 0.1.0 shape).
     *
     * @param tenantId the tenant (id or domain) to register in; empty for the fake's default tenant
     * @param clientId the client id
     * @param secrets the secrets
     * @param roles the application roles
     * @param adminConsent whether the roles are granted
     * @since 0.1.0
     */
    public AppRegistration(Optional<String> tenantId, String clientId, List<SecretSpec> secrets, List<String> roles,
            boolean adminConsent) {
        this(tenantId, clientId, secrets, roles, adminConsent, List.of(), List.of());
    }

    /**
     * A federated identity credential: the app trusts tokens with this issuer, subject and audience (compared
     * case-sensitively, as Entra ID does since 2025).
     *
     * <p>Limitation of the fake: the external token's signature is <b>not</b> checked (Entra ID fetches the issuer's
     * OpenID configuration and keys); issuer, subject, audience and lifetime are.
     *
     * @param issuer the external issuer, such as {@code https://token.actions.githubusercontent.com}
     * @param subject the subject, such as {@code system:serviceaccount:ns:name}
     * @param audience the audience, {@value AppRegistration#TOKEN_EXCHANGE_AUDIENCE} by default
     * @since 0.1.0
     */
    public record FederatedCredentialSpec(String issuer, String subject, String audience) {

        /**
         * Check the values.
         *
         * @param issuer the external issuer
         * @param subject the subject
         * @param audience the audience
         */
        public FederatedCredentialSpec {
            Objects.requireNonNull(issuer, "'issuer' must not be null");
            Objects.requireNonNull(subject, "'subject' must not be null");
            Objects.requireNonNull(audience, "'audience' must not be null");
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
        private final List<X509Certificate> certificates = new ArrayList<>();
        private final List<FederatedCredentialSpec> federated = new ArrayList<>();
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
         * Add a certificate credential: a {@code client_assertion} JWT (RS256 or PS256) signed by the certificate's
         * private key, with its {@code x5t} or {@code x5t#S256} thumbprint in the header, is then accepted. The app
         * keeps a random secret too (unused unless a test reads {@link FakeApp#clientSecret()}).
         *
         * <pre>{@code
         * HeldCertificate held = new HeldCertificate.Builder().commonName("app").build();   // okhttp-tls
         * FakeApp app = fake.registerApp(AppRegistration.builder().certificate(held.certificate())
         *         .roles("Group.Read.All").build());
         * }</pre>
         *
         * @param certificate the certificate (its public key and validity window are used)
         * @return this builder
         * @since 0.1.0
         */
        public Builder certificate(X509Certificate certificate) {
            certificates.add(Objects.requireNonNull(certificate, "'certificate' must not be null"));
            return this;
        }

        /**
         * Trust external tokens with this issuer and subject and the audience
         * {@value AppRegistration#TOKEN_EXCHANGE_AUDIENCE} (workload identity federation).
         *
         * @param issuer the external issuer
         * @param subject the subject
         * @return this builder
         * @since 0.1.0
         */
        public Builder federatedCredential(String issuer, String subject) {
            return federatedCredential(issuer, subject, TOKEN_EXCHANGE_AUDIENCE);
        }

        /**
         * Trust external tokens with this issuer, subject and audience (workload identity federation).
         *
         * @param issuer the external issuer
         * @param subject the subject
         * @param audience the audience
         * @return this builder
         * @since 0.1.0
         */
        public Builder federatedCredential(String issuer, String subject, String audience) {
            federated.add(new FederatedCredentialSpec(issuer, subject, audience));
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
            return new AppRegistration(Optional.ofNullable(tenantId), clientId, s, roles, adminConsent, certificates,
                    federated);
        }
    }
}
