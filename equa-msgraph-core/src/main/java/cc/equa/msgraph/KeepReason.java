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
    NOT_IN_TEAM
}
