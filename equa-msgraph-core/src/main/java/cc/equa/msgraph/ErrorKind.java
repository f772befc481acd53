package cc.equa.msgraph;

/**
 * What kind of failure a {@link MsGraphException} reports. New kinds may be added in later releases; a
 * {@code switch} over this type should keep a default branch.
 *
 * @since 0.1.0
 */
public enum ErrorKind {
    /** An input was rejected before any network call; nothing was sent or stored. */
    INVALID_INPUT,
    /** The organization has no stored credentials; connect it first. */
    NOT_CONNECTED,
    /** The integration is disabled for the organization; nothing was sent. */
    DISABLED,
    /** The organization has no linked group; link or create one first. */
    NO_LINKED_GROUP,
    /** Entra ID refused to issue a token (tenant, client id or secret wrong, secret expired). */
    AUTHENTICATION,
    /** Graph refused the call for lack of an application permission or admin consent. */
    PERMISSION,
    /** The object (typically the linked group) does not exist (any more). */
    NOT_FOUND,
    /** The change conflicts with existing state (for example a mailNickname already taken). */
    CONFLICT,
    /**
     * The group cannot be managed by the library: its membership is dynamic or synchronized from on-premises, or it
     * is not a Microsoft 365 group.
     */
    UNMANAGEABLE_GROUP,
    /** Graph throttled the app and the retry budget ran out. */
    THROTTLED,
    /** Graph failed (5xx) and the retry budget ran out. */
    SERVICE,
    /** Graph or Entra could not be reached (DNS, TLS, connection, timeout). */
    NETWORK,
    /**
     * A sync plan's meaning changed since it was made: another group linked, the team changed (team sync), or a
     * planned removal now hits a protected member; other group changes are not stale (see
     * {@link OrganizationIntegration#applySync(SyncPlan, ApplyOptions)}).
     */
    STALE_PLAN,
    /** A sync plan removes more members than the removal guard allows. */
    REMOVAL_GUARD,
    /** The host's team lookup failed; nothing was planned or changed. */
    TEAM_LOOKUP,
    /** The host's settings store failed. */
    STORAGE,
    /** Graph answered in a way the library did not expect. */
    UNEXPECTED
}
