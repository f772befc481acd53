package cc.equa.msgraph;

import cc.equa.msgraph.internal.IntegrationConfig;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.plan.StoredPlanKeys;
import cc.equa.msgraph.spi.AuditSink;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.spi.TeamDirectory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of equa-msgraph: connects Equa organizations to Microsoft 365 through Microsoft Entra ID and
 * manages one Microsoft 365 group per organization.
 *
 * <p>Build one instance per application (it holds the HTTP connection pool and one cached credential per
 * organization), then work with an organization through {@link #organization(OrganizationId)}:
 *
 * <pre>{@code
 * MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
 *         .settings(settingsStore)          // SPI: where each organization's settings live
 *         .team(teamDirectory)              // SPI: who is on each organization's Equa team
 *         .build();                         // no network I/O yet
 *
 * OrganizationIntegration acme = microsoft.organization(OrganizationId.of("acme"));
 * ConnectionReport report = acme.connect(ClientSecretCredentials.of(tenantId, clientId, secret));
 * System.out.println(report.render());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Close the instance when the application stops.
 *
 * @since 0.1.0
 */
public final class MicrosoftIntegration implements AutoCloseable {

    private final IntegrationRuntime runtime;

    private MicrosoftIntegration(IntegrationRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Start building an integration.
     *
     * @return a new builder
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Work with one organization. Cheap: no I/O happens until an operation is called.
     *
     * @param organization the organization
     * @return the organization's handle
     * @since 0.1.0
     */
    public OrganizationIntegration organization(OrganizationId organization) {
        return new OrganizationIntegration(runtime, Objects.requireNonNull(organization, "'organization'"));
    }

    /**
     * Work with one organization, named by the host's id.
     *
     * @param organizationId the host's organization id
     * @return the organization's handle
     * @since 0.1.0
     */
    public OrganizationIntegration organization(String organizationId) {
        return organization(OrganizationId.of(organizationId));
    }

    /**
     * Return the cloud this integration talks to.
     *
     * @return the cloud
     * @since 0.1.0
     */
    public MicrosoftCloud cloud() {
        return runtime.config().cloud();
    }

    /**
     * Release connections and forget cached tokens.
     *
     * @since 0.1.0
     */
    @Override
    public void close() {
        runtime.close();
    }

    /**
     * Configure and build a {@link MicrosoftIntegration}. Setters are bare nouns; {@link #build()} checks everything
     * at once and does no network I/O.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private @Nullable SettingsStore settings;
        private @Nullable TeamDirectory team;
        private AuditSink audit = AuditSink.discarding();
        private MicrosoftCloud cloud = MicrosoftCloud.GLOBAL;
        private final List<X509Certificate> trusted = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Duration httpTimeout = Duration.ofSeconds(30);
        private int maxRetries = 6;
        private Duration maxRetryWait = Duration.ofMinutes(5);
        private int writesPerWindow = 3000;
        private Duration writeWindow = Duration.ofSeconds(150);
        private @Nullable PlanKeys planKeys;
        private @Nullable GraphRequestListener requestListener;

        private Builder() {
        }

        /**
         * Set where organizations' settings (credentials, linked group, sync state) are stored. Required.
         *
         * @param store the host's store
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder settings(SettingsStore store) {
            this.settings = Objects.requireNonNull(store, "'store' must not be null");
            return this;
        }

        /**
         * Set how organizations' Equa team members are looked up. Required for planning a sync.
         *
         * @param directory the host's directory
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder team(TeamDirectory directory) {
            this.team = Objects.requireNonNull(directory, "'directory' must not be null");
            return this;
        }

        /**
         * Set where audit events go. Default: discarded.
         *
         * @param sink the host's sink
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder audit(AuditSink sink) {
            this.audit = Objects.requireNonNull(sink, "'sink' must not be null");
            return this;
        }

        /**
         * Set the Microsoft cloud. Default: {@link MicrosoftCloud#GLOBAL}.
         *
         * @param microsoftCloud the cloud
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder cloud(MicrosoftCloud microsoftCloud) {
            this.cloud = Objects.requireNonNull(microsoftCloud, "'microsoftCloud' must not be null");
            return this;
        }

        /**
         * Trust these certificates <em>in addition to</em> the platform's trust store. For tests against a local fake
         * tenant only (the testkit sets this); certificate and host-name validation always stay on.
         *
         * @param certificates the extra trust anchors
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder trustCertificates(Collection<X509Certificate> certificates) {
            this.trusted.addAll(Objects.requireNonNull(certificates, "'certificates' must not be null"));
            return this;
        }

        /**
         * Set the clock used for token expiry, plans' timestamps and pacing. Default: the system UTC clock.
         *
         * @param c the clock
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "'c' must not be null");
            return this;
        }

        /**
         * Set how the library waits for Retry-After, backoff and pacing. Default: {@link Sleeper#system()}.
         *
         * @param s the sleeper
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "'s' must not be null");
            return this;
        }

        /**
         * Set the timeout of one HTTP request (connect, read, write). Default: 30 s.
         *
         * @param timeout the timeout, between 1 s and 10 min
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder httpTimeout(Duration timeout) {
            this.httpTimeout = Objects.requireNonNull(timeout, "'timeout' must not be null");
            return this;
        }

        /**
         * Set how often one request is retried on 429, 503, 504 and (for reads) transport failures, and the longest
         * total wait; a request inside {@code $batch} is retried also on 500, 502 and a lost answer. Default: 6
         * retries, 5 minutes.
         *
         * @param retries retries per request, 0 to 20
         * @param maxWait the longest total wait per request
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder retries(int retries, Duration maxWait) {
            this.maxRetries = retries;
            this.maxRetryWait = Objects.requireNonNull(maxWait, "'maxWait' must not be null");
            return this;
        }

        /**
         * Set the write quota the library paces membership changes to, so that it stays inside Graph's throttling
         * limits rather than hitting 429s. Default: Graph's documented 3,000 writes per 150 s per app and tenant.
         *
         * @param writes writes allowed per window
         * @param window the window
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder writeQuota(int writes, Duration window) {
            this.writesPerWindow = writes;
            this.writeWindow = Objects.requireNonNull(window, "'window' must not be null");
            return this;
        }

        /**
         * Set where the keys that authenticate sync plans come from (since 0.2.0). Default: one random 256-bit key
         * per organization, created on its first plan and kept in its settings through the {@link SettingsStore}
         * ({@link cc.equa.msgraph.spi.EncryptingSettingsStore} seals it), so every node sharing the store applies the
         * plans any node made. Supply keys to hold them elsewhere (a secrets vault) or to rotate them: see
         * {@link PlanKeys}.
         *
         * @param keys the host's key source
         * @return this builder for method chaining
         * @since 0.2.0
         */
        public Builder planKeys(PlanKeys keys) {
            this.planKeys = Objects.requireNonNull(keys, "'keys' must not be null");
            return this;
        }

        /**
         * Set who hears every request sent to Microsoft Graph (its method, resource template, status, time,
         * {@code $batch} items, whether it was a retry) and every throttling or backoff wait (since 0.2.0): for
         * metrics and traces, such as the scheduler module's Micrometer adapter
         * {@code cc.equa.msgraph.scheduler.micrometer.ObservationGraphRequestListener}. Default: nobody, and then no
         * hook is installed at all. A listener that throws never breaks a sync. Combine several listeners in one.
         *
         * @param listener the host's listener
         * @return this builder for method chaining
         * @since 0.2.0
         */
        public Builder requestListener(GraphRequestListener listener) {
            this.requestListener = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Check the configuration and build the integration. No network I/O happens.
         *
         * @return the integration
         * @throws InvalidInputException naming every invalid setting
         * @since 0.1.0
         */
        public MicrosoftIntegration build() {
            List<InvalidInputException.FieldProblem> problems = new ArrayList<>();
            if (settings == null) {
                problems.add(new InvalidInputException.FieldProblem("settings", "is required",
                        "Pass the host's SettingsStore to builder().settings(...)."));
            }
            if (httpTimeout.compareTo(Duration.ofSeconds(1)) < 0 || httpTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
                problems.add(new InvalidInputException.FieldProblem("httpTimeout", "must be between 1 s and 10 min",
                        "Use a timeout such as 30 seconds."));
            }
            if (maxRetries < 0 || maxRetries > 20) {
                problems.add(new InvalidInputException.FieldProblem("retries", "must be between 0 and 20",
                        "Use the default of 6 retries."));
            }
            if (maxRetryWait.isNegative()) {
                problems.add(new InvalidInputException.FieldProblem("retries", "the maximum wait must not be negative",
                        "Use a maximum wait such as 5 minutes."));
            }
            if (writesPerWindow < 1 || writeWindow.isNegative() || writeWindow.isZero()) {
                problems.add(new InvalidInputException.FieldProblem("writeQuota",
                        "needs at least one write per positive window", "Use Graph's 3,000 writes per 150 s."));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("Build the Microsoft integration", problems);
            }
            IntegrationConfig config = new IntegrationConfig(settings, team, audit, cloud, trusted, clock, sleeper,
                    httpTimeout, maxRetries, maxRetryWait, writesPerWindow, writeWindow,
                    planKeys == null ? new StoredPlanKeys(settings) : planKeys, requestListener);
            return new MicrosoftIntegration(new IntegrationRuntime(config));
        }
    }
}
