package cc.equa.msgraph.testkit;

import java.time.Instant;
import java.util.Objects;

/**
 * A client behaviour the fake flags as wrong. Tests usually assert that {@link FakeGraphTenant#violations()} is
 * empty.
 *
 * @param kind what was violated
 * @param appId the calling app, or empty when unknown
 * @param method the HTTP method
 * @param path the path (relative Graph paths get {@code /v1.0} prefixed)
 * @param message a human-readable explanation
 * @param time when, on the fake's clock
 * @since 0.1.0
 */
public record Violation(Kind kind, String appId, String method, String path, String message, Instant time) {

    /**
     * Check the values.
     *
     * @param kind what was violated
     * @param appId the calling app, or empty when unknown
     * @param method the HTTP method
     * @param path the path (relative Graph paths get {@code /v1.0} prefixed)
     * @param message a human-readable explanation
     * @param time when, on the fake's clock
     */
    public Violation {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(message);
        Objects.requireNonNull(time);
    }

    /**
     * The kinds of violation.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /**
         * A {@code DELETE} on {@code /users/{id}}, {@code /directoryObjects/{id}} or a member/owner without
         * {@code /$ref}: it deletes the object from the directory instead of removing a membership.
         */
        DIRECTORY_OBJECT_DELETE,
        /** A retry of a throttled or failed request before its {@code Retry-After} elapsed. */
        RETRY_BEFORE_RETRY_AFTER
    }
}
