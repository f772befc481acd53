package cc.equa.msgraph;

import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.connect.ConnectionService;
import cc.equa.msgraph.internal.connect.Lifecycle;
import cc.equa.msgraph.internal.groups.GroupService;
import cc.equa.msgraph.internal.plan.PlanAuthenticator;
import cc.equa.msgraph.internal.sync.SyncService;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

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

    private final OrganizationId organization;
    // the services are made once per handle and held; each is stateless between calls
    private final ConnectionService connection;
    private final Lifecycle lifecycle;
    private final GroupService groups;
    private final SyncService sync;
    private final PlanAuthenticator plans;

    OrganizationIntegration(IntegrationRuntime runtime, OrganizationId organization) {
        this.organization = organization;
        this.connection = new ConnectionService(runtime);
        this.lifecycle = new Lifecycle(runtime);
        this.groups = new GroupService(runtime);
        this.sync = new SyncService(runtime, organization);
        this.plans = new PlanAuthenticator(runtime.config().planKeys());
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
     * Validate, test and store the organization's credentials (the admin's "Save" button).
     *
     * <p>The input is checked first; every invalid field is named at once and nothing is sent or stored. Then the
     * connection is tested on a new credential (see {@link #testConnection(AppCredentials)}). The credentials are
     * stored only if the test {@linkplain ConnectionReport#passed() passed} ({@linkplain ConnectionReport#verdict()
     * verdict} {@link ConnectionVerdict#PASSED} or {@link ConnectionVerdict#PASSED_WITH_LIMITS}; then
     * {@link ConnectionReport#limits()} says what will not work until a permission is granted), or if
     * {@link ConnectOption#SAVE_IF_TEST_FAILS} is given; a failed test is <em>returned</em>, not thrown, so the
     * report can be shown: check {@link ConnectionReport#saved()}, or call {@link ConnectionReport#orThrow()}.
     * After saving, the organization's next operation acquires a new token (no token of earlier credentials is
     * reused).
     *
     * @param credentials the credentials
     * @param options options, such as {@link ConnectOption#SAVE_IF_TEST_FAILS}
     * @return the connection report; {@link ConnectionReport#saved()} tells whether the credentials were stored
     * @throws InvalidInputException naming every invalid field (nothing sent, nothing stored)
     * @throws IntegrationUnavailableException if the integration is disabled for the organization (nothing sent)
     * @since 0.1.0
     */
    public ConnectionReport connect(AppCredentials credentials, ConnectOption... options) {
        return connection.connect(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"),
                ConnectionService.optionSet(options));
    }

    /**
     * Validate and store credentials <em>without</em> testing them: no network call. For provisioning before the
     * tenant is ready; prefer {@link #connect}.
     *
     * @param credentials the credentials
     * @throws InvalidInputException naming every invalid field (nothing stored)
     * @since 0.1.0
     */
    public void saveCredentials(AppCredentials credentials) {
        connection.save(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"));
    }

    /**
     * Test the organization's stored credentials: acquire a new token (so a permission or consent granted a moment
     * ago is seen) and probe Graph for each capability the integration needs. Nothing is changed in the tenant.
     *
     * @return the report (a failed test is a report, not an exception)
     * @throws IntegrationUnavailableException if the organization is not connected or the integration is disabled
     * @throws InvalidInputException if the stored credentials are not valid (for example platform defaults with a
     *     stray line break)
     * @since 0.1.0
     */
    public ConnectionReport testConnection() {
        return connection.testStored(organization);
    }

    /**
     * Test candidate credentials without storing them (the admin's "Test Connection" button). Uses a fresh
     * credential, so a permission granted a moment ago is seen.
     *
     * @param credentials the credentials to test
     * @return the report
     * @throws InvalidInputException naming every invalid field (nothing sent)
     * @throws IntegrationUnavailableException if the integration is disabled for the organization (nothing sent)
     * @since 0.1.0
     */
    public ConnectionReport testConnection(AppCredentials credentials) {
        return connection.testCandidate(organization,
                Objects.requireNonNull(credentials, "'credentials' must not be null"));
    }

    /**
     * Return where the organization's integration stands (connected, enabled, linked group), without any network
     * call.
     *
     * @return the status
     * @since 0.1.0
     */
    public IntegrationStatus status() {
        return lifecycle.status(organization);
    }

    /**
     * Enable the integration for the organization. No network call.
     *
     * @since 0.1.0
     */
    public void enable() {
        lifecycle.setEnabled(organization, true);
    }

    /**
     * Disable the integration for the organization: every network operation then fails fast with
     * {@link ErrorKind#DISABLED} and sends nothing. The stored credentials and linked group are kept; the cached
     * token is dropped. No network call.
     *
     * @since 0.1.0
     */
    public void disable() {
        lifecycle.setEnabled(organization, false);
    }

    /**
     * Disconnect the organization: forget its stored credentials and drop its cached credential and token. The
     * linked group and its members are left untouched in Microsoft 365 (and the link is kept, for a later
     * reconnect). Later operations fail with {@link ErrorKind#NOT_CONNECTED} before any request. No network call;
     * does nothing if the organization is not connected.
     *
     * @since 0.1.0
     */
    public void disconnect() {
        lifecycle.disconnect(organization);
    }

    /**
     * List one page of the tenant's groups: all Microsoft 365 groups, those whose name starts with a prefix, or
     * those matching a word search; or the next page of an earlier listing. Only the properties in
     * {@link GroupInfo} are fetched.
     *
     * @param query what to list
     * @return the page, with an opaque token for the next one
     * @throws InvalidInputException if the query's text, page size or page token is invalid, or (since 0.2.0) a page
     *     query's page size is not its listing's own (before any network call)
     * @throws IntegrationUnavailableException if the organization is not connected or the integration is disabled
     * @since 0.1.0
     */
    public GroupPage groups(GroupQuery query) {
        Objects.requireNonNull(query, "'query' must not be null");
        return groups.groups(organization, query, query.pageSizeOfPageQuery());
    }

    /**
     * Link an existing Microsoft 365 group to the organization, replacing any group linked before. The group must
     * exist and be manageable: a Microsoft 365 group whose membership is neither dynamic nor synchronized from
     * on-premises. Nothing in Microsoft 365 is changed.
     *
     * @param groupId the group's object id (a GUID)
     * @return the linked group
     * @throws InvalidInputException if the id is not a GUID (before any network call)
     * @throws NotFoundException if no such group exists
     * @throws MsGraphException with {@link ErrorKind#UNMANAGEABLE_GROUP} if the group cannot be managed
     * @since 0.1.0
     */
    public LinkedGroup linkGroup(String groupId) {
        return linkGroup(groupId, LinkOptions.defaults());
    }

    /**
     * Link an existing group with options, such as accepting security groups.
     *
     * @param groupId the group's object id (a GUID)
     * @param options the options
     * @return the linked group
     * @throws InvalidInputException if the id is not a GUID (before any network call)
     * @throws NotFoundException if no such group exists
     * @throws MsGraphException with {@link ErrorKind#UNMANAGEABLE_GROUP} if the group cannot be managed
     * @since 0.1.0
     */
    public LinkedGroup linkGroup(String groupId, LinkOptions options) {
        Objects.requireNonNull(groupId, "'groupId' must not be null");
        Objects.requireNonNull(options, "'options' must not be null");
        return groups.link(organization, groupId, options);
    }

    /**
     * Remove the organization's link to its group. The group and its members are not touched. Forgetting a link is
     * local: since 0.2.0 it works while the organization is disconnected or the integration disabled, sends no request
     * and leaves the stored credentials, the enabled flag and any cached token as they were.
     *
     * @return true if a group was linked, false if none was
     * @since 0.1.0
     */
    public boolean unlinkGroup() {
        return groups.unlink(organization);
    }

    /**
     * Create a Microsoft 365 group, with an owner, and link it to the organization. Safe to retry: if a response is
     * lost, calling again with the same name adopts the group already created instead of creating a second one.
     * Waits (through the configured sleeper, about a minute at most) until the new group is visible.
     *
     * @param group the group to create
     * @return the linked group
     * @throws InvalidInputException if a field breaks Graph's limits (before any network call)
     * @throws NotFoundException if a named owner does not exist
     * @throws MsGraphException with {@link ErrorKind#CONFLICT} if an explicit mail nickname is taken
     * @since 0.1.0
     */
    public LinkedGroup createGroup(NewGroup group) {
        Objects.requireNonNull(group, "'group' must not be null");
        return groups.create(organization, group);
    }

    /**
     * Read the linked group as it is now in Microsoft 365.
     *
     * @return the group, or empty when no group is linked
     * @throws NotFoundException if the linked group was deleted (the link is kept; relink or create a group)
     * @since 0.1.0
     */
    public Optional<GroupInfo> linkedGroup() {
        return groups.linkedGroup(organization);
    }

    /**
     * Read all direct members of the linked group, owners flagged. For very large groups prefer
     * {@link #forEachMember(Consumer)}, which holds one page at a time.
     *
     * @return the members
     * @throws IntegrationUnavailableException if no group is linked
     * @throws NotFoundException if the linked group was deleted (the link is kept; relink or create a group)
     * @since 0.1.0
     */
    public List<GroupMember> members() {
        return groups.members(organization);
    }

    /**
     * Pass each direct member of the linked group to {@code action}, one page (up to 999 members) at a time, owners
     * flagged. An exception thrown by the action stops the iteration and is rethrown unchanged.
     *
     * @param action what to do with each member
     * @throws IntegrationUnavailableException if no group is linked
     * @throws NotFoundException if the linked group was deleted (the link is kept; relink or create a group)
     * @since 0.1.0
     */
    public void forEachMember(Consumer<? super GroupMember> action) {
        groups.forEachMember(organization, Objects.requireNonNull(action,
                "'action' must not be null"));
    }

    /**
     * Plan a membership sync of the linked group with the organization's Equa team, with the default options
     * ({@link SyncOptions#defaults()}: mirror, all match attributes, default removal guard). Reads the team and the
     * group; changes nothing in Microsoft 365. The plan is signed with the organization's plan key (the first plan
     * of an organization creates it in the settings, unless the host supplies keys).
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
     * lookups); everyone who will not be in the group is reported with a {@link SkipReason}. With
     * {@link SyncOptions.Builder#ownerRoles(Collection) owner roles} the plan also lists
     * {@link SyncPlan#ownerAdditions() owner additions}; owners are never removed. Addresses are matched as
     * {@link MatchRules} states: checked for plausibility before any case folding (a look-alike such as U+212A for
     * {@code k} is skipped as {@link SkipReason#INVALID_EMAIL}, never looked up), and a member a team address resolves
     * to ambiguously or as a disabled account is kept, never removed ({@link SyncPlan#protectedMembers()}).
     *
     * <p>Since 0.2.0 a re-plan is cheaper: from a group's second plan in this {@link MicrosoftIntegration} on, it
     * remembers the group's members and owners as the last plan read them, and reuses them while a Microsoft Graph
     * group delta query says neither changed (one request instead of every member page; needs no extra permission).
     * Member labels (mail, user principal name) may then be as old as that read. Any other outcome — a change, an expired or refused delta link, an apply in between —
     * means a full read. Users are always looked up afresh, and an apply always reads the group again.
     *
     * @param options the options
     * @return the plan
     * @throws IntegrationUnavailableException if not connected, disabled, or no group is linked
     * @throws MsGraphException with {@link ErrorKind#TEAM_LOOKUP} if the team lookup failed (nothing is planned)
     * @since 0.1.0
     */
    public SyncPlan planSync(SyncOptions options) {
        return signed(sync.planSync(
                Objects.requireNonNull(options, "'options' must not be null")));
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
        return planAddMembers(emails, SyncOptions.defaults());
    }

    /**
     * Plan adding chosen users to the linked group, by e-mail address, with options: the addresses are matched as
     * {@link SyncOptions#matchRules()} states (for example only {@code mail} and {@code userPrincipalName}). The
     * options are kept in the plan and its authentication, and {@link #applySync(SyncPlan)} resolves the addresses
     * again with the same rules before adding anyone. The other options choose and guard an Equa team, which an
     * add-members plan does not have: the mode, role and invitation-status filters are kept in the plan but change
     * nothing, the removal guard holds trivially (an add-members plan removes no one), and owner roles are refused.
     * Unmatched, ambiguous, disabled and invalid addresses are reported in {@link SyncPlan#skipped()} (with
     * {@link SkippedMember#requestedIfAny()}); users already in the group in {@link SyncPlan#unchanged()}.
     *
     * @param emails one or more e-mail addresses (at most 1,000)
     * @param options the options; only the match rules take effect
     * @return the plan
     * @throws InvalidInputException if the collection is empty, too large or holds null, or the options name owner
     *     roles (before any network call)
     * @throws IntegrationUnavailableException if not connected, disabled, or no group is linked
     * @since 0.2.0
     */
    public SyncPlan planAddMembers(Collection<String> emails, SyncOptions options) {
        return signed(sync.planAdd(emails, Objects.requireNonNull(options, "'options' must not be null")));
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
        return signed(sync.planRemove(members, includeProtected,
                SyncOptions.defaults()));
    }

    /**
     * Apply a reviewed plan with the default {@link ApplyOptions}: the removal guard holds and a stale plan is
     * refused.
     *
     * @param plan the reviewed plan
     * @return the result, one {@link ChangeResult} per change
     * @throws MsGraphException with {@link ErrorKind#STALE_PLAN} or {@link ErrorKind#REMOVAL_GUARD}, before any
     *     change is made
     * @throws PermissionDeniedException if the application lacks the permission to make the plan's changes (see
     *     {@link #applySync(SyncPlan, ApplyOptions)})
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
     * converges. Every change is audited with {@link ApplyOptions#actor()}. Owner additions (since 0.2.0) go as
     * batched {@code POST owners/$ref} after the member additions and need {@code Group.ReadWrite.All}.
     *
     * <p>Since 0.2.0, before anything else (no request is sent otherwise) the plan's authentication is checked: it
     * must be a plan of this organization, signed with a key the integration's {@link cc.equa.msgraph.spi.PlanKeys}
     * still has, and unchanged since it was made. Plans written by 0.1.0 carry no authentication and are refused.
     *
     * <p>Independently of that check, apply trusts no claim of the plan (its JSON may have passed through a browser, a cache or a
     * queue): a plan can only narrow what a fresh plan would do. Besides the group and team, apply resolves again the
     * addresses the changes rest on (only those) and, for a mirror sync's removals, reads the removed members'
     * aliases by id. Each change is checked; one that the current team and directory do not justify is refused —
     * reported as {@link ChangeResult.Outcome#FAILED} with a reason starting {@code "refused: "}, audited, and nothing
     * is sent for it. Refused are: an addition (or owner addition) of a team sync that is not the user the named
     * current, in-scope team member's address resolves to now, or whose label is not that address; an owner addition
     * whose team member holds none of {@link SyncOptions#ownerRoles()}; an addition of an add-members plan that is not
     * what a requested address resolves to; a removal whose label is not the member's mail or user principal name as
     * the directory shows it now; a removal of an owner, this application or a non-user unless the plan is a
     * remove-members plan made with {@code includeProtected}; a mirror removal of someone a current team member's
     * address matches (or might match: ambiguous, disabled); any removal in an additive sync or an add-members plan;
     * a removal of a remove-members plan that is not a requested member. The removal guard is recomputed from the
     * removals that will be sent and the group's current size (a plan that says its guard tripped is honoured too).
     * The plan's options, kind, requested members and {@code includeProtected} flag are taken as they are; only the
     * plan's authentication protects them.
     *
     * <p>Stale ({@link ErrorKind#STALE_PLAN}) means exactly: another group is linked than the plan's; for a team
     * sync, the team as the plan's options see it changed (a member in scope added or removed, an address changed,
     * someone moved in or out of scope, or, with owner roles, who should own the group); or a planned removal now
     * targets a protected member (an owner, this application, a non-user), unless the plan is a remove-members plan
     * made with {@code includeProtected}. Any other change of the group — a member added or removed out of band,
     * even one the plan adds or removes — does not make the plan stale: it applies as reviewed, a change already in
     * place counts as {@link ChangeResult.Outcome#ALREADY_IN_STATE}, and each change is re-checked as said above.
     *
     * <p>Permissions (since 0.2.0): a plan the application may not apply at all fails with
     * {@link PermissionDeniedException} naming the permission, after at most one write request. When the access
     * token's roles are readable and carry none of {@code GroupMember.ReadWrite.All}, {@code Group.ReadWrite.All},
     * {@code Directory.ReadWrite.All} (for a plan of owner additions only: {@code Group.ReadWrite.All},
     * {@code Directory.ReadWrite.All}), nothing is sent. When they cannot be read, the first change is sent alone
     * and Graph's 403 {@code AccessDenied} or {@code Authorization_RequestDenied} "Insufficient privileges…" ends
     * the apply. Any other refusal — a 403 about one object, such as a guest the group's policy refuses, or owner
     * additions without an owner permission while the member changes are allowed — is a per-change
     * {@link ChangeResult.Outcome#FAILED} result, like every partial failure.
     *
     * @param plan the reviewed plan
     * @param options how to apply
     * @return the result; a partial failure is a result, not an exception
     * @throws InvalidInputException if the plan was edited after it was made, was signed with an unknown or retired
     *     key, was made for another organization or carries no authentication: plan again and review the new plan
     * @throws MsGraphException with {@link ErrorKind#STALE_PLAN} or {@link ErrorKind#REMOVAL_GUARD}, before any
     *     change is made
     * @throws PermissionDeniedException if the application lacks the permission to make the plan's changes (nothing
     *     in the group changed)
     * @since 0.1.0
     */
    public SyncResult applySync(SyncPlan plan, ApplyOptions options) {
        Objects.requireNonNull(plan, "'plan' must not be null");
        Objects.requireNonNull(options, "'options' must not be null");
        plans.verify(organization, plan);
        return sync.apply(plan, options);
    }

    private SyncPlan signed(SyncPlan plan) {
        return plans.seal(organization, plan,
                "Sign sync plan " + plan.planId() + " for organization " + organization);
    }
}
