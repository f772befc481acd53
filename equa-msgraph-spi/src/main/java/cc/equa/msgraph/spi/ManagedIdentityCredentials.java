package cc.equa.msgraph.spi;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The managed identity of the Azure resource the host runs on (system-assigned, or user-assigned when
 * {@code clientId} is given). Fits only when Equa itself runs in Azure and the customer's tenant is that identity's
 * tenant; there is no secret to store.
 *
 * @param tenantId the tenant the identity lives in (used for diagnostics and validation)
 * @param clientId the client id of a user-assigned identity, or {@code null} for the system-assigned one
 * @since 0.1.0
 */
public record ManagedIdentityCredentials(String tenantId, @Nullable String clientId) implements AppCredentials {

    /**
     * Reject a null tenant id.
     *
     * @param tenantId the tenant the identity lives in (used for diagnostics and validation)
     * @param clientId the client id of a user-assigned identity, or {@code null} for the system-assigned one
     */
    public ManagedIdentityCredentials {
        Objects.requireNonNull(tenantId, "'tenantId' must not be null");
    }

    /**
     * Return the user-assigned identity's client id, if any.
     *
     * @return the client id
     * @since 0.1.0
     */
    public Optional<String> clientIdIfAny() {
        return Optional.ofNullable(clientId);
    }

    /**
     * Return the component {@code clientId}: the client id of a user-assigned identity, or {@code null} for the
     * system-assigned one.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #clientIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String clientId() {
        return clientId;
    }

    @Override
    public String describe() {
        return (clientId == null ? "system-assigned managed identity" : "managed identity " + clientId)
                + " in tenant " + tenantId;
    }
}
