package cc.equa.msgraph.testkit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the fake received, as the journal keeps it. Secrets, tokens and the {@code Authorization} header are
 * never kept; token requests keep only their non-secret form fields.
 *
 * @param kind what kind of request it was
 * @param method the HTTP method
 * @param path the decoded path, such as {@code /v1.0/groups/{id}/members/$ref} (batch items get {@code /v1.0}
 *     prefixed too)
 * @param query the decoded query string, or empty
 * @param headers selected request headers ({@code ConsistencyLevel}, {@code client-request-id},
 *     {@code Retry-Attempt}, {@code Content-Type}, {@code Prefer}, {@code User-Agent}, {@code Host}: the host name
 *     the client addressed, such as {@code graph.microsoft.com} when it was routed here)
 * @param body the request body; for token requests only {@code grant_type}, {@code scope}, {@code client_id} and
 *     {@code client_assertion_type}
 * @param status the status answered, or -1 when the connection was dropped or left without a response
 * @param appId the app (client) id of the caller: from the bearer token for Graph calls, from the form for token
 *     requests
 * @param tenantId the tenant the caller's token (or token request) belongs to
 * @param fault a description of the injected fault, if any
 * @param time when the request was handled, on the fake's clock
 * @since 0.1.0
 */
public record RecordedCall(Kind kind, String method, String path, String query, Map<String, String> headers,
        Optional<String> body, int status, Optional<String> appId, Optional<String> tenantId, Optional<String> fault,
        Instant time) {

    /**
     * Copy the headers.
     *
     * @param kind what kind of request it was
     * @param method the HTTP method
     * @param path the decoded path, such as {@code /v1.0/groups/{id}/members/$ref} (batch items get {@code /v1.0} prefixed too)
     * @param query the decoded query string, or empty
     * @param headers selected request headers ({@code ConsistencyLevel}, {@code client-request-id}, {@code Retry-Attempt}, {@code Content-Type}, {@code Prefer}, {@code User-Agent}, {@code Host})
     * @param body the request body; for token requests only {@code grant_type}, {@code scope} and {@code client_id}
     * @param status the status answered, or -1 when the connection was dropped or left without a response
     * @param appId the app (client) id of the caller: from the bearer token for Graph calls, from the form for token requests
     * @param tenantId the tenant the caller's token (or token request) belongs to
     * @param fault a description of the injected fault, if any
     * @param time when the request was handled, on the fake's clock
     */
    public RecordedCall {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(tenantId);
        Objects.requireNonNull(fault);
        Objects.requireNonNull(time);
    }

    /**
     * Return a request header the journal kept, by case-insensitive name.
     *
     * @param name the header name
     * @return the value, if kept and present
     * @since 0.1.0
     */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    /**
     * The kinds of request.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** A token request ({@code POST /{tenant}/oauth2/v2.0/token}). */
        TOKEN,
        /** Discovery or JWKS metadata. */
        METADATA,
        /** A Graph request on the wire (including the outer {@code $batch}). */
        GRAPH,
        /** One item inside a {@code $batch}. */
        BATCH_ITEM,
        /** Anything else. */
        OTHER
    }
}
