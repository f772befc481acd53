package cc.equa.msgraph.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link HeldPlanStore} in memory: for tests and single-process hosts. Held plans are lost when the process ends;
 * a fleet of nodes needs a shared store (the scheduler module's {@code JdbcHeldPlanStore}). Thread-safe.
 *
 * @since 0.2.0
 */
public final class InMemoryHeldPlanStore implements HeldPlanStore {

    private final Map<OrganizationId, Map<String, HeldPlan>> plans = new ConcurrentHashMap<>();

    /**
     * Create an empty store.
     *
     * @since 0.2.0
     */
    public InMemoryHeldPlanStore() {
    }

    @Override
    public void put(HeldPlan plan) {
        Objects.requireNonNull(plan, "'plan' must not be null");
        plans.computeIfAbsent(plan.organization(), o -> new ConcurrentHashMap<>()).put(plan.planId(), plan);
    }

    @Override
    public Optional<HeldPlan> latest(OrganizationId organization) {
        return list(organization).stream().findFirst();
    }

    @Override
    public Optional<HeldPlan> get(OrganizationId organization, String planId) {
        Objects.requireNonNull(planId, "'planId' must not be null");
        return Optional.ofNullable(plans.getOrDefault(organization, Map.of()).get(planId));
    }

    @Override
    public List<HeldPlan> list(OrganizationId organization) {
        Objects.requireNonNull(organization, "'organization' must not be null");
        List<HeldPlan> held = new ArrayList<>(plans.getOrDefault(organization, Map.of()).values());
        held.sort(Comparator.comparing(HeldPlan::heldAt).reversed().thenComparing(HeldPlan::planId));
        return List.copyOf(held);
    }

    @Override
    public boolean remove(OrganizationId organization, String planId) {
        Objects.requireNonNull(planId, "'planId' must not be null");
        Map<String, HeldPlan> byId = plans.get(Objects.requireNonNull(organization, "'organization' must not be null"));
        return byId != null && byId.remove(planId) != null;
    }

    @Override
    public int removeAll(OrganizationId organization) {
        Map<String, HeldPlan> removed = plans.remove(Objects.requireNonNull(organization,
                "'organization' must not be null"));
        return removed == null ? 0 : removed.size();
    }

    /**
     * Describe the store by its size only.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "InMemoryHeldPlanStore[" + plans.values().stream().mapToInt(Map::size).sum() + " plans]";
    }
}
