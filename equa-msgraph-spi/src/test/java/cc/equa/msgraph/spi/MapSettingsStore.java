package cc.equa.msgraph.spi;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A minimal store for the decorators' tests: what the host would have in its database. */
final class MapSettingsStore implements SettingsStore {

    final Map<OrganizationId, IntegrationSettings> rows = new ConcurrentHashMap<>();

    @Override
    public Optional<IntegrationSettings> load(OrganizationId organization) {
        return Optional.ofNullable(rows.get(organization));
    }

    @Override
    public void save(OrganizationId organization, IntegrationSettings settings) {
        rows.put(organization, settings);
    }

    @Override
    public void delete(OrganizationId organization) {
        rows.remove(organization);
    }
}
