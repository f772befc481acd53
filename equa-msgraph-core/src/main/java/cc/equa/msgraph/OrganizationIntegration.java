package cc.equa.msgraph;

import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.connect.ConnectionService;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Objects;

/**
 * One Equa organization's Microsoft 365 integration: its connection, its linked group, and membership sync.
 * Obtained from {@link MicrosoftIntegration#organization(OrganizationId)}; cheap to create, thread-safe, and holding
 * no state of its own (everything lives in the host's {@link cc.equa.msgraph.spi.SettingsStore}).
 *
 * <p>Every operation first checks its inputs and the organization's state (connected, enabled, group linked) and
 * fails with an {@link InvalidInputException} or {@link IntegrationUnavailableException} before any network call.
 *
 * @since 0.1.0
 */
public final class OrganizationIntegration {

    private final IntegrationRuntime runtime;
    private final OrganizationId organization;

    OrganizationIntegration(IntegrationRuntime runtime, OrganizationId organization) {
        this.runtime = runtime;
        this.organization = organization;
    }

    /**
     * Return the organization.
     *
     * @return the organization id
     * @since 0.1.0
     */
    public OrganizationId id() {
        return organization;
    }

    /**
     * Test the organization's stored credentials: acquire a fresh-as-needed token and probe Graph for each
     * capability the integration needs.
     *
     * @return the report (a failed test is a report, not an exception)
     * @throws IntegrationUnavailableException if the organization is not connected or the integration is disabled
     * @since 0.1.0
     */
    public ConnectionReport testConnection() {
        return new ConnectionService(runtime).testStored(organization);
    }

    /**
     * Test candidate credentials without storing them (the admin's "Test Connection" button). Uses a fresh
     * credential, so a permission granted a moment ago is seen.
     *
     * @param credentials the credentials to test
     * @return the report
     * @since 0.1.0
     */
    public ConnectionReport testConnection(AppCredentials credentials) {
        return new ConnectionService(runtime).testCandidate(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"));
    }
}
