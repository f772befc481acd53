package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one planned change.
 *
 * @param change the change
 * @param outcome what happened
 * @param reason why it failed or why nothing was needed, or {@code null} when applied
 * @param httpStatus the HTTP status of the failed request, or {@code null}
 * @param errorCode Graph's error code of the failed request, or {@code null}
 * @param requestId the request-id of the (last) request made for this change, or {@code null} if none was made
 * @since 0.1.0
 */
public record ChangeResult(PlannedChange change, Outcome outcome, @Nullable String reason,
        @Nullable Integer httpStatus, @Nullable String errorCode, @Nullable String requestId) {

    /**
     * Reject nulls in the required components.
     *
     * @param change the change
     * @param outcome what happened
     * @param reason why it failed or why nothing was needed, or {@code null} when applied
     * @param httpStatus the HTTP status of the failed request, or {@code null}
     * @param errorCode Graph's error code of the failed request, or {@code null}
     * @param requestId the request-id of the (last) request made for this change, or {@code null} if none was made
     */
    public ChangeResult {
        Objects.requireNonNull(change, "'change' must not be null");
        Objects.requireNonNull(outcome, "'outcome' must not be null");
    }

    /**
     * Return the reason, if any.
     *
     * @return the reason
     * @since 0.1.0
     */
    public Optional<String> reasonIfAny() {
        return Optional.ofNullable(reason);
    }

    /**
     * Return the HTTP status of a failure, if any.
     *
     * @return the status
     * @since 0.1.0
     */
    public OptionalInt httpStatusIfAny() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * Return the request-id, if a request was made.
     *
     * @return the request-id
     * @since 0.1.0
     */
    public Optional<String> requestIdIfAny() {
        return Optional.ofNullable(requestId);
    }

    /**
     * Tell whether the group is now as planned for this change (applied or already so).
     *
     * @return true unless it failed
     * @since 0.1.0
     */
    public boolean succeeded() {
        return outcome == Outcome.APPLIED || outcome == Outcome.ALREADY_IN_STATE;
    }

    /**
     * What happened to a change.
     *
     * @since 0.1.0
     */
    public enum Outcome {
        /** The change was made. */
        APPLIED,
        /** The group already was in the planned state (the user already a member, the member already gone). */
        ALREADY_IN_STATE,
        /** The change failed; see the reason and request-id. Planning and applying again retries it. */
        FAILED
    }

    /**
     * Return the component {@code reason}: why it failed or why nothing was needed, or {@code null} when applied.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #reasonIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String reason() {
        return reason;
    }

    /**
     * Return the component {@code httpStatus}: the HTTP status of the failed request, or {@code null}.
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
     * Return Graph's error code of the failed request, if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> errorCodeIfAny() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * Return the component {@code errorCode}: Graph's error code of the failed request, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #errorCodeIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String errorCode() {
        return errorCode;
    }

    /**
     * Return the component {@code requestId}: the request-id of the (last) request made for this change, or {@code
     * null} if none was made.
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
