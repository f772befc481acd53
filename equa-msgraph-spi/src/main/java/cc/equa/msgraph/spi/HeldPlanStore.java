package cc.equa.msgraph.spi;

import java.util.List;
import java.util.Optional;

/**
 * Where sync plans wait for a person's review: an unattended sync (the {@code equa-msgraph-scheduler} module) puts
 * the plans its policy does not let it apply here, and an admin screen lists them and confirms one. Ready
 * implementations: {@link InMemoryHeldPlanStore} (one process, tests) and {@code JdbcHeldPlanStore} in the scheduler
 * module (a database table shared by every node).
 *
 * <p>Implementations must be safe for concurrent use from several threads (and, for shared stores, from several
 * processes). The stored JSON crosses a trust boundary when it comes back: the library re-validates it.
 *
 * @since 0.2.0
 */
public interface HeldPlanStore {

    /**
     * Store a held plan. A plan with the same organization and plan id replaces the stored one.
     *
     * @param plan the plan
     * @since 0.2.0
     */
    void put(HeldPlan plan);

    /**
     * Return the most recently held plan of an organization (largest {@link HeldPlan#heldAt()}).
     *
     * @param organization the organization
     * @return the plan, or empty if none is held
     * @since 0.2.0
     */
    Optional<HeldPlan> latest(OrganizationId organization);

    /**
     * Return one held plan.
     *
     * @param organization the organization
     * @param planId the plan's id
     * @return the plan, or empty if it is not held (never held, confirmed or discarded)
     * @since 0.2.0
     */
    Optional<HeldPlan> get(OrganizationId organization, String planId);

    /**
     * Return an organization's held plans, the most recently held first.
     *
     * @param organization the organization
     * @return the plans, possibly empty
     * @since 0.2.0
     */
    List<HeldPlan> list(OrganizationId organization);

    /**
     * Forget one held plan, for example after it was confirmed or discarded. Confirming a held plan claims it with
     * this method before applying it, so it must be atomic: of several callers removing the same plan at once (on
     * one node or several), exactly one gets true (a database {@code DELETE} and its row count, a concurrent map's
     * {@code remove}).
     *
     * @param organization the organization
     * @param planId the plan's id
     * @return true if a plan was removed
     * @since 0.2.0
     */
    boolean remove(OrganizationId organization, String planId);

    /**
     * Forget every held plan of an organization, for example when a newer plan supersedes them.
     *
     * @param organization the organization
     * @return how many plans were removed
     * @since 0.2.0
     */
    int removeAll(OrganizationId organization);
}
