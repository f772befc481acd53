package cc.equa.msgraph.spi;

/**
 * Where an Equa team member stands with their invitation to the organization.
 *
 * @since 0.1.0
 */
public enum InvitationStatus {
    /** Invited, not yet registered. */
    INVITED,
    /** Registered an Equa account, not yet joined the organization. */
    REGISTERED,
    /** Joined the organization. */
    JOINED,
    /** The invitation e-mail bounced: the address is probably wrong. */
    BOUNCED
}
