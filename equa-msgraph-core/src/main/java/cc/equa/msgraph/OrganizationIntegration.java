package cc.equa.msgraph;

import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.connect.ConnectionService;
import cc.equa.msgraph.internal.connect.Lifecycle;
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
     * Validate, test and store the organization's credentials (the admin's "Save" button).
     *
     * <p>The input is checked first; every invalid field is named at once and nothing is sent or stored. Then the
     * connection is tested on a new credential (see {@link #testConnection(AppCredentials)}). The credentials are
     * stored only if the test {@linkplain ConnectionReport#passed() passed}, or if
     * {@link ConnectOption#SAVE_IF_TEST_FAILS} is given; a failed test is <em>returned</em>, not thrown, so the
     * report can be shown: check {@link ConnectionReport#saved()}, or call {@link ConnectionReport#orThrow()}.
     * After saving, the organization's next operation acquires a new token (no token of earlier credentials is
     * reused).
     *
     * @param credentials the credentials
     * @param options options, such as {@link ConnectOption#SAVE_IF_TEST_FAILS}
     * @return the connection report; {@link ConnectionReport#saved()} tells whether the credentials were stored
     * @throws InvalidInputException naming every invalid field (nothing sent, nothing stored)
     * @throws IntegrationUnavailableException if the integration is disabled for the organization (nothing sent)
     * @since 0.1.0
     */
    public ConnectionReport connect(AppCredentials credentials, ConnectOption... options) {
        return new ConnectionService(runtime).connect(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"),
                ConnectionService.optionSet(options));
    }

    /**
     * Validate and store credentials <em>without</em> testing them: no network call. For provisioning before the
     * tenant is ready; prefer {@link #connect}.
     *
     * @param credentials the credentials
     * @throws InvalidInputException naming every invalid field (nothing stored)
     * @since 0.1.0
     */
    public void saveCredentials(AppCredentials credentials) {
        new ConnectionService(runtime).save(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"));
    }

    /**
     * Test the organization's stored credentials: acquire a new token (so a permission or consent granted a moment
     * ago is seen) and probe Graph for each capability the integration needs. Nothing is changed in the tenant.
     *
     * @return the report (a failed test is a report, not an exception)
     * @throws IntegrationUnavailableException if the organization is not connected or the integration is disabled
     * @throws InvalidInputException if the stored credentials are not valid (for example platform defaults with a
     *     stray line break)
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
     * @throws InvalidInputException naming every invalid field (nothing sent)
     * @throws IntegrationUnavailableException if the integration is disabled for the organization (nothing sent)
     * @since 0.1.0
     */
    public ConnectionReport testConnection(AppCredentials credentials) {
        return new ConnectionService(runtime).testCandidate(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"));
    }

    /**
     * Return where the organization's integration stands (connected, enabled, linked group), without any network
     * call.
     *
     * @return the status
     * @since 0.1.0
     */
    public IntegrationStatus status() {
        return new Lifecycle(runtime).status(organization);
    }

    /**
     * Enable the integration for the organization. No network call.
     *
     * @since 0.1.0
     */
    public void enable() {
        new Lifecycle(runtime).setEnabled(organization, true);
    }

    /**
     * Disable the integration for the organization: every network operation then fails fast with
     * {@link ErrorKind#DISABLED} and sends nothing. The stored credentials and linked group are kept; the cached
     * token is dropped. No network call.
     *
     * @since 0.1.0
     */
    public void disable() {
        new Lifecycle(runtime).setEnabled(organization, false);
    }

    /**
     * Disconnect the organization: forget its stored credentials and drop its cached credential and token. The
     * linked group and its members are left untouched in Microsoft 365 (and the link is kept, for a later
     * reconnect). Later operations fail with {@link ErrorKind#NOT_CONNECTED} before any request. No network call;
     * does nothing if the organization is not connected.
     *
     * @since 0.1.0
     */
    public void disconnect() {
        new Lifecycle(runtime).disconnect(organization);
    }
}
