package cc.equa.msgraph;

/**
 * Why a plan leaves a current group member in place.
 *
 * @since 0.1.0
 */
public enum KeepReason {
    /** The member is on the Equa team (or was requested) and already in the group: nothing to do. */
    IN_TEAM,
    /** The member is an owner of the group; owners are never removed by a sync. */
    OWNER,
    /** The member is this application's own service principal. */
    THIS_APP,
    /** The member is not a user (a group, device, contact or service principal); never removed by a sync. */
    NOT_A_USER,
    /** The member is not on the Equa team but the plan does not remove members ({@link SyncMode#ADDITIVE}). */
    NOT_IN_TEAM,
    /**
     * An Equa team member's address matches several Entra users, this member among them (on an attribute the
     * {@link MatchRules} use, or on its mail or user principal name). A sync never removes someone because it could
     * not tell who they are; resolve the ambiguity in Entra or in Equa.
     *
     * @since 0.2.0
     */
    AMBIGUOUS_MATCH,
    /**
     * An Equa team member's address matches this member's account, which is disabled. The team member is skipped
     * (not added), and the membership is kept rather than removed as "not on the team".
     *
     * @since 0.2.0
     */
    ACCOUNT_DISABLED
}
