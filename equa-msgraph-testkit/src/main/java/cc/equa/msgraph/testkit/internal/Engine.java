package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.ReplicationDelay;
import cc.equa.msgraph.testkit.Violation;
import cc.equa.msgraph.testkit.WriteQuota;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import okhttp3.Headers;
import okhttp3.HttpUrl;
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

/** The fake's server: a MockWebServer dispatcher routing identity and Graph requests. */
public final class Engine extends Dispatcher implements GraphContext, Identity.Tenants {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Set<String> JOURNAL_HEADERS = Set.of("consistencylevel", "client-request-id",
            "retry-attempt", "content-type", "prefer", "user-agent", "x-ms-throttle-priority");

    static {
        java.util.logging.Logger.getLogger(MockWebServer.class.getName()).setLevel(Level.WARNING);
    }

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
    private final List<RecordedCall> journal = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final GraphRouter graph = new GraphRouter(this);
    private final Identity identity = new Identity(tokens, this);
    private volatile ReplicationDelay replication;
    private final FakeTenantInfo defaultTenant;
    private volatile String root = "https://localhost:0";

    public Engine(int port, Clock clock, @Nullable VirtualClock virtualClock, WriteQuota quota,
            ReplicationDelay replication, FakeTenantInfo defaultTenant) {
        this.requestedPort = port;
        this.clock = clock;
        this.virtualClock = virtualClock;
        this.throttle = new Throttle(quota);
        this.replication = replication;
        this.defaultTenant = defaultTenant;
        this.ca = new HeldCertificate.Builder().certificateAuthority(0)
                .commonName("equa-msgraph-testkit CA " + UUID.randomUUID().toString().substring(0, 8)).build();
        this.serverCert = new HeldCertificate.Builder().signedBy(ca).commonName("localhost")
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
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

    public void close() {
        try {
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
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    public void clearJournal() {
        synchronized (journal) {
            journal.clear();
        }
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

    private void record(RecordedCall c) {
        synchronized (journal) {
            journal.add(c);
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

    public String authority() {
        return root + "/";
    }

    // ------------------------------------------------------------------ dispatch

    @Override
    public MockResponse dispatch(RecordedRequest rr) {
        try {
            return doDispatch(rr);
        } catch (RuntimeException e) {
            LOG.error("Fake Graph tenant failed to handle {} {}", rr.getMethod(), rr.getPath(), e);
            return new MockResponse().setResponseCode(500).setBody("fake tenant error: " + e);
        }
    }

    /**
     * Keep only the non-secret fields of a token request form (grant type, scope, client id, assertion type), so tests can check
     * what was asked for; the secret, assertions and claims are never journaled.
     */
    static @org.jspecify.annotations.Nullable String sanitizedTokenForm(String body) {
        Map<String, String> form = Identity.parseForm(body);
        StringBuilder sb = new StringBuilder();
        for (String field : List.of("grant_type", "scope", "client_id", "client_assertion_type")) {
            String value = form.get(field);
            if (value != null) {
                sb.append(sb.length() == 0 ? "" : "&").append(field).append('=').append(value);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private enum Kind { TOKEN, DISCOVERY, KEYS, GRAPH, OTHER }

    private static Kind classify(List<String> s) {
        if (s.size() == 4 && s.get(1).equals("oauth2") && s.get(2).equals("v2.0") && s.get(3).equals("token")) {
            return Kind.TOKEN;
        }
        if (s.size() == 4 && s.get(1).equals("v2.0") && s.get(2).equals(".well-known")
                && s.get(3).equals("openid-configuration")) {
            return Kind.DISCOVERY;
        }
        if (s.size() == 4 && s.get(1).equals("discovery") && s.get(2).equals("v2.0") && s.get(3).equals("keys")) {
            return Kind.KEYS;
        }
        if (!s.isEmpty() && s.get(0).equals("v1.0")) {
            return Kind.GRAPH;
        }
        return Kind.OTHER;
    }

    private MockResponse doDispatch(RecordedRequest rr) {
        HttpUrl url = rr.getRequestUrl();
        String method = String.valueOf(rr.getMethod()).toUpperCase(Locale.ROOT);
        if (url == null) {
            return new MockResponse().setResponseCode(400);
        }
        List<String> segs = url.pathSegments();
        String fullPath = "/" + String.join("/", segs);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : rr.getHeaders().names()) {
            headers.put(name, rr.getHeaders().get(name));
        }
        String body = rr.getBody().readUtf8();
        String requestId = UUID.randomUUID().toString();
        Instant now = now();
        Kind kind = classify(segs);
        boolean isBatch = kind == Kind.GRAPH && segs.size() == 2 && segs.get(1).equals("$batch");

        String callerApp = null;
        String callerTenant = null;
        if (kind == Kind.GRAPH) {
            String[] peek = TokenService.peek(headers.get("Authorization"));
            if (peek != null) {
                callerApp = peek[0];
                callerTenant = peek[1];
            }
        } else if (kind == Kind.TOKEN) {
            callerApp = Identity.parseForm(body).get("client_id");
        }
        String key = retryKey(callerApp == null ? "?" : callerApp, method, fullPath, url.encodedQuery(),
                kind == Kind.TOKEN ? null : body);
        checkEarly(key, callerApp, method, fullPath, now, null);

        FaultRule fault = faults.match(method, fullPath, false, kind == Kind.GRAPH && !isBatch);
        long latencyMs = fault == null ? 0 : fault.latency().toMillis();
        GraphResult result = null;
        String faultText = null;
        boolean dropAfter = false;
        if (fault != null) {
            faultText = describe(fault);
            sleep(latencyMs);
            latencyMs = 0;
            dropAfter = fault.action() == FaultRule.Action.APPLY_THEN_DISCONNECT;
            if (fault.action() == FaultRule.Action.DISCONNECT || fault.action() == FaultRule.Action.NO_RESPONSE) {
                journal(kind == Kind.TOKEN ? RecordedCall.Kind.TOKEN : kind == Kind.GRAPH ? RecordedCall.Kind.GRAPH
                        : RecordedCall.Kind.OTHER, method, fullPath, url, headers, kind == Kind.TOKEN ? null : body,
                        -1, callerApp, callerTenant, faultText, now);
                return new MockResponse().setSocketPolicy(fault.action() == FaultRule.Action.DISCONNECT
                        ? SocketPolicy.DISCONNECT_AFTER_REQUEST : SocketPolicy.NO_RESPONSE);
            }
            if (fault.action() == FaultRule.Action.RESPOND) {
                result = faultResult(fault, requestId, headers.get("client-request-id"), now, key, null);
            }
        }
        RecordedCall.Kind jkind;
        String journalBody = body.isEmpty() ? null : body;
        switch (kind) {
            case TOKEN: {
                jkind = RecordedCall.Kind.TOKEN;
                journalBody = sanitizedTokenForm(body);
                if (result == null) {
                    Identity.Answer a = method.equals("POST")
                            ? identity.token(segs.get(0), body, headers.get("Authorization"),
                                    headers.get("client-request-id"), now, authority())
                            : Identity.error(405, "invalid_request", 900561, "The endpoint only accepts POST "
                                    + "requests.", headers.get("client-request-id"), now, null, null);
                    result = new GraphResult(a.status(), a.body());
                    result.headers.put("Content-Type", "application/json; charset=utf-8");
                    result.headers.put("Cache-Control", "no-store, no-cache");
                    callerApp = a.clientId();
                    callerTenant = a.tenantId();
                }
                break;
            }
            case DISCOVERY:
            case KEYS: {
                jkind = RecordedCall.Kind.METADATA;
                if (result == null) {
                    Identity.Answer a = kind == Kind.DISCOVERY
                            ? identity.discovery(segs.get(0), authority(), headers.get("client-request-id"), now)
                            : identity.keys(segs.get(0), headers.get("client-request-id"), now);
                    result = new GraphResult(a.status(), a.body());
                    result.headers.put("Content-Type", "application/json; charset=utf-8");
                    callerTenant = a.tenantId();
                }
                break;
            }
            case GRAPH: {
                jkind = RecordedCall.Kind.GRAPH;
                if (result == null) {
                    GraphRequest gr = new GraphRequest(method, url, headers, body.isEmpty() ? null : body, requestId,
                            false);
                    result = isBatch ? batch(gr, now) : executeGraph(gr, null, key, null);
                }
                break;
            }
            default:
                jkind = RecordedCall.Kind.OTHER;
                if (result == null) {
                    result = GraphResult.error(404, "NotFound", "The fake tenant doesn't serve " + fullPath, now,
                            requestId, headers.get("client-request-id"));
                }
        }
        if (result.fault != null && faultText == null) {
            faultText = result.fault;
        }
        if (result.disconnect && faultText == null) {
            faultText = "apply then disconnect (in $batch)";
        }
        journal(jkind, method, fullPath, url, headers, journalBody, result.status, callerApp, callerTenant,
                faultText, now);
        if (dropAfter || result.disconnect) {
            // the request was applied; the response is lost
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
        MockResponse resp = new MockResponse().setResponseCode(result.status);
        Headers.Builder hb = new Headers.Builder();
        result.headers.forEach(hb::add);
        if (kind != Kind.GRAPH && headers.get("client-request-id") != null) {
            hb.set("client-request-id", headers.get("client-request-id"));
        }
        if (kind == Kind.GRAPH) {
            if (!hasHeader(result, "request-id")) {
                hb.set("request-id", requestId);
            }
            String crid = headers.get("client-request-id");
            if (!hasHeader(result, "client-request-id")) {
                hb.set("client-request-id", crid != null ? crid : requestId);
            }
        }
        resp.setHeaders(hb.build());
        if (result.rawBody != null) {
            resp.setBody(result.rawBody);
        } else if (result.body != null) {
            resp.setBody(result.body.toString());
        }
        if (latencyMs > 0) {
            resp.setHeadersDelay(latencyMs, TimeUnit.MILLISECONDS);
        }
        return resp;
    }

    private static String describe(FaultRule f) {
        switch (f.action()) {
            case DISCONNECT:
                return "disconnect (" + f.pathPattern() + ")";
            case NO_RESPONSE:
                return "no response (" + f.pathPattern() + ")";
            case DELAY:
                return "latency " + f.latency().toMillis() + " ms (" + f.pathPattern() + ")";
            case APPLY_THEN_DISCONNECT:
                return "apply then disconnect (" + f.pathPattern() + ")";
            default:
                return "status " + f.status() + " (" + f.pathPattern() + ")";
        }
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean hasHeader(GraphResult r, String name) {
        return r.headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }

    /**
     * What identifies "the same request" for the retry-before-Retry-After check: the app, method, path, query and,
     * when there is one, a hash of the body (so different writes to one path are different requests).
     */
    static String retryKey(String app, String method, String path, @Nullable String query, @Nullable String body) {
        StringBuilder k = new StringBuilder(app).append(' ').append(method).append(' ').append(path);
        if (query != null && !query.isEmpty()) {
            k.append('?').append(query);
        }
        if (body != null && !body.isEmpty()) {
            try {
                byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                k.append(" #").append(java.util.HexFormat.of().formatHex(h, 0, 12));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return k.toString();
    }

    private void checkEarly(String key, @Nullable String app, String method, String path, Instant now,
            @Nullable Object batch) {
        Instant should = throttle.checkEarly(key, now, batch);
        if (should != null) {
            violation(Violation.Kind.RETRY_BEFORE_RETRY_AFTER, app == null ? "" : app, method, path,
                    "retried " + Duration.between(now, should).toMillis() + " ms before its Retry-After elapsed");
        }
    }

    private GraphResult faultResult(FaultRule f, String requestId, @Nullable String crid, Instant now, String key,
            @Nullable Object batch) {
        GraphResult r;
        if (f.body().isPresent()) {
            r = new GraphResult(f.status(), null);
            r.rawBody = f.body().get();
        } else {
            r = GraphResult.error(f.status(), f.code().orElse(FaultEngine.defaultCode(f.status())),
                    f.message().orElse(FaultEngine.defaultMessage(f.status())), now, requestId, crid);
        }
        if (f.retryAfter().isPresent()) {
            long secs = Math.max(0, (f.retryAfter().get().toMillis() + 999) / 1000);
            r.headers.put("Retry-After", String.valueOf(secs));
            throttle.toldToWait(key, now.plusSeconds(secs), batch);
        }
        f.headers().forEach((name, value) -> {
            r.headers.keySet().removeIf(name::equalsIgnoreCase);
            r.headers.put(name, value);
        });
        r.fault = describe(f);
        return r;
    }

    private GraphResult executeGraph(GraphRequest req, @Nullable Caller outer, String key, @Nullable Object batch) {
        Instant now = now();
        Caller caller;
        try {
            caller = outer != null ? outer
                    : tokens.validate(req.header("Authorization"), now, tid -> tenants.containsKey(tid));
        } catch (GraphException e) {
            GraphResult r = GraphResult.error(e.status, e.code, e.getMessage(), now, req.requestId,
                    req.clientRequestId());
            r.headers.put("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"" + authority()
                    + "common/oauth2/authorize\", client_id=\"" + TokenService.GRAPH_APP_ID + "\"");
            return r;
        }
        TenantState t = tenants.get(caller.tenantId());
        if (req.isWrite()) {
            Duration wait = throttle.write(caller.appId() + "|" + caller.tenantId(), now);
            if (wait != null) {
                long secs = Math.max(1, (wait.toMillis() + 999) / 1000);
                GraphResult r = GraphResult.error(429, "TooManyRequests", "Please retry again later.", now,
                        req.requestId, req.clientRequestId());
                r.headers.put("Retry-After", String.valueOf(secs));
                r.headers.put("x-ms-throttle-scope", "Tenant_Application/Write/" + caller.appId() + "/"
                        + caller.tenantId());
                r.headers.put("x-ms-throttle-information", "WriteLimitExceeded");
                r.fault = "throttled (write quota)";
                throttle.toldToWait(key, now.plusSeconds(secs), batch);
                return r;
            }
        }
        try {
            synchronized (t.lock) {
                return graph.handle(req, caller, t);
            }
        } catch (GraphException e) {
            return GraphResult.error(e.status, e.code, e.getMessage(), now, req.requestId, req.clientRequestId());
        }
    }

    // ------------------------------------------------------------------ $batch

    private GraphResult batch(GraphRequest outer, Instant now) {
        if (!outer.method.equals("POST")) {
            return GraphResult.error(405, "Request_BadRequest", "Specified HTTP method is not allowed for the "
                    + "request target.", now, outer.requestId, outer.clientRequestId());
        }
        Caller caller;
        try {
            caller = tokens.validate(outer.header("Authorization"), now, tid -> tenants.containsKey(tid));
        } catch (GraphException e) {
            return GraphResult.error(e.status, e.code, e.getMessage(), now, outer.requestId, outer.clientRequestId());
        }
        JsonArray requests;
        try {
            JsonObject b = JsonParser.parseString(outer.body == null ? "" : outer.body).getAsJsonObject();
            requests = b.getAsJsonArray("requests");
            if (requests == null) {
                throw new IllegalStateException();
            }
        } catch (RuntimeException e) {
            return GraphResult.error(400, "BadRequest", "Invalid batch payload format.", now, outer.requestId,
                    outer.clientRequestId());
        }
        if (requests.size() > 20) {
            return GraphResult.error(400, "BadRequest", "The number of requests in the batch exceeds 20.", now,
                    outer.requestId, outer.clientRequestId());
        }
        Map<String, JsonObject> items = new LinkedHashMap<>();
        for (JsonElement e : requests) {
            if (!e.isJsonObject()) {
                return GraphResult.error(400, "BadRequest", "Invalid batch payload format.", now, outer.requestId,
                        outer.clientRequestId());
            }
            JsonObject o = e.getAsJsonObject();
            if (!o.has("id") || !o.has("method") || !o.has("url")) {
                return GraphResult.error(400, "BadRequest", "Each batch request needs 'id', 'method' and 'url'.",
                        now, outer.requestId, outer.clientRequestId());
            }
            String id = o.get("id").getAsString();
            if (items.putIfAbsent(id.toLowerCase(Locale.ROOT), o) != null) {
                return GraphResult.error(400, "BadRequest", "Batch request contains duplicate request id '" + id
                        + "'.", now, outer.requestId, outer.clientRequestId());
            }
        }
        for (JsonObject o : items.values()) {
            for (String dep : dependsOn(o)) {
                if (!items.containsKey(dep.toLowerCase(Locale.ROOT))) {
                    return GraphResult.error(400, "BadRequest", "Request '" + o.get("id").getAsString()
                            + "' depends on an unknown request id '" + dep + "'.", now, outer.requestId,
                            outer.clientRequestId());
                }
            }
        }
        Map<String, Integer> status = new HashMap<>();
        List<JsonObject> responses = new ArrayList<>();
        BatchRun run = new BatchRun();
        Set<String> pending = new HashSet<>(items.keySet());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Map.Entry<String, JsonObject> en : items.entrySet()) {
                if (!pending.contains(en.getKey())) {
                    continue;
                }
                JsonObject o = en.getValue();
                List<String> deps = dependsOn(o);
                if (!deps.stream().allMatch(d -> status.containsKey(d.toLowerCase(Locale.ROOT)))) {
                    continue;
                }
                boolean depFailed = deps.stream().anyMatch(d -> {
                    int st = status.get(d.toLowerCase(Locale.ROOT));
                    return st < 200 || st >= 300;
                });
                GraphResult r = depFailed
                        ? GraphResult.error(424, "FailedDependency", "The request depends on a request that failed.",
                                now(), UUID.randomUUID().toString(), null)
                        : batchItem(o, caller, outer, run);
                status.put(en.getKey(), r.status);
                JsonObject resp = new JsonObject();
                resp.addProperty("id", o.get("id").getAsString());
                resp.addProperty("status", r.status);
                JsonObject h = new JsonObject();
                r.headers.forEach(h::addProperty);
                resp.add("headers", h);
                if (r.rawBody != null) {
                    resp.add("body", new com.google.gson.JsonPrimitive(r.rawBody));
                } else if (r.body != null) {
                    resp.add("body", r.body);
                }
                responses.add(resp);
                pending.remove(en.getKey());
                progress = true;
            }
            if (!progress) {
                return GraphResult.error(400, "BadRequest", "The dependsOn graph of the batch has a cycle.", now,
                        outer.requestId, outer.clientRequestId());
            }
        }
        JsonObject out = new JsonObject();
        JsonArray arr = new JsonArray();
        responses.forEach(arr::add);
        out.add("responses", arr);
        GraphResult r = GraphResult.ok(out);
        r.headers.put("Content-Type", "application/json; charset=utf-8");
        r.disconnect = run.dropResponse;
        return r;
    }

    /** One {@code $batch} being run: identifies its items for the retry check, collects a lost-response fault. */
    private static final class BatchRun {
        boolean dropResponse;
    }

    private static List<String> dependsOn(JsonObject o) {
        JsonElement d = o.get("dependsOn");
        List<String> out = new ArrayList<>();
        if (d != null && d.isJsonArray()) {
            d.getAsJsonArray().forEach(x -> out.add(x.getAsString()));
        }
        return out;
    }

    private GraphResult batchItem(JsonObject o, Caller caller, GraphRequest outer, BatchRun run) {
        Instant now = now();
        String requestId = UUID.randomUUID().toString();
        String method = o.get("method").getAsString().toUpperCase(Locale.ROOT);
        String rel = o.get("url").getAsString();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        JsonElement h = o.get("headers");
        if (h != null && h.isJsonObject()) {
            h.getAsJsonObject().entrySet().forEach(e -> headers.put(e.getKey(), e.getValue().getAsString()));
        }
        String crid = outer.clientRequestId();
        if (crid != null) {
            headers.putIfAbsent("client-request-id", crid);
        }
        JsonElement b = o.get("body");
        String body = b == null || b.isJsonNull() ? null : b.isJsonPrimitive() ? b.getAsString() : b.toString();
        if (rel.matches("(?i)^[a-z]+://.*")) {
            GraphResult r = GraphResult.error(400, "BadRequest", "Batch request URLs must be relative, got '" + rel
                    + "'.", now, requestId, crid);
            journalItem(method, rel, null, headers, body, r, caller, null, now);
            return r;
        }
        if (!rel.startsWith("/")) {
            rel = "/" + rel;
        }
        HttpUrl url = HttpUrl.parse(root + "/v1.0" + rel);
        if (url == null) {
            GraphResult r = GraphResult.error(400, "BadRequest", "Invalid batch request URL '" + rel + "'.", now,
                    requestId, crid);
            journalItem(method, rel, null, headers, body, r, caller, null, now);
            return r;
        }
        GraphRequest gr = new GraphRequest(method, url, headers, body, requestId, true);
        String fullPath = "/" + String.join("/", url.pathSegments());
        String key = retryKey(caller.appId(), method, fullPath, url.encodedQuery(), body);
        checkEarly(key, caller.appId(), method, fullPath, now, run);
        FaultRule fault = faults.match(method, fullPath, true, true);
        GraphResult r = null;
        String faultText = null;
        if (fault != null) {
            faultText = describe(fault);
            sleep(fault.latency().toMillis());
            if (fault.action() == FaultRule.Action.RESPOND) {
                r = faultResult(fault, requestId, crid, now, key, run);
            }
            if (fault.action() == FaultRule.Action.APPLY_THEN_DISCONNECT) {
                run.dropResponse = true;
            }
        }
        if (r == null) {
            r = executeGraph(gr, caller, key, run);
        }
        if (faultText == null) {
            faultText = r.fault;
        }
        journalItem(method, fullPath, url, headers, body, r, caller, faultText, now);
        return r;
    }

    private void journalItem(String method, String path, @Nullable HttpUrl url, Map<String, String> headers,
            @Nullable String body, GraphResult r, Caller caller, @Nullable String fault, Instant now) {
        journal(RecordedCall.Kind.BATCH_ITEM, method, path, url, headers, body, r.status, caller.appId(),
                caller.tenantId(), fault, now);
    }

    private void journal(RecordedCall.Kind kind, String method, String path, @Nullable HttpUrl url,
            Map<String, String> headers, @Nullable String body, int status, @Nullable String app,
            @Nullable String tenant, @Nullable String fault, Instant now) {
        StringBuilder q = new StringBuilder();
        if (url != null) {
            for (int i = 0; i < url.querySize(); i++) {
                if (q.length() > 0) {
                    q.append('&');
                }
                q.append(url.queryParameterName(i));
                String v = url.queryParameterValue(i);
                if (v != null) {
                    q.append('=').append(v);
                }
            }
        }
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (JOURNAL_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                kept.put(k, v);
            }
        });
        record(new RecordedCall(kind, method, path, q.toString(), kept, Optional.ofNullable(body), status,
                Optional.ofNullable(app), Optional.ofNullable(tenant), Optional.ofNullable(fault), now));
    }
}
