package cc.equa.msgraph.scheduler;

/**
 * How one scheduled sync of one organization ended. Low-cardinality: usable as a metric tag.
 *
 * @since 0.2.0
 */
public enum SyncOutcome {

    /** The group already matched the team: nothing to apply or hold. */
    UP_TO_DATE,
    /** Every planned change was applied (or already in place); nothing held. */
    APPLIED,
    /** Nothing was applied; the plan is held for review. */
    HELD,
    /** Part of the plan was applied as the policy allows; the rest is held for review. */
    APPLIED_AND_HELD,
    /** Some changes failed; the next run plans them again. */
    INCOMPLETE,
    /** The organization is not connected, disabled, or has no linked group: nothing was sent. */
    SKIPPED,
    /** The sync failed before anything was applied (see {@link SyncRun#errorIfAny()}); the next run tries again. */
    FAILED
}
