package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.spi.OrganizationId;

/**
 * Receives what the scheduler does, for metrics, traces or an admin's activity feed. Called on the thread that runs
 * the organization's sync; keep it fast. An exception thrown here is logged and ignored: it never changes a sync.
 * {@code ObservationFleetListener} (package {@code cc.equa.msgraph.scheduler.micrometer}) turns these calls into
 * Micrometer observations.
 *
 * @since 0.2.0
 */
public interface FleetListener {

    /**
     * A scheduled sync of an organization starts on this node.
     *
     * @param organization the organization
     * @param policy its policy
     * @since 0.2.0
     */
    default void syncStarted(OrganizationId organization, SyncPolicy policy) {
    }

    /**
     * One change of an apply settled (applied, already in place or failed).
     *
     * @param organization the organization
     * @param result the change's result
     * @param completed how many changes of this apply are settled, this one included
     * @param total how many changes the apply has
     * @since 0.2.0
     */
    default void changeSettled(OrganizationId organization, ChangeResult result, int completed, int total) {
    }

    /**
     * A scheduled sync of an organization ended (whatever its outcome).
     *
     * @param run what it did
     * @since 0.2.0
     */
    default void syncFinished(SyncRun run) {
    }
}
