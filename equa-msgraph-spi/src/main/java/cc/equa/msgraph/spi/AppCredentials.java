package cc.equa.msgraph.spi;

import org.jspecify.annotations.Nullable;

/**
 * The Microsoft Entra application credentials of one organization (OAuth 2.0 client credentials, app-only).
 *
 * <p>The permitted kinds are records in this package: {@link ClientSecretCredentials} (what an admin enters in
 * Equa today), {@link ClientCertificateCredentials}, and the Azure-hosted options {@link ManagedIdentityCredentials}
 * and {@link WorkloadIdentityCredentials}. A later release may add kinds; a {@code switch} over this type should keep
 * a default branch.
 *
 * <p>Values are checked by the library before any network call (GUIDs, domain names, blank secrets, stray white
 * space), and every invalid field is named at once. The records themselves only reject {@code null}.
 *
 * @since 0.1.0
 */
public sealed interface AppCredentials
        permits ClientSecretCredentials, ClientCertificateCredentials, ManagedIdentityCredentials,
        WorkloadIdentityCredentials {

    /**
     * Return the directory (tenant) id: a GUID or a verified domain such as {@code contoso.onmicrosoft.com}.
     *
     * @return the tenant id as entered
     * @since 0.1.0
     */
    String tenantId();

    /**
     * Return the application (client) id these credentials sign in as: the app registration's id, or a user-assigned
     * managed identity's.
     *
     * @return the client id, or null for a system-assigned managed identity (which has none to name)
     * @since 0.2.0
     */
    default @Nullable String clientId() {
        return null;
    }

    /**
     * Return a short, secret-free description for logs and screens, such as
     * {@code "client secret for app 1b2c… in tenant contoso.onmicrosoft.com"}.
     *
     * @return the description
     * @since 0.1.0
     */
    String describe();
}
