package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link OrganizationIntegration#applySync(SyncPlan, ApplyOptions)} did: one {@link ChangeResult} per planned
 * change, and totals. A partial failure is a result, not an exception; planning and applying again converges.
 *
 * @param planId the id of the plan the caller passed
 * @param appliedPlanId the id of the plan actually applied: the same, or a fresh plan's when the reviewed one was
 *     stale and {@link ApplyOptions#replanIfStale()} was set
 * @param groupId the group
 * @param changes one result per planned change, additions first
 * @param startedAt when the apply started (integration clock)
 * @param finishedAt when it finished
 * @since 0.1.0
 */
public record SyncResult(String planId, String appliedPlanId, String groupId, List<ChangeResult> changes,
        Instant startedAt, Instant finishedAt) {

    /**
     * Reject nulls and copy the list.
     *
     * @param planId the id of the plan the caller passed
     * @param appliedPlanId the id of the plan actually applied: the same, or a fresh plan's when the reviewed one was stale and {@link ApplyOptions#replanIfStale()} was set
     * @param groupId the group
     * @param changes one result per planned change, additions first
     * @param startedAt when the apply started (integration clock)
     * @param finishedAt when it finished
     */
    public SyncResult {
        Objects.requireNonNull(planId, "'planId' must not be null");
        Objects.requireNonNull(appliedPlanId, "'appliedPlanId' must not be null");
        Objects.requireNonNull(groupId, "'groupId' must not be null");
        changes = List.copyOf(changes);
        Objects.requireNonNull(startedAt, "'startedAt' must not be null");
        Objects.requireNonNull(finishedAt, "'finishedAt' must not be null");
    }

    /**
     * Tell whether a fresh plan was applied in place of the stale one passed in.
     *
     * @return true if replanned
     * @since 0.1.0
     */
    public boolean replanned() {
        return !planId.equals(appliedPlanId);
    }

    /**
     * Count the changes made.
     *
     * @return the count
     * @since 0.1.0
     */
    public int applied() {
        return count(ChangeResult.Outcome.APPLIED);
    }

    /**
     * Count the changes that were already in place.
     *
     * @return the count
     * @since 0.1.0
     */
    public int alreadyInState() {
        return count(ChangeResult.Outcome.ALREADY_IN_STATE);
    }

    /**
     * Count the failed changes.
     *
     * @return the count
     * @since 0.1.0
     */
    public int failed() {
        return count(ChangeResult.Outcome.FAILED);
    }

    /**
     * Return the failed changes.
     *
     * @return the failures
     * @since 0.1.0
     */
    public List<ChangeResult> failures() {
        return changes.stream().filter(c -> c.outcome() == ChangeResult.Outcome.FAILED).toList();
    }

    /**
     * Tell whether every change succeeded (applied or already in place).
     *
     * @return true if nothing failed
     * @since 0.1.0
     */
    public boolean isComplete() {
        return failed() == 0;
    }

    /**
     * Return how long the apply took, by the integration's clock.
     *
     * @return the duration
     * @since 0.1.0
     */
    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * Render the result for a person: totals, then every failure with its reason and request-id, one line each.
     *
     * <p>Values that came from outside (labels, ids, Graph's reasons, request-ids) are shown with line breaks,
     * control, bidi and other invisible format characters and the backslash escaped (as {@code \n},
     * {@code \}{@code u202E}…) and capped at 200 characters ending with {@code …}, so none can forge a line.
     *
     * @return the text
     * @since 0.1.0
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Sync of group ").append(Display.safe(groupId)).append(": ").append(applied()).append(" applied, ")
                .append(alreadyInState()).append(" already in place, ").append(failed()).append(" failed");
        if (replanned()) {
            sb.append(" (plan ").append(Display.safe(planId)).append(" was stale; applied fresh plan ")
                    .append(Display.safe(appliedPlanId))
                    .append(')');
        }
        sb.append('\n');
        for (ChangeResult r : failures()) {
            sb.append("  FAILED ").append(r.change().action().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(Display.safe(r.change().label())).append(": ")
                    .append(r.reasonIfAny().map(Display::safe).orElse("unknown"));
            r.requestIdIfAny().ifPresent(id -> sb.append(" (request-id ").append(Display.safe(id)).append(')'));
            sb.append('\n');
        }
        return sb.toString();
    }

    private int count(ChangeResult.Outcome outcome) {
        return (int) changes.stream().filter(c -> c.outcome() == outcome).count();
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
