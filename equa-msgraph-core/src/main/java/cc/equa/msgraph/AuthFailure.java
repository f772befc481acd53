package cc.equa.msgraph;

/**
 * Why a token could not be acquired, as diagnosed from Entra's answer.
 *
 * @since 0.1.0
 */
public enum AuthFailure {
    /** The tenant id is well-formed but no such tenant exists in this cloud (AADSTS90002). */
    UNKNOWN_TENANT,
    /** The tenant id is neither a GUID nor a valid domain name (AADSTS900023). */
    MALFORMED_TENANT,
    /** No application with this client id exists in the tenant (AADSTS700016). */
    UNKNOWN_CLIENT,
    /** The client secret is wrong, or the secret's id was pasted instead of its value (AADSTS7000215). */
    WRONG_SECRET,
    /** The client secret has expired (AADSTS7000222). */
    EXPIRED_SECRET,
    /** The application is disabled (AADSTS7000112). */
    APP_DISABLED,
    /** The certificate or federated token was refused. */
    INVALID_CERTIFICATE,
    /** Entra could not be reached (DNS, TLS, connection, timeout). */
    NETWORK,
    /**
     * Microsoft's sign-in service answered but was unavailable (HTTP 5xx, AADSTS90033, AADSTS90006,
     * {@code temporarily_unavailable}): an outage on Microsoft's side, not a problem with the credentials. Reported in
     * {@link ConnectionReport#tokenFailureIfAny()}; an operation that meets it throws an {@link MsGraphException} of
     * kind {@link ErrorKind#SERVICE}, not an {@link AuthenticationException}.
     *
     * @since 0.2.0
     */
    SERVICE_UNAVAILABLE,
    /** Entra refused for another reason; see the message. */
    OTHER
}
