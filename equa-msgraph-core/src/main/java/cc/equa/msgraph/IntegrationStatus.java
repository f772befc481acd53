package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where an organization's integration stands, read from the settings store without any network call: for a
 * settings screen's header.
 *
 * @param organization the organization
 * @param connected whether credentials are stored (they may still fail a test: see
 *     {@link OrganizationIntegration#testConnection()})
 * @param enabled whether the integration is enabled; when false every network operation fails fast
 * @param linkedGroupId the linked Microsoft 365 group's id, or {@code null}
 * @param credentials a secret-free description of the stored credentials, or {@code null} when not connected
 * @since 0.1.0
 */
public record IntegrationStatus(
        OrganizationId organization,
        boolean connected,
        boolean enabled,
        @Nullable String linkedGroupId,
        @Nullable String credentials) {

    /**
     * Reject a null organization.
     *
     * @param organization the organization
     * @param connected whether credentials are stored (they may still fail a test: see {@link OrganizationIntegration#testConnection()})
     * @param enabled whether the integration is enabled; when false every network operation fails fast
     * @param linkedGroupId the linked Microsoft 365 group's id, or {@code null}
     * @param credentials a secret-free description of the stored credentials, or {@code null} when not connected
     */
    public IntegrationStatus {
        Objects.requireNonNull(organization, "'organization' must not be null");
    }

    /**
     * Return the linked group id, if a group is linked.
     *
     * @return the group id
     * @since 0.1.0
     */
    public Optional<String> linkedGroupIdIfAny() {
        return Optional.ofNullable(linkedGroupId);
    }

    /**
     * Return the description of the stored credentials, if connected.
     *
     * @return the description
     * @since 0.1.0
     */
    public Optional<String> credentialsIfAny() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Tell whether network operations can run: connected and enabled.
     *
     * @return true if usable
     * @since 0.1.0
     */
    public boolean usable() {
        return connected && enabled;
    }

    /**
     * Return the component {@code linkedGroupId}: the linked Microsoft 365 group's id, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #linkedGroupIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String linkedGroupId() {
        return linkedGroupId;
    }

    /**
     * Return the component {@code credentials}: a secret-free description of the stored credentials, or {@code null}
     * when not connected.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #credentialsIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String credentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
