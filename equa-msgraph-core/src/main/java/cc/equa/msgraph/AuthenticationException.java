package cc.equa.msgraph;

import org.jspecify.annotations.Nullable;

/**
 * Entra ID refused to issue a token for the organization's credentials: the tenant, the client id or the secret is
 * wrong, or the secret expired. Ask the admin for corrected credentials; retrying does not help.
 *
 * @since 0.1.0
 */
public final class AuthenticationException extends MsGraphException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The diagnosed cause. */
    private final AuthFailure failure;

    /**
     * Create the exception.
     *
     * @param failure the diagnosed cause
     * @param details what failed, why and what to do
     * @param cause the underlying exception, or {@code null}
     * @since 0.1.0
     */
    public AuthenticationException(AuthFailure failure, Details details, @Nullable Throwable cause) {
        super(details, cause);
        this.failure = failure;
    }

    /**
     * Return the diagnosed cause.
     *
     * @return the cause
     * @since 0.1.0
     */
    public AuthFailure failure() {
        return failure;
    }
}
