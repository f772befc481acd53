package cc.equa.msgraph;

/**
 * Options of {@link OrganizationIntegration#connect(cc.equa.msgraph.spi.AppCredentials, ConnectOption...)}.
 *
 * @since 0.1.0
 */
public enum ConnectOption {
    /**
     * Store the credentials even when the connection test does not pass (for example while admin consent is still
     * pending). The report still says what failed; {@link ConnectionReport#saved()} is {@code true}. Invalid input
     * is never stored.
     */
    SAVE_IF_TEST_FAILS
}
