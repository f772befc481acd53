package cc.equa.msgraph.spi;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Persist each organization's {@link IntegrationSettings}. Implemented by the host (typically on its database); the
 * testkit has an in-memory implementation and {@link EncryptingSettingsStore} wraps any implementation so that the
 * host never stores a plaintext secret.
 *
 * <p>Implementations must be thread-safe. The library calls {@link #update} for every change, so an implementation
 * that can make {@code update} atomic (a row lock, a compare-and-set) keeps concurrent changes for one organization
 * from overwriting each other.
 *
 * @since 0.1.0
 */
public interface SettingsStore {

    /**
     * Load an organization's settings.
     *
     * @param organization the organization
     * @return its settings, or empty if nothing was ever stored
     * @since 0.1.0
     */
    Optional<IntegrationSettings> load(OrganizationId organization);

    /**
     * Store an organization's settings, replacing what was stored.
     *
     * @param organization the organization
     * @param settings the settings
     * @since 0.1.0
     */
    void save(OrganizationId organization, IntegrationSettings settings);

    /**
     * Forget everything stored for an organization.
     *
     * @param organization the organization
     * @since 0.1.0
     */
    void delete(OrganizationId organization);

    /**
     * Change an organization's settings: read them (or {@link IntegrationSettings#empty()}), apply {@code change}
     * and store the result. The default implementation is {@link #load} then {@link #save}; override it to make it
     * atomic.
     *
     * @param organization the organization
     * @param change the change to apply
     * @return the stored result
     * @since 0.1.0
     */
    default IntegrationSettings update(OrganizationId organization, UnaryOperator<IntegrationSettings> change) {
        IntegrationSettings updated = change.apply(load(organization).orElseGet(IntegrationSettings::empty));
        save(organization, updated);
        return updated;
    }
}
