package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.ReplicationDelay;
import cc.equa.msgraph.testkit.Violation;
import cc.equa.msgraph.testkit.WriteQuota;
import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake's server: an HTTPS MockWebServer whose dispatcher runs every request through the same stages (see
 * {@link #dispatch}), holds the tenants and their registered apps, and keeps the journal and the violations.
 * Identity endpoints are answered by {@link IdentityEndpoints}, {@code $batch} by {@link BatchRunner}, Graph resources
 * by the {@link GraphRouter}; {@link WireResponse} renders the result.
 */
public final class Engine extends Dispatcher implements GraphContext, Identity.Tenants {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    static {
        // MockWebServer logs every connection at INFO; the fake's own journal says what matters
        java.util.logging.Logger.getLogger(MockWebServer.class.getName()).setLevel(Level.WARNING);
    }

    /** The hosts a client that hard-codes Microsoft's URLs calls: the login aliases and Graph. */
    static final List<String> MICROSOFT_HOSTS = java.util.stream.Stream.concat(Identity.LOGIN_HOSTS.stream(),
            java.util.stream.Stream.of(GraphRequest.GRAPH_HOST)).toList();

    private final int requestedPort;
    private final Clock clock;
    private final @Nullable VirtualClock virtualClock;
    private final MockWebServer server = new MockWebServer();
    private final HeldCertificate ca;
    private final HeldCertificate serverCert;
    private final TokenService tokens = new TokenService();
    private final Map<String, TenantState> tenants = new ConcurrentHashMap<>();
    private final Map<String, String> domains = new ConcurrentHashMap<>();
    private final FaultEngine faults = new FaultEngine();
    private final Throttle throttle;
    private final Journal journal = new Journal();
    private final List<Violation> violations = new ArrayList<>();
    private final GraphRouter graph = new GraphRouter(this);
    private final FaultActions actions;
    private final GraphExecution execution;
    private final BatchRunner batches;
    private final IdentityEndpoints identity = new IdentityEndpoints(new Identity(tokens, this));
    private volatile ReplicationDelay replication;
    private volatile Hostility hostility = Hostility.DEFAULT;
    private java.util.Random random = new java.util.Random(Hostility.DEFAULT.seed());
    private final FakeTenantInfo defaultTenant;
    private volatile String root = "https://localhost:0";
    private volatile @Nullable HostsProxy proxy;

    public Engine(int port, Clock clock, @Nullable VirtualClock virtualClock, WriteQuota quota,
            ReplicationDelay replication, FakeTenantInfo defaultTenant) {
        this.requestedPort = port;
        this.clock = clock;
        this.virtualClock = virtualClock;
        this.throttle = new Throttle(quota);
        this.actions = new FaultActions(throttle, this);
        this.execution = new GraphExecution(this, tokens, tenants, throttle, graph);
        this.batches = new BatchRunner(this, faults, execution, actions, journal);
        this.replication = replication;
        this.defaultTenant = defaultTenant;
        this.ca = new HeldCertificate.Builder().certificateAuthority(0)
                .commonName("equa-msgraph-testkit CA " + UUID.randomUUID().toString().substring(0, 8)).build();
        HeldCertificate.Builder server = new HeldCertificate.Builder().signedBy(ca).commonName("localhost")
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1");
        // Microsoft's own host names too, so a client that hard-codes them can be routed here (hosts entry, proxy)
        // and trust the fake by its CA alone; the CA is new for every fake and trusted only by who opts in.
        MICROSOFT_HOSTS.forEach(server::addSubjectAlternativeName);
        this.serverCert = server.build();
        addTenant(defaultTenant);
    }

    public void start() throws IOException {
        HandshakeCertificates hc = new HandshakeCertificates.Builder().heldCertificate(serverCert, ca.certificate())
                .build();
        server.setServerSocketFactory(new NoDelayServerSocketFactory());
        server.useHttps(hc.sslSocketFactory(), false);
        server.setProtocols(List.of(Protocol.HTTP_1_1));
        server.setDispatcher(this);
        server.start(InetAddress.getByName("127.0.0.1"), requestedPort);
        root = "https://localhost:" + server.getPort();
        LOG.debug("Fake Graph tenant listening on {}", root);
    }

    /**
     * Also listen as an HTTPS proxy that routes Microsoft's hosts here (see {@link HostsProxy}).
     *
     * @param port the proxy's port on the loopback interface, 0 for any free one
     * @return the port it listens on
     */
    public synchronized int startProxy(int port) throws IOException {
        if (proxy == null) {
            proxy = new HostsProxy(port, port());
        }
        return proxy.port();
    }

    public void close() {
        try {
            HostsProxy p = proxy;
            if (p != null) {
                p.close();
            }
            server.shutdown();
        } catch (IOException e) {
            LOG.debug("shutdown failed", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public String caCertificatePem() {
        return ca.certificatePem();
    }

    public Clock clock() {
        return clock;
    }

    public @Nullable VirtualClock virtualClock() {
        return virtualClock;
    }

    public FaultEngine faults() {
        return faults;
    }

    public Throttle throttle() {
        return throttle;
    }

    public void replication(ReplicationDelay d) {
        this.replication = d;
    }

    public FakeTenantInfo defaultTenant() {
        return defaultTenant;
    }

    /** Switch the pessimistic behaviours; the random choices restart from the new seed. */
    public void hostility(Hostility h) {
        synchronized (this) {
            this.random = new java.util.Random(h.seed());
        }
        this.hostility = h;
        tokens.lifetimeSeconds(h.tokenLifetime().toSeconds());
    }

    // ------------------------------------------------------------------ tenants and apps

    public TenantState addTenant(FakeTenantInfo info) {
        if (domains.containsKey(info.domain()) || tenants.containsKey(info.tenantId())) {
            throw new IllegalArgumentException("A tenant with id " + info.tenantId() + " or domain " + info.domain()
                    + " already exists");
        }
        TenantState t = new TenantState(info);
        tenants.put(info.tenantId(), t);
        domains.put(info.domain(), info.tenantId());
        return t;
    }

    public TenantState tenant(String tenantIdOrDomain) {
        TenantState t = find(tenantIdOrDomain);
        if (t == null) {
            throw new IllegalArgumentException("No tenant " + tenantIdOrDomain + " in this fake");
        }
        return t;
    }

    /** A tenant by id or by domain: the authority path accepts both ({@code /{tenant}/oauth2/v2.0/token}). */
    @Override
    public @Nullable TenantState find(String idOrDomain) {
        String k = idOrDomain.toLowerCase(Locale.ROOT);
        TenantState t = tenants.get(k);
        if (t == null) {
            String id = domains.get(k);
            t = id == null ? null : tenants.get(id);
        }
        return t;
    }

    public List<TenantState> tenants() {
        return List.copyOf(tenants.values());
    }

    /**
     * Register an app in a tenant with its secrets and application roles. Its service principal is created with it,
     * as admin consent creates one in the consenting tenant: it is the object the app acts as, which it may read
     * without any role and may name as a group's owner.
     */
    public TenantState.AppState registerApp(TenantState t, String clientId, List<TenantState.Secret> secrets,
            List<String> roles, boolean consent) {
        synchronized (t.lock) {
            String k = clientId.toLowerCase(Locale.ROOT);
            if (t.apps.containsKey(k)) {
                throw new IllegalArgumentException("App " + clientId + " is already registered in " + t.info.domain());
            }
            TenantState.AppState a = new TenantState.AppState(k, UUID.randomUUID().toString());
            a.secrets.addAll(secrets);
            a.roles.addAll(roles);
            a.adminConsent = consent;
            t.apps.put(k, a);
            Entity sp = new Entity(a.servicePrincipalId, ObjectType.SERVICE_PRINCIPAL);
            sp.displayName = "app " + clientId;
            sp.appId = clientId;
            t.all.put(TenantState.key(sp.id), sp);
            return a;
        }
    }

    // ------------------------------------------------------------------ journal and violations

    public List<RecordedCall> journal() {
        return journal.snapshot();
    }

    public void clearJournal() {
        journal.clear();
    }

    public List<Violation> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    public void clearViolations() {
        synchronized (violations) {
            violations.clear();
        }
    }

    @Override
    public void violation(Violation.Kind kind, String appId, String method, String path, String message) {
        Violation v = new Violation(kind, appId, method, path, message, now());
        LOG.warn("Fake Graph tenant: client violation {} {} {}: {}", kind, method, path, message);
        synchronized (violations) {
            violations.add(v);
        }
    }

    // ------------------------------------------------------------------ GraphContext

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public String graphRoot() {
        return root;
    }

    @Override
    public ReplicationDelay replication() {
        return replication;
    }

    @Override
    public Hostility hostility() {
        return hostility;
    }

    @Override
    public synchronized boolean chance(double probability) {
        return probability > 0 && (probability >= 1 || random.nextDouble() < probability);
    }

    @Override
    public synchronized long draw(long bound) {
        return bound <= 0 ? 0 : (long) (random.nextDouble() * bound);
    }

    public String authority() {
        return root + "/";
    }

    // ------------------------------------------------------------------ dispatch

    /**
     * Every request goes through the same stages: classify (what it is for, from its path), identify the caller
     * (without validating anything yet), faults (the retry check, then a matching {@link FaultRule}), route (identity
     * endpoints, {@code $batch} or a Graph resource), journal, render. A bug in the fake answers 500 with the
     * exception, so a test sees it rather than a hang.
     */
    @Override
    public MockResponse dispatch(RecordedRequest rr) {
        try {
            Exchange x = Exchange.of(rr, now());
            if (x == null) {
                return new MockResponse().setResponseCode(400);
            }
            identifyCaller(x);
            MockResponse cut = applyFaults(x);
            if (cut != null) {
                return cut;
            }
            GraphResult result = x.result != null ? x.result : route(x);
            journal(x, result);
            return WireResponse.render(x, result);
        } catch (RuntimeException e) {
            LOG.error("Fake Graph tenant failed to handle {} {}", rr.getMethod(), rr.getPath(), e);
            return new MockResponse().setResponseCode(500).setBody("fake tenant error: " + e);
        }
    }

    /**
     * Who is calling, for the retry check and the journal: the token's claims read without validation (validation
     * comes when the request is executed, after faults, as a gateway fault hits before Graph authenticates), or the
     * token request's client id.
     */
    private static void identifyCaller(Exchange x) {
        if (x.kind == Exchange.Kind.GRAPH) {
            String[] peek = TokenService.peek(x.headers.get("Authorization"));
            if (peek != null) {
                x.app = peek[0];
                x.tenant = peek[1];
            }
        } else if (x.kind == Exchange.Kind.TOKEN) {
            x.app = Identity.parseForm(x.body).get("client_id");
        }
    }

    /**
     * The retry check, then the first matching fault rule. A cut connection ends the exchange here (journaled with
     * status -1); a canned answer becomes the result; latency is spent now. A {@code $batch} is not matched as a
     * whole: its items are.
     */
    private @Nullable MockResponse applyFaults(Exchange x) {
        x.retryKey = FaultActions.retryKey(x.app == null ? "?" : x.app, x.method, x.fullPath, x.url.encodedQuery(),
                x.kind == Exchange.Kind.TOKEN ? null : x.body);
        actions.checkEarly(x.retryKey, x.app, x.method, x.fullPath, x.now, null);
        FaultRule fault = faults.match(x.method, x.fullPath, false, x.kind == Exchange.Kind.GRAPH && !x.batch);
        if (fault == null) {
            return null;
        }
        x.fault = FaultActions.describe(fault);
        FaultActions.sleep(fault.latency().toMillis());
        x.dropAfter = fault.action() == FaultRule.Action.APPLY_THEN_DISCONNECT;
        switch (fault.action()) {
            case DISCONNECT, NO_RESPONSE -> {
                // journaled as before the stages were split: metadata requests show as OTHER, the body unfiltered
                RecordedCall.Kind kind = x.kind == Exchange.Kind.TOKEN ? RecordedCall.Kind.TOKEN
                        : x.kind == Exchange.Kind.GRAPH ? RecordedCall.Kind.GRAPH : RecordedCall.Kind.OTHER;
                journal.record(kind, x.method, x.fullPath, x.url, x.headers,
                        x.kind == Exchange.Kind.TOKEN ? null : x.body, -1, x.app, x.tenant, x.fault, x.now);
                return new MockResponse().setSocketPolicy(fault.action() == FaultRule.Action.DISCONNECT
                        ? SocketPolicy.DISCONNECT_AFTER_REQUEST : SocketPolicy.NO_RESPONSE);
            }
            case RESPOND -> x.result = actions.respond(fault, x.requestId, x.clientRequestId(), x.now, x.retryKey,
                    null);
            default -> {
                // DELAY was spent above; APPLY_THEN_DISCONNECT drops the response in render
            }
        }
        return null;
    }

    private GraphResult route(Exchange x) {
        return switch (x.kind) {
            case TOKEN, DISCOVERY, DISCOVERY_V1, KEYS, INSTANCE_DISCOVERY -> identity.answer(x, authority());
            case GRAPH -> {
                GraphRequest gr = new GraphRequest(x.method, x.url, x.headers, x.body.isEmpty() ? null : x.body,
                        x.requestId, false);
                yield x.batch ? batches.run(gr, x.now) : execution.execute(gr, null, x.retryKey, null);
            }
            case OTHER -> x.loginHost() ? loginNotFound(x) : GraphResult.error(404, "NotFound",
                    "The fake tenant doesn't serve " + x.fullPath, x.now, x.requestId, x.clientRequestId());
        };
    }

    /**
     * A path the fake does not serve on one of Microsoft's login hosts: 404 in the identity platform's error shape
     * (MSAL parses {@code error}/{@code error_description}, not Graph's envelope). Entra itself shows an HTML page
     * there (jenkinsci/azure-ad-plugin issue 325), so the code 900404 is the fake's own, named as such.
     */
    private static GraphResult loginNotFound(Exchange x) {
        Identity.Answer a = Identity.error(404, "invalid_request", 900404, "The fake tenant doesn't serve "
                + x.fullPath + " (not an Entra error code).", x.clientRequestId(), x.now, null, null);
        GraphResult r = new GraphResult(a.status(), a.body());
        r.headers.put("Content-Type", "application/json; charset=utf-8");
        return r;
    }

    private void journal(Exchange x, GraphResult result) {
        String fault = x.fault != null ? x.fault : result.fault;
        if (result.disconnect && fault == null) {
            fault = "apply then disconnect (in $batch)";
        }
        journal.record(x.journalKind(), x.method, x.fullPath, x.url, x.headers, x.journalBody(), result.status,
                x.app, x.tenant, fault, x.now);
    }
}
