package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What the engine does with a matched {@link FaultRule}, and the retry-discipline check that goes with it. A
 * {@code Retry-After} the fake sends (from a fault or from throttling) is remembered per request; a client that sends
 * the same request again before it elapses is recorded as a {@link Violation.Kind#RETRY_BEFORE_RETRY_AFTER}, because
 * Graph's throttling guidance says to wait the delay it names
 * (https://learn.microsoft.com/en-us/graph/throttling?view=graph-rest-1.0).
 */
final class FaultActions {
    private final Throttle throttle;
    private final GraphContext ctx;

    FaultActions(Throttle throttle, GraphContext ctx) {
        this.throttle = throttle;
        this.ctx = ctx;
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
                byte[] h = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
                k.append(" #").append(HexFormat.of().formatHex(h, 0, 12));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return k.toString();
    }

    /** Record a violation if this request comes back before the Retry-After it was given. */
    void checkEarly(String key, @Nullable String app, String method, String path, Instant now,
            @Nullable Object batch) {
        Instant should = throttle.checkEarly(key, now, batch);
        if (should != null) {
            ctx.violation(Violation.Kind.RETRY_BEFORE_RETRY_AFTER, app == null ? "" : app, method, path,
                    "retried " + Duration.between(now, should).toMillis() + " ms before its Retry-After elapsed");
        }
    }

    /** The canned answer of a RESPOND fault: Graph's error envelope (or a raw gateway page), its headers. */
    GraphResult respond(FaultRule f, String requestId, @Nullable String crid, Instant now, String key,
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

    /** The fault as the journal shows it. */
    static String describe(FaultRule f) {
        return switch (f.action()) {
            case DISCONNECT -> "disconnect (" + f.pathPattern() + ")";
            case NO_RESPONSE -> "no response (" + f.pathPattern() + ")";
            case DELAY -> "latency " + f.latency().toMillis() + " ms (" + f.pathPattern() + ")";
            case APPLY_THEN_DISCONNECT -> "apply then disconnect (" + f.pathPattern() + ")";
            default -> "status " + f.status() + " (" + f.pathPattern() + ")";
        };
    }

    /**
     * A fault's latency before the request is handled. Real time on purpose: the point is a slow socket that the
     * client's own timeouts must deal with, which a virtual clock cannot simulate.
     */
    static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
