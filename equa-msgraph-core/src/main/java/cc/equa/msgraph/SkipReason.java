package cc.equa.msgraph;

/**
 * Why an Equa team member (or a requested address) will not be in the group after a sync.
 *
 * @since 0.1.0
 */
public enum SkipReason {
    /** The member is an entity (a fund, a company); only individuals are added. */
    ENTITY,
    /** Equa has no e-mail address for the member. */
    NO_EMAIL,
    /** The e-mail address is not a plausible address; it was not sent to Microsoft Graph. */
    INVALID_EMAIL,
    /** No Entra user has this address (under the configured {@link MatchRules}). */
    NO_MATCHING_USER,
    /** Several Entra users have this address; the member was not added to any of them. */
    AMBIGUOUS_MATCH,
    /** The matching Entra user's account is disabled. */
    ACCOUNT_DISABLED,
    /** The member's invitation status is outside the sync's scope ({@link SyncOptions#invitationStatuses()}). */
    FILTERED_BY_STATUS,
    /** None of the member's roles is in the sync's scope ({@link SyncOptions#roles()}). */
    FILTERED_BY_ROLE,
    /** Another team member matches the same Entra user; the user is planned once, for the other member. */
    DUPLICATE_MATCH,
    /** A requested removal names a user who is not a member of the group: nothing to remove. */
    NOT_A_MEMBER,
    /**
     * The matching Entra user is a guest ({@code userType} Guest) and the Microsoft 365 group does not accept guests:
     * its own guest setting, or the tenant's Microsoft 365 group setting, has {@code AllowToAddGuests} false, so
     * Microsoft Graph would refuse the addition. Shown only where the app may read the setting; otherwise the guest
     * is planned and the apply reports the refusal for that guest alone. To add the guest, an administrator allows
     * guests for the group or the tenant (Microsoft Entra admin center or Microsoft 365 admin center), or the person
     * is given a member account. The guest's user id is in {@link SkippedMember#candidateIds()}.
     *
     * @since 0.2.0
     */
    GUEST_NOT_ALLOWED
}
