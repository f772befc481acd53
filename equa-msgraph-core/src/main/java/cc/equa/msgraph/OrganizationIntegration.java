package cc.equa.msgraph;

import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.connect.ConnectionService;
import cc.equa.msgraph.internal.sync.SyncService;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Collection;
import java.util.Objects;

/**
 * One Equa organization's Microsoft 365 integration: its connection, its linked group, and membership sync.
 * Obtained from {@link MicrosoftIntegration#organization(OrganizationId)}; cheap to create, thread-safe, and holding
 * no state of its own (everything lives in the host's {@link cc.equa.msgraph.spi.SettingsStore}).
 *
 * <p>Every operation first checks its inputs and the organization's state (connected, enabled, group linked) and
 * fails with an {@link InvalidInputException} or {@link IntegrationUnavailableException} before any network call.
 *
 * @since 0.1.0
 */
public final class OrganizationIntegration {

    private final IntegrationRuntime runtime;
    private final OrganizationId organization;

    OrganizationIntegration(IntegrationRuntime runtime, OrganizationId organization) {
        this.runtime = runtime;
        this.organization = organization;
    }

    /**
     * Return the organization.
     *
     * @return the organization id
     * @since 0.1.0
     */
    public OrganizationId id() {
        return organization;
    }

    /**
     * Test the organization's stored credentials: acquire a fresh-as-needed token and probe Graph for each
     * capability the integration needs.
     *
     * @return the report (a failed test is a report, not an exception)
     * @throws IntegrationUnavailableException if the organization is not connected or the integration is disabled
     * @since 0.1.0
     */
    public ConnectionReport testConnection() {
        return new ConnectionService(runtime).testStored(organization);
    }

    /**
     * Test candidate credentials without storing them (the admin's "Test Connection" button). Uses a fresh
     * credential, so a permission granted a moment ago is seen.
     *
     * @param credentials the credentials to test
     * @return the report
     * @since 0.1.0
     */
    public ConnectionReport testConnection(AppCredentials credentials) {
        return new ConnectionService(runtime).testCandidate(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"));
    }

    /**
     * Plan a membership sync of the linked group with the organization's Equa team, with the default options
     * ({@link SyncOptions#defaults()}: mirror, all match attributes, default removal guard). Reads the team and the
     * group; changes nothing.
     *
     * @return the plan, to review and then {@link #applySync(SyncPlan) apply}
     * @throws IntegrationUnavailableException if not connected, disabled, or no group is linked
     * @throws MsGraphException with {@link ErrorKind#TEAM_LOOKUP} if the team lookup failed (nothing is planned)
     * @since 0.1.0
     */
    public SyncPlan planSync() {
        return planSync(SyncOptions.defaults());
    }

    /**
     * Plan a membership sync of the linked group with the organization's Equa team. Reads the team and the group;
     * changes nothing. Team members are matched to Entra users by e-mail in bulk ({@code $batch} of filtered
     * lookups); everyone who will not be in the group is reported with a {@link SkipReason}.
     *
     * @param options the options
     * @return the plan
     * @throws IntegrationUnavailableException if not connected, disabled, or no group is linked
     * @throws MsGraphException with {@link ErrorKind#TEAM_LOOKUP} if the team lookup failed (nothing is planned)
     * @since 0.1.0
     */
    public SyncPlan planSync(SyncOptions options) {
        return new SyncService(runtime, organization).planSync(
                Objects.requireNonNull(options, "'options' must not be null"));
    }

    /**
     * Plan adding chosen users to the linked group, by e-mail address (matched with the default {@link MatchRules}).
     * Unmatched, ambiguous, disabled and invalid addresses are reported in {@link SyncPlan#skipped()}; users already
     * in the group in {@link SyncPlan#unchanged()}. Apply the plan with {@link #applySync(SyncPlan)}.
     *
     * @param emails one or more e-mail addresses (at most 1,000)
     * @return the plan
     * @throws InvalidInputException if the collection is empty, too large or holds null
     * @since 0.1.0
     */
    public SyncPlan planAddMembers(Collection<String> emails) {
        return new SyncService(runtime, organization).planAdd(emails, SyncOptions.defaults());
    }

    /**
     * Plan removing chosen members from the linked group, named by e-mail address or Entra object id. Owners, this
     * application and non-user members are never removed (they are listed in {@link SyncPlan#protectedMembers()});
     * removals only drop the membership ({@code DELETE /groups/{id}/members/{memberId}/$ref}). The default removal
     * guard applies.
     *
     * @param members one or more addresses or object ids (at most 1,000)
     * @return the plan
     * @throws InvalidInputException if the collection is empty, too large or holds null
     * @since 0.1.0
     */
    public SyncPlan planRemoveMembers(Collection<String> members) {
        return planRemoveMembers(members, false);
    }

    /**
     * Plan removing chosen members from the linked group, optionally including protected members (owners, this
     * application, non-user members) when a person explicitly chose them.
     *
     * @param members one or more addresses or object ids (at most 1,000)
     * @param includeProtected true to allow removing owners', this application's and non-users' memberships
     * @return the plan
     * @throws InvalidInputException if the collection is empty, too large or holds null
     * @since 0.1.0
     */
    public SyncPlan planRemoveMembers(Collection<String> members, boolean includeProtected) {
        return new SyncService(runtime, organization).planRemove(members, includeProtected, SyncOptions.defaults());
    }

    /**
     * Apply a reviewed plan with the default {@link ApplyOptions}: the removal guard holds and a stale plan is
     * refused.
     *
     * @param plan the reviewed plan
     * @return the result, one {@link ChangeResult} per change
     * @throws MsGraphException with {@link ErrorKind#STALE_PLAN} or {@link ErrorKind#REMOVAL_GUARD}, before any
     *     change is made
     * @since 0.1.0
     */
    public SyncResult applySync(SyncPlan plan) {
        return applySync(plan, ApplyOptions.defaults());
    }

    /**
     * Apply exactly what was reviewed. The group (and, for a team sync, the team) is read again first; a plan whose
     * meaning changed (another linked group, a changed team, a removal that now hits an owner) is refused, or
     * replanned when {@link ApplyOptions#replanIfStale()} is set. Additions go as batched {@code members@odata.bind}
     * PATCHes, removals as batched {@code $ref} DELETEs, paced to Graph's write quota; throttled items are retried
     * after Retry-After. Changes already in place count as done, so applying again (after a crash, or concurrently)
     * converges. Every change is audited with {@link ApplyOptions#actor()}.
     *
     * @param plan the reviewed plan
     * @param options how to apply
     * @return the result; a partial failure is a result, not an exception
     * @throws MsGraphException with {@link ErrorKind#STALE_PLAN} or {@link ErrorKind#REMOVAL_GUARD}, before any
     *     change is made
     * @since 0.1.0
     */
    public SyncResult applySync(SyncPlan plan, ApplyOptions options) {
        return new SyncService(runtime, organization).apply(Objects.requireNonNull(plan, "'plan' must not be null"),
                Objects.requireNonNull(options, "'options' must not be null"));
    }
}
