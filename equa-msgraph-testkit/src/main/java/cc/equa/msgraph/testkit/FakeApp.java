package cc.equa.msgraph.testkit;

import java.util.List;
import java.util.Objects;

/**
 * An app registration seeded into the fake, with the credentials a client needs. The secret is test data.
 *
 * @param tenantId the tenant the app lives in
 * @param clientId the application (client) id
 * @param clientSecret the first secret registered for the app
 * @param roles the application roles requested for the app
 * @param adminConsent whether an admin granted those roles (without it, tokens carry no roles)
 * @param servicePrincipalId the object id of the app's service principal in the tenant
 * @since 0.1.0
 */
public record FakeApp(String tenantId, String clientId, String clientSecret, List<String> roles, boolean adminConsent,
        String servicePrincipalId) {

    /**
     * Copy the roles.
     *
     * @param tenantId the tenant the app lives in
     * @param clientId the application (client) id
     * @param clientSecret the first secret registered for the app
     * @param roles the application roles requested for the app
     * @param adminConsent whether an admin granted those roles (without it, tokens carry no roles)
     * @param servicePrincipalId the object id of the app's service principal in the tenant
     */
    public FakeApp {
        Objects.requireNonNull(tenantId, "'tenantId' must not be null");
        Objects.requireNonNull(clientId, "'clientId' must not be null");
        Objects.requireNonNull(clientSecret, "'clientSecret' must not be null");
        Objects.requireNonNull(servicePrincipalId, "'servicePrincipalId' must not be null");
        roles = List.copyOf(roles);
    }

    /**
     * Hide the secret.
     *
     * @return a description without the secret
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return "FakeApp[tenantId=" + tenantId + ", clientId=" + clientId + ", roles=" + roles + ", adminConsent="
                + adminConsent + "]";
    }
}
