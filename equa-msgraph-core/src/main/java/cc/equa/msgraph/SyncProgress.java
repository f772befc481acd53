package cc.equa.msgraph;

/**
 * Receive progress while {@link OrganizationIntegration#applySync(SyncPlan, ApplyOptions)} runs, for example to move
 * a progress bar. Called on the applying thread after each change is settled; keep it fast. An exception thrown here
 * is logged and ignored.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SyncProgress {

    /**
     * Report one settled change.
     *
     * @param result the change's result
     * @param completed how many changes are settled so far, this one included
     * @param total how many changes the apply has
     * @since 0.1.0
     */
    void changeSettled(ChangeResult result, int completed, int total);

    /**
     * Return a listener that ignores everything.
     *
     * @return the listener
     * @since 0.1.0
     */
    static SyncProgress none() {
        return (result, completed, total) -> { };
    }
}
