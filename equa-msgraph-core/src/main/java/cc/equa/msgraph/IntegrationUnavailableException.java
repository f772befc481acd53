package cc.equa.msgraph;

/**
 * The operation cannot run for the organization in its current state: it is not connected
 * ({@link ErrorKind#NOT_CONNECTED}), the integration is disabled ({@link ErrorKind#DISABLED}) or no group is linked
 * ({@link ErrorKind#NO_LINKED_GROUP}). Thrown before any network call.
 *
 * @since 0.1.0
 */
public final class IntegrationUnavailableException extends MsGraphException {

    private static final long serialVersionUID = 1L;

    /**
     * Create the exception.
     *
     * @param details what failed, why and what to do
     * @since 0.1.0
     */
    public IntegrationUnavailableException(Details details) {
        super(details, null);
    }
}
