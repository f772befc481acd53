package cc.equa.msgraph.internal.connect;

import cc.equa.msgraph.IntegrationStatus;
import cc.equa.msgraph.internal.Display;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Status, enable, disable and disconnect: settings-only operations that never make a network call. */
public final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final IntegrationRuntime runtime;

    /**
     * Create the service.
     *
     * @param runtime the runtime
     */
    public Lifecycle(IntegrationRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Read the organization's status.
     *
     * @param organization the organization
     * @return the status
     */
    public IntegrationStatus status(OrganizationId organization) {
        IntegrationSettings s = runtime.loadSettings(organization, "Read the status of organization " + organization)
                .orElseGet(IntegrationSettings::empty);
        return new IntegrationStatus(organization, s.credentials() != null, s.enabled(), s.linkedGroupId(),
                s.credentials() == null ? null : s.credentials().describe());
    }

    /**
     * Enable or disable the integration. Disabling also drops the organization's cached credential and tokens.
     *
     * @param organization the organization
     * @param enabled the new flag
     */
    public void setEnabled(OrganizationId organization, boolean enabled) {
        String operation = (enabled ? "Enable" : "Disable") + " the integration for organization " + organization;
        Optional<IntegrationSettings> current = runtime.loadSettings(organization, operation);
        if (current.isPresent() && current.get().enabled() == enabled) {
            if (!enabled) {
                runtime.forget(organization);
            }
            return;
        }
        runtime.updateSettings(organization, operation, s -> s.withEnabled(enabled));
        if (!enabled) {
            runtime.forget(organization);
        }
        audit(runtime, organization, enabled ? "integration.enable" : "integration.disable", operation);
        LOG.info("{}", operation);
    }

    /**
     * Forget the stored credentials and drop any cached credential and token. The linked group, its members and the
     * library's other state are left untouched.
     *
     * @param organization the organization
     */
    public void disconnect(OrganizationId organization) {
        String operation = "Disconnect organization " + organization;
        Optional<IntegrationSettings> current = runtime.loadSettings(organization, operation);
        if (current.isPresent() && current.get().credentials() != null) {
            String described = current.get().credentials().describe();
            runtime.updateSettings(organization, operation, s -> s.withCredentials(null));
            audit(runtime, organization, "credentials.delete", described);
            LOG.info("{}: forgot {}", operation, described);
        }
        runtime.forget(organization);
    }

    /**
     * Record an audit event, never failing the operation.
     *
     * @param runtime the runtime
     * @param organization the organization
     * @param action the action
     * @param detail the detail
     */
    static void audit(IntegrationRuntime runtime, OrganizationId organization, String action, String detail) {
        try {
            runtime.config().audit().record(new AuditEvent(runtime.config().clock().instant(), organization, action,
                    null, null, null, null, "applied", null, Display.audit(detail)));
        } catch (RuntimeException e) {
            LOG.warn("The audit sink failed on {} for organization {} ({})", action, organization,
                    e.getClass().getSimpleName());
        }
    }
}
