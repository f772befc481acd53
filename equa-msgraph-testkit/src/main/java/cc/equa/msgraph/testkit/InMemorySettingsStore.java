package cc.equa.msgraph.testkit;

import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.SettingsStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A thread-safe, in-memory {@link SettingsStore} for tests and examples. {@link #update} is atomic per organization.
 *
 * @since 0.1.0
 */
public final class InMemorySettingsStore implements SettingsStore {

    private final Map<OrganizationId, IntegrationSettings> settings = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    /**
     * Create an empty store.
     *
     * @since 0.1.0
     */
    public InMemorySettingsStore() {
    }

    @Override
    public Optional<IntegrationSettings> load(OrganizationId organization) {
        return Optional.ofNullable(settings.get(Objects.requireNonNull(organization, "'organization'")));
    }

    @Override
    public void save(OrganizationId organization, IntegrationSettings value) {
        settings.put(Objects.requireNonNull(organization, "'organization'"), Objects.requireNonNull(value, "'value'"));
        writes.incrementAndGet();
    }

    @Override
    public void delete(OrganizationId organization) {
        settings.remove(organization);
        writes.incrementAndGet();
    }

    @Override
    public IntegrationSettings update(OrganizationId organization, UnaryOperator<IntegrationSettings> change) {
        IntegrationSettings result = settings.compute(organization,
                (org, current) -> change.apply(current == null ? IntegrationSettings.empty() : current));
        writes.incrementAndGet();
        return result;
    }

    /**
     * Return how many times anything was written (saved, updated or deleted), so tests can assert that a rejected
     * input stored nothing.
     *
     * @return the number of writes
     * @since 0.1.0
     */
    public int writeCount() {
        return writes.get();
    }

    /**
     * Forget every organization's settings.
     *
     * @since 0.1.0
     */
    public void clear() {
        settings.clear();
    }
}
