package cc.equa.msgraph;

import org.jspecify.annotations.Nullable;

/**
 * The object an operation needs does not exist, typically because the linked group was deleted in Microsoft 365.
 * Relink the organization to another group or create a new one.
 *
 * @since 0.1.0
 */
public final class NotFoundException extends MsGraphException {

    private static final long serialVersionUID = 1L;

    /**
     * Create the exception.
     *
     * @param details what failed, why and what to do
     * @param cause the underlying exception, or {@code null}
     * @since 0.1.0
     */
    public NotFoundException(Details details, @Nullable Throwable cause) {
        super(details, cause);
    }
}
