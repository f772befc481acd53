package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The result of checking one {@link Capability} during a connection test.
 *
 * @param capability what was checked
 * @param status the outcome
 * @param detail how it was decided (which probe call, or the token's roles as a hint)
 * @param remediation what to do when it is not allowed (empty when allowed)
 * @param httpStatus the probe's HTTP status, or {@code null} when no probe was made
 * @param requestId the probe's Graph request-id, or {@code null}
 * @since 0.1.0
 */
public record CapabilityCheck(
        Capability capability,
        Status status,
        String detail,
        String remediation,
        @Nullable Integer httpStatus,
        @Nullable String requestId) {

    /**
     * The outcome of a check.
     *
     * @since 0.1.0
     */
    public enum Status {
        /** A probe call succeeded. */
        ALLOWED,
        /** A probe call was refused with 403. */
        DENIED,
        /** Not probed (it would need a write); the token's roles suggest it is allowed. */
        LIKELY_ALLOWED,
        /** Not probed; the token's roles suggest it is not allowed. */
        LIKELY_DENIED,
        /** Could not be decided (an earlier step failed, or nothing to probe against). */
        UNKNOWN
    }

    /**
     * Reject nulls.
     *
     * @param capability what was checked
     * @param status the outcome
     * @param detail how it was decided (which probe call, or the token's roles as a hint)
     * @param remediation what to do when it is not allowed (empty when allowed)
     * @param httpStatus the probe's HTTP status, or {@code null} when no probe was made
     * @param requestId the probe's Graph request-id, or {@code null}
     */
    public CapabilityCheck {
        Objects.requireNonNull(capability, "'capability' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(detail, "'detail' must not be null");
        Objects.requireNonNull(remediation, "'remediation' must not be null");
    }

    /**
     * Tell whether the capability is (likely) available.
     *
     * @return true for {@link Status#ALLOWED} and {@link Status#LIKELY_ALLOWED}
     * @since 0.1.0
     */
    public boolean allowed() {
        return status == Status.ALLOWED || status == Status.LIKELY_ALLOWED;
    }

    /**
     * Return the Graph request-id of the probe, if any.
     *
     * @return the request-id
     * @since 0.1.0
     */
    public Optional<String> requestIdIfAny() {
        return Optional.ofNullable(requestId);
    }

    /**
     * Return the probe's HTTP status, if a probe was made.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public OptionalInt httpStatusIfAny() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * Return the component {@code httpStatus}: the probe's HTTP status, or {@code null} when no probe was made.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #httpStatusIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable Integer httpStatus() {
        return httpStatus;
    }

    /**
     * Return the component {@code requestId}: the probe's Graph request-id, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #requestIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String requestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
