package cc.equa.msgraph;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Graph refused a call because the application lacks a permission or admin consent
 * ({@code 403 Authorization_RequestDenied}). Grant one of {@link #permissions()} as an <em>application</em>
 * permission and have an admin consent to it; a new token then carries it.
 *
 * @since 0.1.0
 */
public final class PermissionDeniedException extends MsGraphException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The permissions that would allow the call. */
    private final List<String> permissions;

    /**
     * Create the exception.
     *
     * @param permissions the application permissions any one of which would allow the call, least privileged first
     * @param details what failed, why and what to do
     * @param cause the underlying exception, or {@code null}
     * @since 0.1.0
     */
    public PermissionDeniedException(List<String> permissions, Details details, @Nullable Throwable cause) {
        super(details, cause);
        this.permissions = List.copyOf(permissions);
    }

    /**
     * Return the application permissions any one of which would allow the call, least privileged first.
     *
     * @return the permissions
     * @since 0.1.0
     */
    public List<String> permissions() {
        return permissions;
    }
}
