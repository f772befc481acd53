package cc.equa.msgraph.spi;

import java.util.Objects;

/**
 * Workload identity federation: the host presents a federated token (for example a Kubernetes service-account
 * token) read from a file instead of a secret.
 *
 * @param tenantId the directory (tenant) id
 * @param clientId the application (client) id that trusts the federated issuer
 * @param tokenFilePath the file holding the federated token, re-read on every token request
 * @since 0.1.0
 */
public record WorkloadIdentityCredentials(String tenantId, String clientId, String tokenFilePath)
        implements AppCredentials {

    /**
     * Reject nulls.
     *
     * @param tenantId the directory (tenant) id
     * @param clientId the application (client) id that trusts the federated issuer
     * @param tokenFilePath the file holding the federated token, re-read on every token request
     */
    public WorkloadIdentityCredentials {
        Objects.requireNonNull(tenantId, "'tenantId' must not be null");
        Objects.requireNonNull(clientId, "'clientId' must not be null");
        Objects.requireNonNull(tokenFilePath, "'tokenFilePath' must not be null");
    }

    @Override
    public String describe() {
        return "workload identity federation for app " + clientId + " in tenant " + tenantId;
    }
}
