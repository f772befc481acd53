package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * One wire request on its way through the {@link Engine}'s stages, and what the stages learn about it: who the caller
 * is, which fault applies, the result, and what the journal should say.
 */
final class Exchange {
    /** What a request is for, from its path alone. */
    enum Kind {
        /** {@code POST /{tenant}/oauth2/v2.0/token}, or the v1 endpoint {@code POST /{tenant}/oauth2/token}. */
        TOKEN,
        /** {@code GET /{tenant}/v2.0/.well-known/openid-configuration}, the OpenID discovery document. */
        DISCOVERY,
        /** {@code GET /{tenant}/.well-known/openid-configuration}, the v1 endpoint's discovery document. */
        DISCOVERY_V1,
        /** {@code GET /{tenant}/discovery/v2.0/keys}, the token-signing keys. */
        KEYS,
        /** {@code GET /common/discovery/instance} (or under a tenant), MSAL's instance discovery. */
        INSTANCE_DISCOVERY,
        /** Anything under {@code /v1.0}. */
        GRAPH,
        OTHER
    }

    /** The identity platform's endpoints, under any tenant id or domain (the fake answers unknown tenants itself). */
    private static final Map<RoutePattern, Kind> IDENTITY_ENDPOINTS = Map.of(
            new RoutePattern("{tenant}/oauth2/v2.0/token"), Kind.TOKEN,
            new RoutePattern("{tenant}/oauth2/token"), Kind.TOKEN,
            new RoutePattern("{tenant}/v2.0/.well-known/openid-configuration"), Kind.DISCOVERY,
            new RoutePattern("{tenant}/.well-known/openid-configuration"), Kind.DISCOVERY_V1,
            new RoutePattern("{tenant}/discovery/v2.0/keys"), Kind.KEYS,
            new RoutePattern("{tenant}/discovery/keys"), Kind.KEYS,
            new RoutePattern("{tenant}/discovery/instance"), Kind.INSTANCE_DISCOVERY);

    final String method;
    final HttpUrl url;
    final List<String> segments;
    final String fullPath;
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final String body;
    final String requestId = UUID.randomUUID().toString();
    final Instant now;
    final Kind kind;
    /** {@code POST /v1.0/$batch}: faults match its items, not the batch itself. */
    final boolean batch;

    /** The caller as far as known: from the bearer token (Graph) or the form (token endpoint). */
    @Nullable String app;
    @Nullable String tenant;
    /** The retry-check key (see {@link FaultActions#retryKey}). */
    String retryKey = "";
    @Nullable GraphResult result;
    /** The fault to show in the journal. */
    @Nullable String fault;
    /** Apply the request, then drop the connection instead of answering. */
    boolean dropAfter;

    private Exchange(RecordedRequest rr, HttpUrl url, Instant now) {
        this.method = String.valueOf(rr.getMethod()).toUpperCase(Locale.ROOT);
        this.url = url;
        this.segments = url.pathSegments();
        this.fullPath = "/" + String.join("/", segments);
        for (String name : rr.getHeaders().names()) {
            headers.put(name, rr.getHeaders().get(name));
        }
        this.body = rr.getBody().readUtf8();
        this.now = now;
        this.kind = classify(segments);
        this.batch = kind == Kind.GRAPH && segments.size() == 2 && segments.get(1).equals("$batch");
    }

    /** The exchange for a request, or null when it has no parseable URL. */
    static @Nullable Exchange of(RecordedRequest rr, Instant now) {
        HttpUrl url = rr.getRequestUrl();
        return url == null ? null : new Exchange(rr, url, now);
    }

    private static Kind classify(List<String> s) {
        for (Map.Entry<RoutePattern, Kind> e : IDENTITY_ENDPOINTS.entrySet()) {
            if (e.getKey().match(s) != null) {
                return e.getValue();
            }
        }
        return !s.isEmpty() && s.get(0).equals("v1.0") ? Kind.GRAPH : Kind.OTHER;
    }

    /**
     * The authority root the client addressed, for the URLs an identity answer contains: {@code https://HOST/} when it
     * called one of Microsoft's login hosts (routed to the fake by a hosts entry or a proxy), else the fake's own.
     */
    String authority(String fakeAuthority) {
        String host = headers.get("Host");
        if (host != null) {
            String name = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
            if (Identity.LOGIN_HOSTS.contains(name.toLowerCase(Locale.ROOT))) {
                return "https://" + (host.endsWith(":443") ? name : host).toLowerCase(Locale.ROOT) + "/";
            }
        }
        return fakeAuthority;
    }

    /** Whether this is the v1 token endpoint ({@code /{tenant}/oauth2/token}, no {@code v2.0}). */
    boolean v1Token() {
        return kind == Kind.TOKEN && segments.size() == 3;
    }

    /** Whether the client addressed one of Microsoft's login hosts (then errors take Entra's shape). */
    boolean loginHost() {
        String host = headers.get("Host");
        String name = host == null ? "" : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return Identity.LOGIN_HOSTS.contains(name.toLowerCase(Locale.ROOT));
    }

    @Nullable String clientRequestId() {
        return headers.get("client-request-id");
    }

    /** The body the journal keeps: a token request keeps only its non-secret fields. */
    @Nullable String journalBody() {
        return kind == Kind.TOKEN ? Journal.sanitizedTokenForm(body) : body.isEmpty() ? null : body;
    }

    RecordedCall.Kind journalKind() {
        return switch (kind) {
            case TOKEN -> RecordedCall.Kind.TOKEN;
            case DISCOVERY, DISCOVERY_V1, KEYS, INSTANCE_DISCOVERY -> RecordedCall.Kind.METADATA;
            case GRAPH -> RecordedCall.Kind.GRAPH;
            case OTHER -> RecordedCall.Kind.OTHER;
        };
    }
}
