package cc.equa.msgraph.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A scripted fault: which requests it matches and what the fake does instead of (or before) answering them.
 *
 * <p>Paths are glob patterns over decoded path segments: {@code *} matches one segment, {@code **} any number.
 * Patterns that don't start with {@code /v1.0/} are matched against Graph paths relative to {@code /v1.0} (such as
 * {@code /groups/* /members/$ref}, without the space), and also against the full path, so
 * {@code /* /oauth2/v2.0/token} targets the token endpoint.
 *
 * <pre>{@code
 * fake.faults().add(FaultRule.on("POST", "/groups/**").status(429).retryAfter(Duration.ofSeconds(5))
 *         .times(2).build());
 * fake.faults().add(FaultRule.on("GET", "/groups").disconnect().build());
 * }</pre>
 *
 * @param method the HTTP method to match, or {@code *}
 * @param pathPattern the path glob
 * @param scope whether wire requests, {@code $batch} items or both are matched
 * @param action what to do
 * @param status the status for {@link Action#RESPOND}
 * @param code the Graph error code; a default for the status otherwise
 * @param message the Graph error message; a default otherwise
 * @param retryAfter the {@code Retry-After} to send, if any
 * @param times how many matching requests the rule applies to ({@link #ALWAYS} for every one)
 * @param skip how many matching requests to let through before the rule applies
 * @param latency a delay before answering (really slept on the server thread)
 * @param headers extra response headers for {@link Action#RESPOND} (they win over the fake's own, such as
 *     {@code request-id})
 * @param body a raw response body for {@link Action#RESPOND} instead of the Graph error envelope (with its
 *     {@code Content-Type} in {@code headers}), to simulate a gateway page
 * @since 0.1.0
 */
public record FaultRule(String method, String pathPattern, Scope scope, Action action, int status,
        Optional<String> code, Optional<String> message, Optional<Duration> retryAfter, int times, int skip,
        Duration latency, Map<String, String> headers, Optional<String> body) {

    /** Apply the rule to every matching request. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    /**
     * Check the values.
     *
     * @param method the HTTP method to match, or {@code *}
     * @param pathPattern the path glob
     * @param scope whether wire requests, {@code $batch} items or both are matched
     * @param action what to do
     * @param status the status for {@link Action#RESPOND}
     * @param code the Graph error code; a default for the status otherwise
     * @param message the Graph error message; a default otherwise
     * @param retryAfter the {@code Retry-After} to send, if any
     * @param times how many matching requests the rule applies to ({@link #ALWAYS} for every one)
     * @param skip how many matching requests to let through before the rule applies
     * @param latency a delay before answering (really slept on the server thread)
     * @param headers response headers to add or override
     * @param body a raw response body instead of Graph's error envelope, if any
     */
    public FaultRule {
        Objects.requireNonNull(method);
        Objects.requireNonNull(pathPattern);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(action);
        Objects.requireNonNull(code);
        Objects.requireNonNull(message);
        Objects.requireNonNull(retryAfter);
        Objects.requireNonNull(latency);
        Objects.requireNonNull(body);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (times < 1 || skip < 0) {
            throw new IllegalArgumentException("times must be positive and skip not negative");
        }
    }

    /**
     * A rule without extra headers or a raw body (the 0.1.0 shape).
     *
     * @param method the HTTP method to match, or {@code *}
     * @param pathPattern the path glob
     * @param scope whether wire requests, {@code $batch} items or both are matched
     * @param action what to do
     * @param status the status for {@link Action#RESPOND}
     * @param code the Graph error code; a default for the status otherwise
     * @param message the Graph error message; a default otherwise
     * @param retryAfter the {@code Retry-After} to send, if any
     * @param times how many matching requests the rule applies to
     * @param skip how many matching requests to let through before the rule applies
     * @param latency a delay before answering
     * @since 0.1.0
     */
    public FaultRule(String method, String pathPattern, Scope scope, Action action, int status,
            Optional<String> code, Optional<String> message, Optional<Duration> retryAfter, int times, int skip,
            Duration latency) {
        this(method, pathPattern, scope, action, status, code, message, retryAfter, times, skip, latency, Map.of(),
                Optional.empty());
    }

    /**
     * Start a rule for requests with this method and path pattern.
     *
     * @param method {@code GET}, {@code POST}, ... or {@code *}
     * @param pathPattern the glob, such as {@code /groups/*}
     * @return a builder
     * @since 0.1.0
     */
    public static Builder on(String method, String pathPattern) {
        return new Builder(method, pathPattern);
    }

    /**
     * Which requests a rule sees.
     *
     * @since 0.1.0
     */
    public enum Scope {
        /** Requests on the wire only (including the outer {@code $batch}). */
        REQUESTS,
        /** Items inside a {@code $batch} only. */
        BATCH_ITEMS,
        /** Both. */
        ALL
    }

    /**
     * What a matching rule does.
     *
     * @since 0.1.0
     */
    public enum Action {
        /** Answer with {@link FaultRule#status()} and a Graph error body. */
        RESPOND,
        /** Read the request, then close the connection without answering (the client sees an I/O error). */
        DISCONNECT,
        /** Read the request and never answer (the client's read timeout fires). */
        NO_RESPONSE,
        /** Only add the latency, then answer normally. */
        DELAY,
        /**
         * Execute the request against the tenant's state, then close the connection without answering: a lost
         * response. The change happened, the client can't know it. Inside a {@code $batch} the item is applied and
         * the whole batch response is lost.
         */
        APPLY_THEN_DISCONNECT
    }

    /**
     * Builds a {@link FaultRule}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String method;
        private final String pathPattern;
        private Scope scope = Scope.ALL;
        private @Nullable Action action;
        private int status = 503;
        private @Nullable String code;
        private @Nullable String message;
        private @Nullable Duration retryAfter;
        private int times = 1;
        private int skip;
        private Duration latency = Duration.ZERO;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable String body;

        private Builder(String method, String pathPattern) {
            this.method = Objects.requireNonNull(method, "'method' must not be null").toUpperCase(Locale.ROOT);
            this.pathPattern = Objects.requireNonNull(pathPattern, "'pathPattern' must not be null");
            if (!pathPattern.startsWith("/")) {
                throw new IllegalArgumentException("'pathPattern' must start with '/', got " + pathPattern);
            }
        }

        /**
         * Answer with this status and a Graph error body.
         *
         * @param status the HTTP status
         * @return this builder
         * @since 0.1.0
         */
        public Builder status(int status) {
            this.status = status;
            this.action = Action.RESPOND;
            return this;
        }

        /**
         * Set the Graph error code.
         *
         * @param code the code
         * @return this builder
         * @since 0.1.0
         */
        public Builder code(String code) {
            this.code = Objects.requireNonNull(code);
            return this;
        }

        /**
         * Set the Graph error message.
         *
         * @param message the message
         * @return this builder
         * @since 0.1.0
         */
        public Builder message(String message) {
            this.message = Objects.requireNonNull(message);
            return this;
        }

        /**
         * Send a {@code Retry-After} header (whole seconds, rounded up).
         *
         * @param retryAfter the delay
         * @return this builder
         * @since 0.1.0
         */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter);
            return this;
        }

        /**
         * Apply to this many matching requests; 1 by default, {@link FaultRule#ALWAYS} for all.
         *
         * @param times the count
         * @return this builder
         * @since 0.1.0
         */
        public Builder times(int times) {
            this.times = times;
            return this;
        }

        /**
         * Let this many matching requests through first.
         *
         * @param skip the count
         * @return this builder
         * @since 0.1.0
         */
        public Builder skip(int skip) {
            this.skip = skip;
            return this;
        }

        /**
         * Delay the answer (the server thread really sleeps). Alone, the request is then answered normally.
         *
         * @param latency the delay
         * @return this builder
         * @since 0.1.0
         */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency);
            return this;
        }

        /**
         * Drop the connection after reading the request.
         *
         * @return this builder
         * @since 0.1.0
         */
        public Builder disconnect() {
            this.action = Action.DISCONNECT;
            return this;
        }

        /**
         * Apply the request to the tenant's state, then drop the connection before the response: the client sees an
         * I/O error although the change was made (a lost response). Inside a {@code $batch} the item is applied and
         * the whole batch response is lost.
         *
         * <pre>{@code
         * fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().build());
         * }</pre>
         *
         * @return this builder
         * @since 0.1.0
         */
        public Builder applyThenDisconnect() {
            this.action = Action.APPLY_THEN_DISCONNECT;
            return this;
        }

        /**
         * Answer with a raw body instead of the Graph error envelope, such as a gateway's HTML page. Combine with
         * {@link #status(int)} (503 by default).
         *
         * <pre>{@code
         * fake.faults().add(FaultRule.on("GET", "/groups").status(502)
         *         .body("text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>").build());
         * }</pre>
         *
         * @param contentType the {@code Content-Type} header, such as {@code text/html}
         * @param body the body
         * @return this builder
         * @since 0.1.0
         */
        public Builder body(String contentType, String body) {
            headers.put("Content-Type", Objects.requireNonNull(contentType, "'contentType' must not be null"));
            this.body = Objects.requireNonNull(body, "'body' must not be null");
            if (action == null) {
                action = Action.RESPOND;
            }
            return this;
        }

        /**
         * Add a response header to an answered fault; it wins over the fake's own (for example a fixed
         * {@code request-id}).
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         * @since 0.1.0
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "'name' must not be null"),
                    Objects.requireNonNull(value, "'value' must not be null"));
            return this;
        }

        /**
         * Never answer (for read-timeout tests).
         *
         * @return this builder
         * @since 0.1.0
         */
        public Builder noResponse() {
            this.action = Action.NO_RESPONSE;
            return this;
        }

        /**
         * Choose which requests the rule sees; {@link Scope#ALL} by default.
         *
         * @param scope the scope
         * @return this builder
         * @since 0.1.0
         */
        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope);
            return this;
        }

        /**
         * Build the rule.
         *
         * @return the rule
         * @since 0.1.0
         */
        public FaultRule build() {
            Action a = action != null ? action : latency.isZero() ? Action.RESPOND : Action.DELAY;
            return new FaultRule(method, pathPattern, scope, a, status, Optional.ofNullable(code),
                    Optional.ofNullable(message), Optional.ofNullable(retryAfter), times, skip, latency, headers,
                    Optional.ofNullable(body));
        }
    }
}
