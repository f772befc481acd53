package cc.equa.msgraph;

/**
 * How a membership sync treats group members who are not on the Equa team.
 *
 * @since 0.1.0
 */
public enum SyncMode {
    /**
     * The group becomes the Equa team: matched team members are added and group members who are not on the team are
     * removed (never owners, the app itself or non-user members; removals are subject to the {@link RemovalGuard}).
     */
    MIRROR,
    /** Matched team members are added; nobody is ever removed. */
    ADDITIVE
}
