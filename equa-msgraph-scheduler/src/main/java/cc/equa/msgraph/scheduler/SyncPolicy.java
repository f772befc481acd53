package cc.equa.msgraph.scheduler;

/**
 * What an unattended sync of one organization may apply without a person. Whatever a policy does not apply is held
 * for review in the {@link cc.equa.msgraph.spi.HeldPlanStore}, to be confirmed with
 * {@link FleetScheduler#confirm(cc.equa.msgraph.spi.OrganizationId, String, cc.equa.msgraph.ApplyOptions)}.
 *
 * @since 0.2.0
 */
public enum SyncPolicy {

    /**
     * Plan and hold the whole plan for review; apply nothing (the library's behaviour without a scheduler). The
     * default.
     */
    REVIEW_EVERYTHING,

    /**
     * Apply additions; hold removals and owner additions for review. When a plan has both, the additions go through
     * {@link cc.equa.msgraph.OrganizationIntegration#planAddMembers(java.util.Collection)} with the additions'
     * addresses and are applied, then the organization is planned again and what remains (removals, owner
     * additions) is held. That costs a second user lookup of the added addresses and a second plan on top of a
     * plain sync, and the addresses are matched with the default {@link cc.equa.msgraph.MatchRules}; a plan with
     * additions only is applied as it is, at no extra cost.
     */
    APPLY_ADDITIONS_HOLD_REMOVALS,

    /**
     * Apply the whole plan when its removal guard does not trip; otherwise apply nothing and hold the whole plan.
     */
    APPLY_WITHIN_GUARD
}
