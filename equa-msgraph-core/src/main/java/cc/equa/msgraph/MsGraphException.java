package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the library throws: unchecked, and always saying what failed, why, and what to do.
 *
 * <p>The message reads <em>operation failed: cause (HTTP status, Graph error code, request-id). Remediation.</em>
 * It never contains a secret or a token. Subclasses exist only where a caller's {@code catch} differs:
 * {@link InvalidInputException} (show the field errors), {@link AuthenticationException} (ask for other
 * credentials), {@link PermissionDeniedException} (grant a permission), {@link NotFoundException} (relink),
 * {@link ThrottledException} (come back later), {@link IntegrationUnavailableException} (connect, enable or link
 * first). Everything else is this class with a {@link #kind()}.
 *
 * @since 0.1.0
 */
public class MsGraphException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The longest part of a message, after escaping. */
    private static final int PART = 2000;

    /** What kind of failure. */
    private final ErrorKind kind;
    /** What failed. */
    private final String operation;
    /** Why it failed. */
    private final String reason;
    /** The HTTP status, or null. */
    private final @Nullable Integer httpStatus;
    /** Graph's error code or the AADSTS code, or null. */
    private final @Nullable String graphErrorCode;
    /** The request-id, or null. */
    private final @Nullable String requestId;
    /** What to do. */
    private final String remediation;
    /** The server's last Retry-After, or null. */
    private final @Nullable Duration retryAfter;

    /**
     * Create an exception.
     *
     * @param details what failed, why and what to do
     * @param cause the underlying exception, or {@code null}
     * @since 0.1.0
     */
    public MsGraphException(Details details, @Nullable Throwable cause) {
        this(details, null, cause);
    }

    /**
     * Create an exception for a failure after which the server said when to try again.
     *
     * @param details what failed, why and what to do
     * @param retryAfter the server's last {@code Retry-After}, or {@code null}
     * @param cause the underlying exception, or {@code null}
     * @since 0.2.0
     */
    public MsGraphException(Details details, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(details.message(), cause);
        this.retryAfter = retryAfter;
        this.kind = details.kind();
        this.operation = details.operation();
        this.reason = details.reason();
        this.httpStatus = details.httpStatus();
        this.graphErrorCode = details.graphErrorCode();
        this.requestId = details.requestId();
        this.remediation = details.remediation();
    }

    /**
     * Return when the server suggested trying again: its last {@code Retry-After} when a throttled or unavailable
     * service outlasted the library's retries. A host scheduling a later attempt should wait at least this long.
     *
     * @return the wait, or empty when the server gave none
     * @since 0.2.0
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Return what kind of failure this is.
     *
     * @return the kind
     * @since 0.1.0
     */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * Return what the library was doing, such as {@code "Test connection for organization acme"}.
     *
     * @return the operation
     * @since 0.1.0
     */
    public String operation() {
        return operation;
    }

    /**
     * Return why it failed, in one sentence.
     *
     * @return the reason
     * @since 0.1.0
     */
    public String reason() {
        return reason;
    }

    /**
     * Return the HTTP status Graph or Entra answered, if any.
     *
     * @return the status
     * @since 0.1.0
     */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * Return Graph's error code (such as {@code Authorization_RequestDenied}) or Entra's AADSTS code, if any.
     *
     * @return the code
     * @since 0.1.0
     */
    public Optional<String> graphErrorCode() {
        return Optional.ofNullable(graphErrorCode);
    }

    /**
     * Return the request-id Graph or Entra gave the failed request, for a Microsoft support ticket.
     *
     * @return the request id
     * @since 0.1.0
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * Return what to do about it, in one sentence.
     *
     * @return the remediation
     * @since 0.1.0
     */
    public String remediation() {
        return remediation;
    }

    /**
     * The facts an exception carries. Build one with {@link #of(ErrorKind, String, String, String)} and the
     * {@code with*} methods.
     *
     * @param kind what kind of failure
     * @param operation what failed
     * @param reason why, in one sentence
     * @param httpStatus the HTTP status, or {@code null}
     * @param graphErrorCode Graph's error code or the AADSTS code, or {@code null}
     * @param requestId the request-id, or {@code null}
     * @param remediation what to do, in one sentence
     * @since 0.1.0
     */
    public record Details(
            ErrorKind kind,
            String operation,
            String reason,
            @Nullable Integer httpStatus,
            @Nullable String graphErrorCode,
            @Nullable String requestId,
            String remediation) {

        /**
         * Reject nulls in the required components.
         *
         * @param kind what kind of failure
         * @param operation what failed
         * @param reason why, in one sentence
         * @param httpStatus the HTTP status, or {@code null}
         * @param graphErrorCode Graph's error code or the AADSTS code, or {@code null}
         * @param requestId the request-id, or {@code null}
         * @param remediation what to do, in one sentence
         */
        public Details {
            Objects.requireNonNull(kind, "'kind' must not be null");
            Objects.requireNonNull(operation, "'operation' must not be null");
            Objects.requireNonNull(reason, "'reason' must not be null");
            Objects.requireNonNull(remediation, "'remediation' must not be null");
        }

        /**
         * Start details without HTTP facts.
         *
         * @param kind the kind
         * @param operation what failed
         * @param reason why
         * @param remediation what to do
         * @return the details
         * @since 0.1.0
         */
        public static Details of(ErrorKind kind, String operation, String reason, String remediation) {
            return new Details(kind, operation, reason, null, null, null, remediation);
        }

        /**
         * Return a copy with the HTTP facts.
         *
         * @param status the HTTP status, or {@code null}
         * @param code the error code, or {@code null}
         * @param id the request-id, or {@code null}
         * @return the details
         * @since 0.1.0
         */
        public Details withHttp(@Nullable Integer status, @Nullable String code, @Nullable String id) {
            return new Details(kind, operation, reason, status, code, id, remediation);
        }

        /**
         * Return the one-line message: operation, reason, HTTP facts, remediation. Parts can quote Graph or the team,
         * so line breaks, control, bidi and invisible format characters in them are shown as visible escapes (such
         * as {@code \n}) and each part is cut at 2,000 characters: the message stays one line that reads as stored.
         *
         * @return the message
         * @since 0.1.0
         */
        public String message() {
            StringBuilder sb = new StringBuilder(Display.safe(operation, PART)).append(" failed: ")
                    .append(Display.safe(reason, PART));
            if (httpStatus != null || graphErrorCode != null || requestId != null) {
                sb.append(" (");
                String sep = "";
                if (httpStatus != null) {
                    sb.append("HTTP ").append(httpStatus);
                    sep = ", ";
                }
                if (graphErrorCode != null) {
                    sb.append(sep).append(Display.safe(graphErrorCode, PART));
                    sep = ", ";
                }
                if (requestId != null) {
                    sb.append(sep).append("request-id ").append(Display.safe(requestId, PART));
                }
                sb.append(')');
            }
            if (!reason.endsWith(".") && httpStatus == null && graphErrorCode == null && requestId == null) {
                sb.append('.');
            } else if (httpStatus != null || graphErrorCode != null || requestId != null) {
                sb.append('.');
            }
            return sb.append(' ').append(Display.safe(remediation, PART)).toString();
        }

        /**
         * Return the HTTP status, if any.
         *
         * @return the value, or empty when absent
         * @since 0.2.0
         */
        public OptionalInt httpStatusIfAny() {
            return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
        }

        /**
         * Return the component {@code httpStatus}: the HTTP status, or {@code null}.
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
         * Return Graph's error code or the AADSTS code, if any.
         *
         * @return the value, or empty when absent
         * @since 0.2.0
         */
        public Optional<String> graphErrorCodeIfAny() {
            return Optional.ofNullable(graphErrorCode);
        }

        /**
         * Return the component {@code graphErrorCode}: Graph's error code or the AADSTS code, or {@code null}.
         *
         * @return the value, or {@code null} when absent
         * @deprecated use {@link #graphErrorCodeIfAny()}: maybe-absent values are Optional (see package docs)
         * @since 0.1.0
         */
        @Deprecated(since = "0.2.0")
        public @Nullable String graphErrorCode() {
            return graphErrorCode;
        }

        /**
         * Return the request-id, if any.
         *
         * @return the value, or empty when absent
         * @since 0.2.0
         */
        public Optional<String> requestIdIfAny() {
            return Optional.ofNullable(requestId);
        }

        /**
         * Return the component {@code requestId}: the request-id, or {@code null}.
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
}
