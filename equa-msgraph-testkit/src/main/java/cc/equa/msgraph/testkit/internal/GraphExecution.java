package cc.equa.msgraph.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Executing one Graph request, from the wire or a {@code $batch} item: authenticate the bearer token, apply the write
 * quota, then run the resource handler the {@link GraphRouter} picks, under the tenant's lock (requests to one tenant
 * are serialised, which keeps read-your-write within the fake unless replication delay says otherwise).
 */
final class GraphExecution {
    private final GraphContext ctx;
    private final TokenService tokens;
    private final Map<String, TenantState> tenants;
    private final Throttle throttle;
    private final GraphRouter graph;

    GraphExecution(GraphContext ctx, TokenService tokens, Map<String, TenantState> tenants, Throttle throttle,
            GraphRouter graph) {
        this.ctx = ctx;
        this.tokens = tokens;
        this.tenants = tenants;
        this.throttle = throttle;
        this.graph = graph;
    }

    /** Validate a bearer token for Graph: signature, audience, expiry, and a tenant this fake holds. */
    Caller authenticate(@Nullable String authorization, Instant now) {
        return tokens.validate(authorization, now, tenants::containsKey);
    }

    /**
     * Execute one Graph request (from the wire or a batch item, whose caller the batch authenticated): the token,
     * the write quota, then the resource handler under the tenant's lock.
     */
    GraphResult execute(GraphRequest req, @Nullable Caller outer, String key, @Nullable Object batch) {
        Instant now = ctx.now();
        Caller caller;
        try {
            caller = outer != null ? outer : authenticate(req.header("Authorization"), now);
        } catch (GraphException e) {
            // Graph's 401 names the authority to get a token from, as resource servers do (RFC 6750 §3)
            GraphResult r = GraphResult.error(e.status, e.code, e.getMessage(), now, req.requestId,
                    req.clientRequestId());
            r.headers.put("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"" + ctx.graphRoot()
                    + "/common/oauth2/authorize\", client_id=\"" + TokenService.GRAPH_APP_ID + "\"");
            return r;
        }
        req.hostility = ctx.hostility();
        if (req.hostility.rolelessAccessDenied() && caller.roles().isEmpty()) {
            // Graph's gateway answer to an app-only token without roles (no admin consent), before any resource:
            // graph-behaviour.md §14 (pnp/cli-microsoft365 docs; TheNetworg/oauth2-azure issue 86)
            return GraphResult.error(403, "AccessDenied", "Either scp or roles claim need to be present in the token.",
                    now, req.requestId, req.clientRequestId());
        }
        if (req.isWrite()) {
            GraphResult throttled = throttleWrite(req, caller, now, key, batch);
            if (throttled != null) {
                return throttled;
            }
        }
        TenantState t = tenants.get(caller.tenantId());
        try {
            synchronized (t.lock) {
                return graph.handle(req, caller, t);
            }
        } catch (GraphException e) {
            return GraphResult.error(e.status, e.code, e.getMessage(), now, req.requestId, req.clientRequestId());
        }
    }

    /** The client was not told when to come back (a 429 without Retry-After): no wait to hold it to. */
    void forgetWait(String key) {
        throttle.forget(key);
    }

    /**
     * The per-app-per-tenant write quota: 429 with Retry-After and the {@code x-ms-throttle-*} headers Graph sends
     * (https://learn.microsoft.com/en-us/graph/throttling-limits), or null when within quota.
     */
    private @Nullable GraphResult throttleWrite(GraphRequest req, Caller caller, Instant now, String key,
            @Nullable Object batch) {
        Duration wait = throttle.write(caller.appId() + "|" + caller.tenantId(), now, WriteCost.of(req));
        if (wait == null) {
            return null;
        }
        long millis = Math.max(1, wait.toMillis());
        long secs = Math.max(1, (millis + 999) / 1000);
        // decimal Retry-After such as "0.249" was reported from Graph (microsoft-graph-docs issue 3877)
        boolean decimal = req.hostility.decimalRetryAfter();
        GraphResult r = GraphResult.error(429, "TooManyRequests", "Please retry again later.", now,
                req.requestId, req.clientRequestId());
        r.headers.put("Retry-After", decimal ? String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0)
                : String.valueOf(secs));
        r.headers.put("x-ms-throttle-scope", "Tenant_Application/Write/" + caller.appId() + "/" + caller.tenantId());
        r.headers.put("x-ms-throttle-information", "WriteLimitExceeded");
        r.fault = "throttled (write quota)";
        throttle.toldToWait(key, decimal ? now.plusMillis(millis) : now.plusSeconds(secs), batch);
        return r;
    }
}
