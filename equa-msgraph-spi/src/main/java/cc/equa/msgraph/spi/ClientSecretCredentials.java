package cc.equa.msgraph.spi;

import java.util.Objects;

/**
 * An Entra application identified by its client id and authenticated with a client secret: the Client ID, Tenant ID
 * and Client Secret an Equa admin enters.
 *
 * @param tenantId the directory (tenant) id: a GUID or a domain name
 * @param clientId the application (client) id, a GUID
 * @param clientSecret the secret's <em>value</em> (not its id)
 * @since 0.1.0
 */
public record ClientSecretCredentials(String tenantId, String clientId, Secret clientSecret)
        implements AppCredentials {

    /**
     * Reject nulls; everything else is validated by the library before use.
     *
     * @param tenantId the directory (tenant) id: a GUID or a domain name
     * @param clientId the application (client) id, a GUID
     * @param clientSecret the secret's <em>value</em> (not its id)
     */
    public ClientSecretCredentials {
        Objects.requireNonNull(tenantId, "'tenantId' must not be null");
        Objects.requireNonNull(clientId, "'clientId' must not be null");
        Objects.requireNonNull(clientSecret, "'clientSecret' must not be null");
    }

    /**
     * Create client-secret credentials.
     *
     * @param tenantId the directory (tenant) id
     * @param clientId the application (client) id
     * @param clientSecret the secret value
     * @return the credentials
     * @since 0.1.0
     */
    public static ClientSecretCredentials of(String tenantId, String clientId, String clientSecret) {
        return new ClientSecretCredentials(tenantId, clientId, Secret.of(clientSecret));
    }

    @Override
    public String describe() {
        return "client secret for app " + clientId + " in tenant " + tenantId;
    }
}
