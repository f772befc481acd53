package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamDirectory;
import cc.equa.msgraph.spi.TeamMember;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planning side of a sync (Terraform's "plan"): read the team (or take a request), the group and the users the
 * addresses resolve to, and let the pure {@link Planner} compute the plan. Changes nothing. Applying asks it for the
 * team as planning sees it now ({@link #team}), so a plan's team fingerprint is computed by one piece of code.
 */
final class Planning {

    private static final Logger LOG = LoggerFactory.getLogger(Planning.class);
    private static final int MAX_REQUESTED = 1000;

    private final IntegrationRuntime runtime;
    private final OrganizationId organization;
    private final Resolver resolver;

    Planning(IntegrationRuntime runtime, OrganizationId organization, Resolver resolver) {
        this.runtime = runtime;
        this.organization = organization;
        this.resolver = resolver;
    }

    /** Plan a team sync. */
    SyncPlan planSync(SyncOptions options) {
        String operation = "Plan a membership sync for organization " + organization;
        SyncTarget target = SyncTarget.of(runtime, organization, operation);
        TeamInput team = team(options, operation);
        Planner.Header header = header();
        List<SharedWrites.Stored> shared = sharedWrites(target, operation);
        PlanGroup read = groupForPlan(target, header.planId(), shared, operation);
        GroupState group = read.state();
        // members in sync are matched from a member read made just now; only the rest are looked up (MemberMatch says
        // why). A remembered read is trusted for membership (delta vouches for it) but not for attributes (delta on
        // a group's members does not report a member's changed mail), so then every address is looked up, as before.
        Map<String, Resolution> resolutions = new LinkedHashMap<>(read.fresh()
                ? MemberMatch.resolve(team.candidates(), group, options.matchRules()) : Map.of());
        List<String> lookups = team.candidates().stream().map(Planner.Candidate::email).distinct()
                .filter(e -> !resolutions.containsKey(e)).toList();
        resolutions.putAll(resolver.resolve(target.port(), lookups, options, operation));
        // other nodes' recent writes, only where they hold back a change (SharedWrites says why)
        group = SharedWrites.merge(group, shared, resolutions);
        PlanContent plan = Planner.teamSync(header, options, team.candidates(), team.outOfScope(), resolutions,
                group);
        Map<String, String> names = new java.util.HashMap<>();
        team.candidates().forEach(c -> names.put(c.teamMemberId(), c.displayName()));
        return PlanAccess.create(GuestPolicy.screen(target.port(), plan, resolutions, names, operation));
    }

    /** Plan adding chosen users by address. */
    SyncPlan planAdd(Collection<String> emails, SyncOptions options) {
        String operation = "Plan adding members for organization " + organization;
        List<String> requested = checkRequested(emails, operation);
        if (!options.ownerRoles().isEmpty()) {
            // owner roles pick team members by role; requested addresses have none, so they would be ignored
            throw new InvalidInputException(operation, List.of(new InvalidInputException.FieldProblem(
                    "options.ownerRoles", "are set, but an add-members plan adds requested addresses, which hold no"
                            + " Equa roles, as members only",
                    "Leave the owner roles out of the add-members options; owner roles apply to planSync.")));
        }
        SyncTarget target = SyncTarget.of(runtime, organization, operation);
        GroupState group = readGroup(target);
        Map<String, Resolution> resolutions = resolver.resolve(target.port(), plausible(requested), options,
                operation);
        return PlanAccess.create(GuestPolicy.screen(target.port(),
                Planner.addMembers(header(), options, requested, resolutions, group), resolutions, Map.of(),
                operation));
    }

    /** Plan removing chosen members by address or object id. */
    SyncPlan planRemove(Collection<String> members, boolean includeProtected, SyncOptions options) {
        String operation = "Plan removing members for organization " + organization;
        List<String> requested = checkRequested(members, operation);
        SyncTarget target = SyncTarget.of(runtime, organization, operation);
        GroupState group = readGroup(target);
        List<String> lookups = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (String e : plausible(requested)) {
            boolean inGroup = group.members().stream().anyMatch(m -> e.equals(Emails.normalize(m.mail()))
                    || e.equals(Emails.normalize(m.userPrincipalName())));
            (inGroup ? found : lookups).add(e);
        }
        Map<String, Resolution> resolutions = resolver.resolve(target.port(), lookups, options, operation);
        // a member found by mail or UPN is the one meant only if nobody else carries the address as an alias
        Map<String, Set<String>> aliasHolders = resolver.aliasHolders(target.port(), found, options, operation);
        return PlanAccess.create(Planner.removeMembers(header(), options, requested, includeProtected, resolutions,
                aliasHolders, group));
    }

    /** Plan again what a stale plan was made for: the same kind, options and request. */
    SyncPlan replan(PlanContent stale) {
        return switch (stale.kind()) {
            case TEAM_SYNC -> planSync(stale.options());
            case ADD_MEMBERS -> planAdd(stale.requested(), stale.options());
            case REMOVE_MEMBERS -> planRemove(stale.requested(), stale.includeProtected(), stale.options());
        };
    }

    /**
     * Read the team and return it as planning sees it: the candidates in scope, the members out of scope, and the
     * fingerprint a team-sync plan carries.
     *
     * @throws MsGraphException with {@link ErrorKind#TEAM_LOOKUP} if the team cannot be read
     */
    TeamInput team(SyncOptions options, String operation) {
        List<TeamMember> team = loadTeam(operation);
        List<SkippedMember> outOfScope = new ArrayList<>();
        List<Planner.Candidate> candidates = Planner.candidates(team, options, outOfScope);
        return new TeamInput(candidates, outOfScope, team.isEmpty());
    }

    /** Forget a group's state remembered for the next plan (an apply is changing the group). */
    void forgetGroup(SyncTarget target, String groupId) {
        GroupCache.of(runtime).remove(GroupCache.key(target.appKey(), groupId));
    }

    /**
     * Return the group's state for a team-sync plan: the state the last plan read, if a group delta round says its
     * members and owners have not changed since; otherwise a full read, remembered with a deltaLink taken just
     * before it (so a change made during the read shows in the next round). Either way the plan's basis (the state and
     * a link that vouches for it) is remembered for its apply ({@link #groupForApply}). Users are looked up afresh
     * (but for members matched from the read), and an apply drops the remembered state.
     */
    private PlanGroup groupForPlan(SyncTarget target, String planId, List<SharedWrites.Stored> shared,
            String operation) {
        GroupCache cache = GroupCache.of(runtime);
        String key = GroupCache.key(target.appKey(), target.groupId());
        Instant now = runtime.config().clock().instant();
        GroupCache.Entry known = cache.get(key);
        if (known != null && now.isBefore(known.readAt().plus(GroupCache.TRUST_DELTA_FOR))) {
            String next = target.port().deltaUnchanged(known.deltaLink());
            if (next != null) {
                cache.put(key, new GroupCache.Entry(known.state(), next, known.readAt()));
                cache.putBasis(planId, new GroupCache.Basis(key, known.state(), next, known.readAt()));
                LOG.debug("{}: the group's members and owners are unchanged since the last plan; reusing them",
                        operation);
                return new PlanGroup(cache.reconcile(key, known.state(), now), false);
            }
        } else if (known != null) {
            LOG.debug("{}: the group was last read in full more than {} ago; reading it in full again", operation,
                    GroupCache.TRUST_DELTA_FOR);
        }
        cache.remove(key);
        String link = null;
        if (cache.deltaWorthTrying(key, now)) {
            link = target.port().deltaStart(target.groupId());
            if (link == null) {
                cache.deltaFailed(key, now);
            }
        }
        GroupState state = target.port().readGroup(target.groupId());
        // a read that still lacks our own recent writes is behind: it is not remembered, so delta never vouches for it
        if (link != null && cache.caughtUp(key, state, now) && SharedWrites.caughtUp(state, shared)) {
            cache.put(key, new GroupCache.Entry(state, link, now));
            cache.putBasis(planId, new GroupCache.Basis(key, state, link, now));
        }
        return new PlanGroup(cache.reconcile(key, state, now), true);
    }

    /**
     * Return the membership writes other nodes on the settings store made to the linked group within
     * {@link GroupCache#OWN_WRITES_WINDOW} and this runtime does not know better. A store that cannot be read, or an
     * entry that does not parse, costs only the protection, never the plan.
     */
    private List<SharedWrites.Stored> sharedWrites(SyncTarget target, String operation) {
        Instant now = runtime.config().clock().instant();
        List<SharedWrites.Stored> stored;
        try {
            stored = SharedWrites.read(runtime.loadSettings(organization, operation).orElse(null), target.groupId(),
                    now, operation);
        } catch (RuntimeException e) {
            LOG.warn("{}: the shared own-write memory could not be read ({}); planning goes on without it", operation,
                    e.getClass().getSimpleName());
            return List.of();
        }
        String key = GroupCache.key(target.appKey(), target.groupId());
        return SharedWrites.beyond(stored, GroupCache.of(runtime).recent(key, now));
    }

    /**
     * The group as a plan sees it.
     *
     * @param state the group (reconciled with the runtime's own recent writes)
     * @param fresh whether its members were read just now (false: a remembered read delta vouches for)
     */
    private record PlanGroup(GroupState state, boolean fresh) {
    }

    /**
     * Return the group as it is now for applying a plan, and whether it was read in full. If this runtime made the
     * plan from a state with a deltaLink taken just before its read, less than {@link GroupCache#TRUST_DELTA_FOR}
     * ago, with no own write to the group since, and one delta round on that link reports no change of members or
     * owners, the group's membership and ownership are still that state's: it is returned (with the runtime's own
     * recent writes applied) instead of reading every member page again. Otherwise (another runtime made the plan, the
     * link expired or failed, something changed) the group is read in full, as before. Member attributes in the
     * state are the plan's; the apply reads the users its changes rest on afresh ({@link PlanCheck}).
     *
     * @param target the target
     * @param content the plan
     * @return the group and whether it was read in full
     */
    ApplyGroup groupForApply(SyncTarget target, PlanContent content) {
        GroupCache cache = GroupCache.of(runtime);
        String key = GroupCache.key(target.appKey(), target.groupId());
        Instant now = runtime.config().clock().instant();
        GroupCache.Basis basis = cache.basis(content.planId());
        if (basis != null && basis.key().equals(key) && content.kind() == cc.equa.msgraph.SyncPlan.Kind.TEAM_SYNC
                && now.isBefore(basis.readAt().plus(GroupCache.TRUST_DELTA_FOR)) && !cache.wroteSince(key, basis.readAt())
                && cache.reconcile(key, basis.state(), now).fingerprint().equals(content.groupFingerprint())) {
            String next = target.port().deltaUnchanged(basis.deltaLink());
            if (next != null) {
                cache.putBasis(content.planId(), new GroupCache.Basis(key, basis.state(), next, basis.readAt()));
                return new ApplyGroup(cache.reconcile(key, basis.state(), now), false);
            }
        }
        return new ApplyGroup(readGroup(target), true);
    }

    /**
     * The group as an apply sees it.
     *
     * @param state the group (reconciled with the runtime's own recent writes)
     * @param fresh whether it was read in full just now (false: the plan's state, vouched for by a delta round)
     */
    record ApplyGroup(GroupState state, boolean fresh) {
    }

    /**
     * Read a group for planning or applying, with the runtime's own recent writes applied to what the read shows
     * (see {@link GroupCache#reconcile}).
     *
     * @param target the target
     * @return the group as the runtime knows it
     */
    GroupState readGroup(SyncTarget target) {
        GroupState read = target.port().readGroup(target.groupId());
        return GroupCache.of(runtime).reconcile(GroupCache.key(target.appKey(), target.groupId()), read,
                runtime.config().clock().instant());
    }

    /**
     * Remember what an apply wrote to a group, and forget the group's state remembered for the next plan.
     *
     * @param target the target
     * @param groupId the group
     * @param results the apply's results so far
     */
    void applied(SyncTarget target, String groupId, List<cc.equa.msgraph.ChangeResult> results) {
        GroupCache cache = GroupCache.of(runtime);
        String key = GroupCache.key(target.appKey(), groupId);
        Instant now = runtime.config().clock().instant();
        cache.wrote(key, results, now);
        cache.remove(key);
        if (results.stream().noneMatch(r -> r != null && r.outcome() == cc.equa.msgraph.ChangeResult.Outcome.APPLIED)) {
            return;
        }
        // one store write per apply, so that other nodes' plans see these writes too; its failure fails nothing
        String operation = "Share the writes of an apply for organization " + organization;
        try {
            // an organization disconnected meanwhile has no row; an update would create one (the SPI's default
            // update saves what it is given)
            if (runtime.config().settings().load(organization).isEmpty()) {
                return;
            }
            runtime.updateSettings(organization, operation, s -> groupId.equalsIgnoreCase(s.linkedGroupId())
                    ? SharedWrites.record(s, groupId, results, now) : s);
        } catch (RuntimeException e) {
            LOG.warn("{}: the settings store refused the own-write memory ({}); other nodes may plan these writes "
                    + "again while member reads lag", operation, e.getClass().getSimpleName());
        }
    }

    private List<TeamMember> loadTeam(String operation) {
        TeamDirectory directory = runtime.config().team();
        if (directory == null) {
            throw new MsGraphException(Details.of(ErrorKind.TEAM_LOOKUP, operation,
                    "no TeamDirectory is configured, so the Equa team is unknown",
                    "Pass the host's TeamDirectory to MicrosoftIntegration.builder().team(...)."), null);
        }
        List<TeamMember> team;
        try {
            team = directory.members(organization);
        } catch (RuntimeException e) {
            throw new MsGraphException(Details.of(ErrorKind.TEAM_LOOKUP, operation,
                    "the host's team lookup failed (" + e.getClass().getSimpleName() + "); nothing was planned",
                    "Fix the team lookup and plan again; no member was added or removed."), e);
        }
        if (team == null) {
            throw new MsGraphException(Details.of(ErrorKind.TEAM_LOOKUP, operation,
                    "the host's team lookup returned null; nothing was planned",
                    "Return the team (or throw when it cannot be read); no member was added or removed."), null);
        }
        return team;
    }

    private List<String> checkRequested(Collection<String> members, String operation) {
        if (members == null || members.isEmpty()) {
            throw new InvalidInputException(operation, List.of(new InvalidInputException.FieldProblem("members",
                    "is empty", "Name at least one member by e-mail address.")));
        }
        if (members.size() > MAX_REQUESTED) {
            throw new InvalidInputException(operation, List.of(new InvalidInputException.FieldProblem("members",
                    "names " + members.size() + " members, more than " + MAX_REQUESTED,
                    "Use planSync() for bulk changes, or split the request.")));
        }
        List<String> out = new ArrayList<>();
        for (String m : members) {
            if (m == null) {
                throw new InvalidInputException(operation, List.of(new InvalidInputException.FieldProblem(
                        "members", "contains null", "Remove the null entry.")));
            }
            out.add(m);
        }
        return out;
    }

    private static List<String> plausible(List<String> requested) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : requested) {
            String e = Emails.normalize(r);
            if (e != null) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    private Planner.Header header() {
        return new Planner.Header(UUID.randomUUID().toString(), organization.value(),
                runtime.config().clock().instant());
    }

    /**
     * The team as planning sees it.
     *
     * @param candidates the in-scope individuals with a plausible address
     * @param outOfScope the members skipped before any lookup, with why
     * @param empty whether the team had no member at all
     */
    record TeamInput(List<Planner.Candidate> candidates, List<SkippedMember> outOfScope, boolean empty) {

        /** Return the fingerprint a team-sync plan made from this team carries. */
        String fingerprint() {
            return Planner.teamFingerprint(candidates, outOfScope);
        }
    }
}
