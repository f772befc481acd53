package cc.equa.msgraph.testkit;

import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.Sleeper;
import cc.equa.msgraph.testkit.internal.Engine;
import cc.equa.msgraph.testkit.internal.TenantState;
import cc.equa.msgraph.testkit.internal.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A fake Microsoft Graph tenant: an HTTPS server on {@code 127.0.0.1} that plays the Entra ID token endpoint
 * ({@code /{tenant}/oauth2/v2.0/token}, discovery, JWKS) and a stateful subset of Graph v1.0, so that the real Graph
 * Java SDK and azure-identity can run against it.
 *
 * <pre>{@code
 * try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
 *     FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All", "User.Read.All").build());
 *     FakeGroup board = fake.directory().addGroup("Board");
 *     // point the client at fake.cloud(), trusting fake.caCertificate()
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe. Each has its own CA, port, tenants and state, so tests may run in parallel.
 *
 * @since 0.1.0
 */
public final class FakeGraphTenant implements AutoCloseable {
    private final Engine engine;
    private final Faults faults;
    private final RequestJournal journal;
    private volatile boolean started;
    private volatile boolean closed;

    private FakeGraphTenant(Builder b) {
        VirtualClock vc = b.virtualStart != null ? new VirtualClock(b.virtualStart) : null;
        Clock clock = vc != null ? vc : b.clock;
        FakeTenantInfo info = b.defaultTenant != null ? b.defaultTenant
                : new FakeTenantInfo(UUID.randomUUID().toString(), "contoso.onmicrosoft.com");
        this.engine = new Engine(b.port, clock, vc, b.writeQuota, b.replicationDelay, info);
        engine.hostility(b.hostility);
        this.faults = new Faults(engine.faults());
        this.journal = new RequestJournal(engine);
    }

    /**
     * Start a fake with the defaults: random port, real clock, Graph's write quota, no replication delay.
     *
     * @return the running fake
     * @throws UncheckedIOException if the port can't be bound
     * <p>(Java can't have a static and an instance {@code start()} side by side, hence the name.)
     *
     * @since 0.1.0
     */
    public static FakeGraphTenant startNew() {
        return builder().build().start();
    }

    /**
     * Start describing a fake.
     *
     * @return a builder
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Bind the port and start serving. Calling it again does nothing.
     *
     * @return this fake
     * @throws UncheckedIOException if the port can't be bound
     * @throws IllegalStateException if the fake was closed
     * @since 0.1.0
     */
    public synchronized FakeGraphTenant start() {
        if (closed) {
            throw new IllegalStateException("This FakeGraphTenant is closed");
        }
        if (!started) {
            try {
                engine.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the fake Graph tenant", e);
            }
            started = true;
        }
        return this;
    }

    /**
     * Stop serving and release the port.
     *
     * @since 0.1.0
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (started) {
                engine.close();
            }
        }
    }

    private void requireStarted() {
        if (!started || closed) {
            throw new IllegalStateException("The FakeGraphTenant is not running; call start() first");
        }
    }

    /**
     * Return the port the fake listens on.
     *
     * @return the port
     * @since 0.1.0
     */
    public int port() {
        requireStarted();
        return engine.port();
    }

    /**
     * Return the authority host, {@code https://localhost:PORT/}, for azure-identity's {@code authorityHost}.
     *
     * @return the authority host
     * @since 0.1.0
     */
    public URI authorityHost() {
        requireStarted();
        return URI.create(engine.authority());
    }

    /**
     * Return the Graph root without version, {@code https://localhost:PORT}; the SDK's base URL is this plus
     * {@code /v1.0}.
     *
     * @return the Graph endpoint
     * @since 0.1.0
     */
    public URI graphEndpoint() {
        requireStarted();
        return URI.create(engine.graphRoot());
    }

    /**
     * Return the fake as a {@link MicrosoftCloud} named {@code fake}.
     *
     * @return the cloud
     * @since 0.1.0
     */
    public MicrosoftCloud cloud() {
        return MicrosoftCloud.custom("fake", authorityHost(), graphEndpoint());
    }

    /**
     * Return a {@link MicrosoftIntegration} builder pre-wired for this fake: its {@link #cloud()}, trust in its
     * {@link #caCertificate()}, and its {@link #clock()} and {@link #sleeper()} (so Retry-After waits cost no real
     * time on virtual time). The caller still sets the settings store, team directory and so on.
     *
     * @return the builder
     * @since 0.1.0
     */
    public MicrosoftIntegration.Builder integrationBuilder() {
        return MicrosoftIntegration.builder().cloud(cloud()).trustCertificates(List.of(caCertificate()))
                .clock(clock()).sleeper(sleeper());
    }

    /**
     * Return the per-run CA certificate that signed the fake's server certificate; clients must trust it.
     *
     * @return the CA certificate
     * @since 0.1.0
     */
    public X509Certificate caCertificate() {
        return engine.caCertificate();
    }

    /**
     * Return the CA certificate in PEM form.
     *
     * @return the PEM text
     * @since 0.1.0
     */
    public String caCertificatePem() {
        return engine.caCertificatePem();
    }

    /**
     * Return the default tenant.
     *
     * @return the default tenant
     * @since 0.1.0
     */
    public FakeTenantInfo defaultTenant() {
        return engine.defaultTenant();
    }

    /**
     * Add another tenant with a random id.
     *
     * @param domain its initial domain, such as {@code fabrikam.onmicrosoft.com}
     * @return the tenant
     * @since 0.1.0
     */
    public FakeTenantInfo addTenant(String domain) {
        return addTenant(FakeTenantInfo.withDomain(domain));
    }

    /**
     * Add another tenant.
     *
     * @param tenant the tenant
     * @return the tenant
     * @throws IllegalArgumentException if its id or domain is taken
     * @since 0.1.0
     */
    public FakeTenantInfo addTenant(FakeTenantInfo tenant) {
        return engine.addTenant(tenant).info;
    }

    /**
     * Return all tenants.
     *
     * @return the tenants
     * @since 0.1.0
     */
    public List<FakeTenantInfo> tenants() {
        return engine.tenants().stream().map(t -> t.info).toList();
    }

    /**
     * Register an app (and its service principal) in a tenant.
     *
     * @param registration what to register
     * @return the app with its credentials
     * @throws IllegalArgumentException if the tenant is unknown or the client id taken
     * @since 0.1.0
     */
    public FakeApp registerApp(AppRegistration registration) {
        TenantState t = engine.tenant(registration.tenantId().orElse(defaultTenant().tenantId()));
        List<TenantState.Secret> secrets = registration.secrets().stream()
                .map(s -> new TenantState.Secret(s.value(), s.expires().orElse(null))).toList();
        TenantState.AppState a = engine.registerApp(t, registration.clientId(), secrets, registration.roles(),
                registration.adminConsent());
        synchronized (t.lock) {
            a.certificates.addAll(registration.certificates());
            registration.federatedCredentials().forEach(f -> a.federated.add(
                    new TenantState.Federated(f.issuer(), f.subject(), f.audience())));
        }
        return new FakeApp(t.info.tenantId(), registration.clientId(), secrets.get(0).value(), registration.roles(),
                registration.adminConsent(), a.servicePrincipalId);
    }

    /**
     * Grant (or revoke) admin consent for an app's roles. Tokens issued before keep their claims until they expire,
     * as in Entra ID.
     *
     * @param app the app
     * @param granted whether consent is granted
     * @since 0.1.0
     */
    public void adminConsent(FakeApp app, boolean granted) {
        TenantState t = engine.tenant(app.tenantId());
        synchronized (t.lock) {
            TenantState.AppState a = t.apps.get(app.clientId().toLowerCase(java.util.Locale.ROOT));
            if (a == null) {
                throw new IllegalArgumentException("No app " + app.clientId());
            }
            a.adminConsent = granted;
        }
    }

    /**
     * Return the default tenant's directory.
     *
     * @return the directory
     * @since 0.1.0
     */
    public FakeDirectory directory() {
        return new FakeDirectory(engine.tenant(defaultTenant().tenantId()));
    }

    /**
     * Return a tenant's directory.
     *
     * @param tenantIdOrDomain the tenant
     * @return the directory
     * @throws IllegalArgumentException if there is no such tenant
     * @since 0.1.0
     */
    public FakeDirectory directory(String tenantIdOrDomain) {
        return new FakeDirectory(engine.tenant(tenantIdOrDomain));
    }

    /**
     * Return the request journal.
     *
     * @return the journal
     * @since 0.1.0
     */
    public RequestJournal journal() {
        return journal;
    }

    /**
     * Return the client violations recorded so far (directory-object deletes, retries before Retry-After).
     *
     * @return the violations, oldest first
     * @since 0.1.0
     */
    public List<Violation> violations() {
        return engine.violations();
    }

    /**
     * Return the fault plan.
     *
     * @return the faults
     * @since 0.1.0
     */
    public Faults faults() {
        return faults;
    }

    /**
     * Change the write quota (and forget the writes counted so far).
     *
     * @param quota the quota
     * @since 0.1.0
     */
    public void writeQuota(WriteQuota quota) {
        engine.throttle().quota(Objects.requireNonNull(quota));
    }

    /**
     * Change the replication delay for groups created from now on.
     *
     * @param delay the delay
     * @since 0.1.0
     */
    public void replicationDelay(ReplicationDelay delay) {
        engine.replication(Objects.requireNonNull(delay));
    }

    /**
     * Switch the pessimistic behaviours from now on (see {@link Hostility}); the random choices restart from its
     * seed. Tokens already issued keep their lifetime.
     *
     * @param hostility the behaviours
     * @since 0.2.0
     */
    public void hostility(Hostility hostility) {
        engine.hostility(Objects.requireNonNull(hostility));
    }

    /**
     * Return the pessimistic behaviours in force.
     *
     * @return the hostility ({@link Hostility#DEFAULT} unless set)
     * @since 0.2.0
     */
    public Hostility hostility() {
        return engine.hostility();
    }

    /**
     * Return the fake's clock (token lifetimes, secret expiry, Retry-After, throttling windows).
     *
     * @return the clock
     * @since 0.1.0
     */
    public Clock clock() {
        return engine.clock();
    }

    /**
     * Whether the fake runs on virtual time.
     *
     * @return true with {@link Builder#virtualTime()}
     * @since 0.1.0
     */
    public boolean virtualTime() {
        return engine.virtualClock() != null;
    }

    /**
     * Return a sleeper for the client under test: with virtual time it advances the fake's clock instead of sleeping;
     * otherwise it really sleeps.
     *
     * @return the sleeper
     * @since 0.1.0
     */
    public Sleeper sleeper() {
        VirtualClock vc = engine.virtualClock();
        if (vc == null) {
            return Sleeper.system();
        }
        return d -> {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (!d.isNegative()) {
                vc.advance(d);
            }
        };
    }

    /**
     * Move virtual time forward.
     *
     * @param duration how far
     * @throws IllegalStateException without virtual time
     * @since 0.1.0
     */
    public void advanceTime(Duration duration) {
        VirtualClock vc = engine.virtualClock();
        if (vc == null) {
            throw new IllegalStateException("advanceTime needs FakeGraphTenant.builder().virtualTime()");
        }
        vc.advance(duration);
    }

    /**
     * Reset the state between tests: empty every tenant's directory, clear the journal, the violations, the fault
     * plan and the throttling counters. Tenants and app registrations stay, so credentials keep working.
     *
     * @since 0.1.0
     */
    public void reset() {
        for (TenantState t : engine.tenants()) {
            synchronized (t.lock) {
                t.clearDirectory();
            }
        }
        engine.clearJournal();
        engine.clearViolations();
        engine.faults().clear();
        engine.throttle().reset();
    }

    /**
     * Describe the fake.
     *
     * @return a description with its URL
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return "FakeGraphTenant[" + (started && !closed ? engine.graphRoot() : closed ? "closed" : "not started")
                + ", tenant=" + defaultTenant().domain() + "]";
    }

    Engine engine() {
        return engine;
    }

    /**
     * Builds a {@link FakeGraphTenant}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int port;
        private Clock clock = Clock.systemUTC();
        private @Nullable Instant virtualStart;
        private WriteQuota writeQuota = WriteQuota.GRAPH;
        private ReplicationDelay replicationDelay = ReplicationDelay.NONE;
        private @Nullable FakeTenantInfo defaultTenant;
        private Hostility hostility = Hostility.DEFAULT;

        private Builder() {
        }

        /**
         * Set the pessimistic behaviours; {@link Hostility#DEFAULT} (fast and simple) by default.
         *
         * @param hostility the behaviours
         * @return this builder
         * @since 0.2.0
         */
        public Builder hostility(Hostility hostility) {
            this.hostility = Objects.requireNonNull(hostility);
            return this;
        }

        /**
         * Behave like a real tenant at its least forgiving: {@link Hostility#realistic(long)} with seed 1.
         *
         * @return this builder
         * @since 0.2.0
         */
        public Builder realistic() {
            return hostility(Hostility.realistic(1));
        }

        /**
         * Behave like a real tenant at its least forgiving, with the random choices drawn from this seed.
         *
         * @param seed the seed
         * @return this builder
         * @since 0.2.0
         */
        public Builder realistic(long seed) {
            return hostility(Hostility.realistic(seed));
        }

        /**
         * Listen on this port (0, the default, picks a free one).
         *
         * @param port the port
         * @return this builder
         * @since 0.1.0
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Use this clock (the system UTC clock by default).
         *
         * @param clock the clock
         * @return this builder
         * @since 0.1.0
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            this.virtualStart = null;
            return this;
        }

        /**
         * Run on virtual time starting now: the clock moves only through {@link FakeGraphTenant#sleeper()} and
         * {@link FakeGraphTenant#advanceTime}.
         *
         * @return this builder
         * @since 0.1.0
         */
        public Builder virtualTime() {
            return virtualTime(Instant.now());
        }

        /**
         * Run on virtual time starting at an instant.
         *
         * @param start the initial time
         * @return this builder
         * @since 0.1.0
         */
        public Builder virtualTime(Instant start) {
            this.virtualStart = Objects.requireNonNull(start);
            return this;
        }

        /**
         * Set the write quota; {@link WriteQuota#GRAPH} by default.
         *
         * @param quota the quota
         * @return this builder
         * @since 0.1.0
         */
        public Builder writeQuota(WriteQuota quota) {
            this.writeQuota = Objects.requireNonNull(quota);
            return this;
        }

        /**
         * Set the replication delay for new groups; {@link ReplicationDelay#NONE} by default.
         *
         * @param delay the delay
         * @return this builder
         * @since 0.1.0
         */
        public Builder replicationDelay(ReplicationDelay delay) {
            this.replicationDelay = Objects.requireNonNull(delay);
            return this;
        }

        /**
         * Set the default tenant (a random id and {@code contoso.onmicrosoft.com} otherwise).
         *
         * @param tenant the tenant
         * @return this builder
         * @since 0.1.0
         */
        public Builder defaultTenant(FakeTenantInfo tenant) {
            this.defaultTenant = Objects.requireNonNull(tenant);
            return this;
        }

        /**
         * Build the fake (not started).
         *
         * @return the fake
         * @since 0.1.0
         */
        public FakeGraphTenant build() {
            return new FakeGraphTenant(this);
        }

        /**
         * Build and start the fake.
         *
         * @return the running fake
         * @since 0.1.0
         */
        public FakeGraphTenant start() {
            return build().start();
        }
    }
}
