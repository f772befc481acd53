package cc.equa.msgraph.internal;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.SealedSettingsException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The shared machinery behind one {@code MicrosoftIntegration}: configuration, the HTTP stack, the retry layer and
 * one {@link GraphSession} per organization, rebuilt whenever that organization's credentials change.
 */
public final class IntegrationRuntime implements AutoCloseable {

    private final IntegrationConfig config;
    private final HttpStack http;
    private final GraphCalls calls;
    private final Map<OrganizationId, GraphSession> sessions = new ConcurrentHashMap<>();

    /**
     * Create the runtime.
     *
     * @param config the configuration
     */
    public IntegrationRuntime(IntegrationConfig config) {
        this.config = config;
        RequestEvents events = RequestEvents.of(config.requestListener());
        this.http = HttpStack.create(config.trustedCertificates(), config.httpTimeout(), events);
        this.calls = new GraphCalls(config.sleeper(), config.maxRetries(), config.maxRetryWait(), events);
    }

    /**
     * Return the configuration.
     *
     * @return the configuration
     */
    public IntegrationConfig config() {
        return config;
    }

    /**
     * Return the retry layer.
     *
     * @return the retry layer
     */
    public GraphCalls calls() {
        return calls;
    }

    /**
     * Return the HTTP stack.
     *
     * @return the stack
     */
    public HttpStack http() {
        return http;
    }

    /**
     * Load an organization's settings through the host's store, mapping a store failure.
     *
     * @param organization the organization
     * @param operation what is being done
     * @return the settings, if any
     */
    public Optional<IntegrationSettings> loadSettings(OrganizationId organization, String operation) {
        try {
            return config.settings().load(organization);
        } catch (RuntimeException e) {
            throw storageFailure(operation, e);
        }
    }

    /**
     * Change an organization's settings through the host's store, mapping a store failure.
     *
     * @param organization the organization
     * @param operation what is being done
     * @param change the change
     * @return the stored settings
     */
    public IntegrationSettings updateSettings(OrganizationId organization, String operation,
            UnaryOperator<IntegrationSettings> change) {
        try {
            return config.settings().update(organization, change);
        } catch (RuntimeException e) {
            throw storageFailure(operation, e);
        }
    }

    private static MsGraphException storageFailure(String operation, RuntimeException e) {
        if (e instanceof MsGraphException m) {
            return m;
        }
        if (e instanceof SealedSettingsException sealed) {
            // The store's message names the organization, field and key id, never the value.
            return new MsGraphException(Details.of(ErrorKind.STORAGE, operation,
                    "the stored credentials cannot be decrypted (" + sealed.problem() + "): " + sealed.getMessage(),
                    "Check the key ring of the EncryptingSettingsStore (the current key and every retired key the"
                            + " secrets were sealed under), or enter the credentials again and save; nothing was"
                            + " changed in Microsoft 365."), e);
        }
        return new MsGraphException(Details.of(ErrorKind.STORAGE, operation,
                "the settings store failed (" + e.getClass().getSimpleName() + ")",
                "Check the host's settings storage; nothing was changed in Microsoft 365."), e);
    }

    /**
     * Return the settings of a connected, enabled organization, or throw before any network call.
     *
     * @param organization the organization
     * @param operation what is being done
     * @return the settings (with credentials)
     */
    public IntegrationSettings requireConnected(OrganizationId organization, String operation) {
        IntegrationSettings settings = loadSettings(organization, operation).orElse(null);
        if (settings == null || settings.credentials() == null) {
            throw new IntegrationUnavailableException(Details.of(ErrorKind.NOT_CONNECTED, operation,
                    "organization " + organization + " is not connected to Microsoft 365",
                    "Enter the Client ID, Tenant ID and Client Secret, test the connection and save."));
        }
        if (!settings.enabled()) {
            throw new IntegrationUnavailableException(Details.of(ErrorKind.DISABLED, operation,
                    "the Microsoft integration is disabled for organization " + organization,
                    "Enable the integration for the organization first."));
        }
        return settings;
    }

    /**
     * Return the session for these credentials, reusing the organization's current one when the credentials are
     * unchanged and replacing it (dropping its cached tokens) when they changed.
     *
     * @param organization the organization
     * @param credentials its credentials
     * @return the session
     */
    public GraphSession session(OrganizationId organization, AppCredentials credentials) {
        return sessions.compute(organization, (org, current) -> {
            if (current != null && current.credentials().equals(credentials)) {
                return current;
            }
            if (current != null) {
                current.close();
            }
            return GraphSession.open(org, credentials, config.cloud(), http, config.clock());
        });
    }

    /**
     * Open a throw-away session for credentials not (yet) stored, such as a connection test before saving. It never
     * shares a token with the organization's stored session.
     *
     * @param organization the organization
     * @param credentials the candidate credentials
     * @return a new session
     */
    public GraphSession transientSession(OrganizationId organization, AppCredentials credentials) {
        return GraphSession.open(organization, credentials, config.cloud(), http, config.clock());
    }

    /**
     * Drop an organization's session and cached tokens.
     *
     * @param organization the organization
     */
    public void forget(OrganizationId organization) {
        GraphSession removed = sessions.remove(organization);
        if (removed != null) {
            removed.close();
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(GraphSession::close);
        sessions.clear();
        http.close();
    }
}
