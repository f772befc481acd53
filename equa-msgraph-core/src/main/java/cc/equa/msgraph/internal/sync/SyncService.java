package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.ManagedIdentityCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamDirectory;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.spi.WorkloadIdentityCredentials;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plan and apply membership syncs and explicit member changes for one organization. */
public final class SyncService {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    private static final List<String> LOOKUP_PERMISSIONS = List.of("User.ReadBasic.All", "User.Read.All");
    private static final int MAX_REQUESTED = 1000;
    /**
     * The most pages one user-lookup filter may take. Each filter names at most 15 addresses (Graph's limit of 15
     * {@code in}/{@code or} terms per filter), each matching a handful of users at most, and asks for 999 per page:
     * one page is the rule and a second already odd. Ten leaves a wide margin; more is a server loop.
     */
    private static final int MAX_LOOKUP_PAGES = 10;

    private final IntegrationRuntime runtime;
    private final OrganizationId organization;

    /**
     * Create the service.
     *
     * @param runtime the runtime
     * @param organization the organization
     */
    public SyncService(IntegrationRuntime runtime, OrganizationId organization) {
        this.runtime = runtime;
        this.organization = organization;
    }

    /**
     * Plan a team sync.
     *
     * @param options the options
     * @return the plan
     */
    public SyncPlan planSync(SyncOptions options) {
        String operation = "Plan a membership sync for organization " + organization;
        Context ctx = context(operation);
        List<TeamMember> team = loadTeam(operation);
        List<cc.equa.msgraph.SkippedMember> outOfScope = new ArrayList<>();
        List<Planner.Candidate> candidates = Planner.candidates(team, options, outOfScope);
        GroupState group = groupForPlan(ctx, operation);
        Map<String, Resolution> resolutions = resolve(ctx.port,
                candidates.stream().map(Planner.Candidate::email).distinct().toList(), options, operation);
        return toPlan(Planner.teamSync(header(), options, candidates, outOfScope, resolutions, group));
    }

    /**
     * Return the group's state for a team-sync plan: the state the last plan read, if a group delta round says its
     * members and owners have not changed since; otherwise a full read, remembered with a deltaLink taken just
     * before it (so a change made during the read shows in the next round) — from the group's second plan in this
     * runtime on, so a process that plans once pays no extra request. Users are always looked up afresh, and
     * an apply always reads the group in full and drops the remembered state.
     */
    private GroupState groupForPlan(Context ctx, String operation) {
        GroupCache cache = GroupCache.of(runtime);
        String key = GroupCache.key(pacerKey(ctx.credentials), ctx.groupId);
        GroupCache.Entry known = cache.get(key);
        if (known != null) {
            String next = ctx.port.deltaUnchanged(known.deltaLink());
            if (next != null) {
                cache.put(key, new GroupCache.Entry(known.state(), next));
                LOG.debug("{}: the group's members and owners are unchanged since the last plan; reusing them",
                        operation);
                return known.state();
            }
            cache.remove(key);
        }
        java.time.Instant now = runtime.config().clock().instant();
        String link = null;
        if (cache.plannedBefore(key) && cache.deltaWorthTrying(key, now)) {
            link = ctx.port.deltaStart(ctx.groupId);
            if (link == null) {
                cache.deltaFailed(key, now);
            }
        }
        GroupState state = ctx.port.readGroup(ctx.groupId);
        if (link != null) {
            cache.put(key, new GroupCache.Entry(state, link));
        }
        return state;
    }

    /**
     * Plan adding chosen users by address.
     *
     * @param emails the addresses
     * @param options the options (match rules)
     * @return the plan
     */
    public SyncPlan planAdd(Collection<String> emails, SyncOptions options) {
        String operation = "Plan adding members for organization " + organization;
        List<String> requested = checkRequested(emails, operation);
        Context ctx = context(operation);
        GroupState group = ctx.port.readGroup(ctx.groupId);
        Map<String, Resolution> resolutions = resolve(ctx.port, plausible(requested), options, operation);
        return toPlan(Planner.addMembers(header(), options, requested, resolutions, group));
    }

    /**
     * Plan removing chosen members by address or object id.
     *
     * @param members the addresses or ids
     * @param includeProtected whether owners, the app and non-users may be removed
     * @param options the options (match rules, guard)
     * @return the plan
     */
    public SyncPlan planRemove(Collection<String> members, boolean includeProtected, SyncOptions options) {
        String operation = "Plan removing members for organization " + organization;
        List<String> requested = checkRequested(members, operation);
        Context ctx = context(operation);
        GroupState group = ctx.port.readGroup(ctx.groupId);
        List<String> lookups = new ArrayList<>();
        for (String e : plausible(requested)) {
            boolean inGroup = group.members().stream().anyMatch(m -> e.equals(Emails.normalize(m.mail()))
                    || e.equals(Emails.normalize(m.userPrincipalName())));
            if (!inGroup) {
                lookups.add(e);
            }
        }
        Map<String, Resolution> resolutions = resolve(ctx.port, lookups, options, operation);
        return toPlan(Planner.removeMembers(header(), options, requested, includeProtected, resolutions, group));
    }

    /**
     * Apply a reviewed plan. Nothing the plan says about itself is trusted: apart from its options, kind, requested
     * members and {@code includeProtected} flag, every change is a claim checked against facts read now (see
     * {@link PlanCheck}): the group is read again, the team too for a team sync, and the addresses the changes rest on
     * are resolved again (only those: the additions' team addresses or requested addresses, and team addresses a
     * mirror removal's target carries — for which the targets' aliases are read by id). A change not justified by
     * those facts is refused: reported as {@link ChangeResult.Outcome#FAILED} with a reason starting "refused: ",
     * audited, and nothing is sent for it. The removal guard is recomputed from the removals that will be sent and
     * the group's current size; a plan that says its guard tripped is honoured too.
     *
     * @param plan the plan
     * @param apply the options
     * @return the result
     */
    public SyncResult apply(SyncPlan plan, ApplyOptions apply) {
        String operation = "Apply sync plan " + plan.planId() + " for organization " + organization;
        if (!plan.organization().equals(organization)) {
            throw new InvalidInputException(operation, List.of(new InvalidInputException.FieldProblem("plan",
                    "belongs to organization " + plan.organization(),
                    "Apply the plan through the organization it was made for.")));
        }
        Instant started = runtime.config().clock().instant();
        checkGuard(plan, apply, operation);
        Context ctx = context(operation);
        PlanContent content = PlanAccess.content(plan);
        String stale = null;
        GroupState group = null;
        List<Planner.Candidate> candidates = List.of();
        boolean teamEmpty = false;
        if (!ctx.groupId.equals(plan.groupId())) {
            stale = "the organization's linked group changed from " + plan.groupId() + " to " + ctx.groupId;
        } else {
            group = ctx.port.readGroup(ctx.groupId);
            if (content.kind() == SyncPlan.Kind.TEAM_SYNC) {
                List<TeamMember> team = loadTeam(operation);
                List<cc.equa.msgraph.SkippedMember> outOfScope = new ArrayList<>();
                candidates = Planner.candidates(team, content.options(), outOfScope);
                teamEmpty = team.isEmpty();
                if (!Planner.teamFingerprint(candidates, outOfScope).equals(content.teamFingerprint())) {
                    stale = "the Equa team changed since the plan was made";
                }
            }
            if (stale == null) {
                stale = staleness(content, group);
            }
        }
        SyncPlan applied = plan;
        Map<PlannedChange, String> refused = Map.of();
        if (stale != null) {
            if (!apply.replanIfStale()) {
                throw new MsGraphException(Details.of(ErrorKind.STALE_PLAN, operation,
                        "the plan is stale: " + stale,
                        "Plan again, review the new plan and apply it (or apply with replanIfStale)."), null);
            }
            LOG.info("{}: plan is stale ({}); replanning as requested", operation, stale);
            applied = switch (plan.kind()) {
                case TEAM_SYNC -> planSync(plan.options());
                case ADD_MEMBERS -> planAdd(plan.requested(), plan.options());
                case REMOVE_MEMBERS -> planRemove(plan.requested(), content.includeProtected(), plan.options());
            };
            checkGuard(applied, apply, operation);
            group = ctx.port.readGroup(ctx.groupId);
        } else {
            refused = recheck(ctx, content, group, candidates, teamEmpty, apply, operation);
        }
        return execute(ctx, plan, applied, group, refused, apply, operation, started);
    }

    /**
     * Check every change of a plan against fresh facts, and the removal guard against the changes that remain.
     *
     * @return the refused changes with their reasons
     * @throws MsGraphException with {@link ErrorKind#REMOVAL_GUARD} if the recomputed guard trips
     */
    private Map<PlannedChange, String> recheck(Context ctx, PlanContent content, GroupState group,
            List<Planner.Candidate> candidates, boolean teamEmpty, ApplyOptions apply, String operation) {
        PlanCheck check = new PlanCheck(content, group, candidates);
        Map<String, Set<String>> aliases = aliases(ctx.port, check.aliasLookups(), content.options(), operation);
        Map<String, Resolution> resolutions = resolve(ctx.port, check.addressesToResolve(aliases),
                content.options(), operation);
        Map<PlannedChange, String> refused = check.refusals(resolutions, aliases);
        Set<String> present = new java.util.HashSet<>();
        group.members().forEach(m -> present.add(m.id().toLowerCase(java.util.Locale.ROOT)));
        List<PlannedChange> additions = content.additions().stream().filter(c -> !refused.containsKey(c)).toList();
        List<PlannedChange> removals = content.removals().stream().filter(c -> !refused.containsKey(c)
                && present.contains(c.directoryObjectId().toLowerCase(java.util.Locale.ROOT))).toList();
        String guard = check.guard(additions, removals, teamEmpty);
        if (guard != null && !apply.allowMassRemoval()) {
            throw new MsGraphException(Details.of(ErrorKind.REMOVAL_GUARD, operation,
                    "the removal guard tripped: " + guard,
                    "Review the removals; if they are intended, apply with ApplyOptions.allowMassRemoval(true)."),
                    null);
        }
        if (!refused.isEmpty()) {
            LOG.warn("{}: {} change(s) of the plan are not justified by the team and directory as they are now and "
                    + "are refused", operation, refused.size());
        }
        return refused;
    }

    /**
     * Read the aliases of the members a mirror removal would hit, by id (15 per lookup, batched), so that a team
     * address they carry is resolved before they are removed. With {@code User.ReadBasic.All} only, aliases cannot be
     * read; the planner could not match on them either, so none are used.
     */
    private Map<String, Set<String>> aliases(GraphPort port, List<String> ids, SyncOptions options,
            String operation) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        BatchRunner runner = new BatchRunner(port, runtime.calls(), null, runtime.config().maxRetries(),
                runtime.config().maxRetryWait(), operation);
        List<String> filters = new ArrayList<>();
        for (List<String> part : UserMatcher.chunks(ids, UserMatcher.MAX_EXPRESSIONS)) {
            filters.add("id in (" + String.join(",", part.stream().map(Emails::literal).toList()) + ")");
        }
        List<UserRecord> users;
        try {
            users = query(runner, filters, operation);
        } catch (PermissionDeniedException e) {
            LOG.warn("{}: the removed members' aliases cannot be read with the app's permissions; checking their "
                    + "mail and userPrincipalName only", operation);
            return Map.of();
        }
        Map<String, Set<String>> out = new java.util.HashMap<>();
        for (UserRecord u : users) {
            Set<String> a = out.computeIfAbsent(u.id().toLowerCase(java.util.Locale.ROOT),
                    k -> new LinkedHashSet<>());
            if (options.matchRules().uses(cc.equa.msgraph.MatchRules.Attribute.OTHER_MAILS)) {
                u.otherMails().stream().map(Emails::normalize).filter(java.util.Objects::nonNull).forEach(a::add);
            }
            if (options.matchRules().uses(cc.equa.msgraph.MatchRules.Attribute.PROXY_ADDRESSES)) {
                u.proxyAddresses().stream().map(Emails::fromProxyAddress).filter(java.util.Objects::nonNull)
                        .forEach(a::add);
            }
        }
        return out;
    }

    private SyncResult execute(Context ctx, SyncPlan reviewed, SyncPlan plan, GroupState group,
            Map<PlannedChange, String> refused, ApplyOptions apply, String operation, Instant started) {
        Set<String> present = group.byId().keySet();
        List<PlannedChange> all = plan.changes();
        Map<PlannedChange, ChangeResult> results = new LinkedHashMap<>();
        all.forEach(c -> results.put(c, null));
        int total = all.size();
        int[] done = {0};
        java.util.function.Consumer<ChangeResult> settle = r -> {
            results.put(r.change(), r);
            done[0]++;
            audit(plan, r, apply);
            try {
                apply.progress().changeSettled(r, done[0], total);
            } catch (RuntimeException e) {
                LOG.warn("{}: the progress listener failed ({}); continuing", operation, e.getClass().getSimpleName());
            }
        };
        for (PlannedChange c : new LinkedHashSet<>(all)) {
            String why = refused.get(c);
            if (why != null) {
                settle.accept(new ChangeResult(c, ChangeResult.Outcome.FAILED, why, null, null, null));
            }
        }
        Set<PlannedChange> queued = new java.util.HashSet<>();
        List<PlannedChange> adds = new ArrayList<>();
        for (PlannedChange c : plan.additions()) {
            if (refused.containsKey(c) || !queued.add(c)) {
                continue;
            }
            if (present.contains(c.directoryObjectId())) {
                settle.accept(new ChangeResult(c, ChangeResult.Outcome.ALREADY_IN_STATE, "already a member", null,
                        null, null));
            } else {
                adds.add(c);
            }
        }
        Set<String> owners = new java.util.HashSet<>();
        group.ownerIds().forEach(o -> owners.add(o.toLowerCase(java.util.Locale.ROOT)));
        List<PlannedChange> ownerAdds = new ArrayList<>();
        for (PlannedChange c : plan.ownerAdditions()) {
            if (refused.containsKey(c) || !queued.add(c)) {
                continue;
            }
            if (owners.contains(c.directoryObjectId().toLowerCase(java.util.Locale.ROOT))) {
                settle.accept(new ChangeResult(c, ChangeResult.Outcome.ALREADY_IN_STATE, "already an owner", null,
                        null, null));
            } else {
                ownerAdds.add(c);
            }
        }
        List<PlannedChange> removes = new ArrayList<>();
        for (PlannedChange c : plan.removals()) {
            if (refused.containsKey(c) || !queued.add(c)) {
                continue;
            }
            if (!present.contains(c.directoryObjectId())) {
                settle.accept(new ChangeResult(c, ChangeResult.Outcome.ALREADY_IN_STATE, "not a member any more",
                        null, null, null));
            } else {
                removes.add(c);
            }
        }
        WritePacer pacer = WritePacer.shared(runtime, pacerKey(ctx.credentials), runtime.config().clock(),
                runtime.config().writesPerWindow(), runtime.config().writeWindow());
        BatchRunner runner = new BatchRunner(ctx.port, runtime.calls(), pacer, runtime.config().maxRetries(),
                runtime.config().maxRetryWait(), operation);
        ApplyEngine engine = new ApplyEngine(ctx.port, runner, plan.groupId(), settle);
        GroupCache.of(runtime).remove(GroupCache.key(pacerKey(ctx.credentials), plan.groupId()));
        try {
            engine.add(adds);
            engine.addOwners(ownerAdds);
            engine.remove(removes);
        } finally {
            GroupCache.of(runtime).remove(GroupCache.key(pacerKey(ctx.credentials), plan.groupId()));
        }
        List<ChangeResult> ordered = new ArrayList<>(results.values());
        return new SyncResult(reviewed.planId(), plan.planId(), plan.groupId(), ordered, started,
                runtime.config().clock().instant());
    }

    private static @Nullable String staleness(PlanContent content, GroupState group) {
        if (group.fingerprint().equals(content.groupFingerprint())) {
            return null;
        }
        Map<String, DirectoryMember> members = group.byId();
        boolean allowProtected = content.kind() == SyncPlan.Kind.REMOVE_MEMBERS && content.includeProtected();
        for (PlannedChange r : content.removals()) {
            DirectoryMember m = members.get(r.directoryObjectId());
            if (m != null && !allowProtected) {
                var protection = Planner.protection(m, group);
                if (protection != null) {
                    return "planned removal of " + r.label() + " now targets a protected member (" + protection
                            + ")";
                }
            }
        }
        return null;
    }

    private void checkGuard(SyncPlan plan, ApplyOptions apply, String operation) {
        if (plan.removalGuardTripped() && !apply.allowMassRemoval()) {
            throw new MsGraphException(Details.of(ErrorKind.REMOVAL_GUARD, operation,
                    "the removal guard tripped: " + plan.removalGuardReason().orElse("too many removals"),
                    "Review the removals; if they are intended, apply with ApplyOptions.allowMassRemoval(true)."),
                    null);
        }
    }

    private void audit(SyncPlan plan, ChangeResult r, ApplyOptions apply) {
        String outcome = switch (r.outcome()) {
            case APPLIED -> "applied";
            case ALREADY_IN_STATE -> "already_in_state";
            case FAILED -> "failed";
        };
        AuditEvent event = new AuditEvent(runtime.config().clock().instant(), organization,
                switch (r.change().action()) {
                    case ADD -> "member.add";
                    case REMOVE -> "member.remove";
                    case ADD_OWNER -> "owner.add";
                },
                apply.actor().orElse(null), plan.groupId(), r.change().directoryObjectId(), r.change().label(),
                outcome, r.requestId(), r.reason());
        try {
            runtime.config().audit().record(event);
        } catch (RuntimeException e) {
            LOG.warn("Audit sink failed for {} ({}); continuing", event.action(), e.getClass().getSimpleName());
        }
    }

    private Map<String, Resolution> resolve(GraphPort port, List<String> emails, SyncOptions options,
            String operation) {
        if (emails.isEmpty()) {
            return Map.of();
        }
        BatchRunner runner = new BatchRunner(port, runtime.calls(), null, runtime.config().maxRetries(),
                runtime.config().maxRetryWait(), operation);
        List<UserRecord> users = new ArrayList<>(query(runner,
                UserMatcher.primaryFilters(emails, options.matchRules()), operation));
        List<String> unresolved = new ArrayList<>();
        UserMatcher.Index found = new UserMatcher.Index(users);
        for (String e : emails) {
            if (found.primaryMatches(e, options.matchRules()).isEmpty()) {
                unresolved.add(e);
            }
        }
        try {
            users.addAll(query(runner, UserMatcher.aliasFilters(unresolved, options.matchRules()), operation));
        } catch (PermissionDeniedException e) {
            // With User.ReadBasic.All only, otherMails and proxyAddresses cannot be read or filtered (403): match on
            // mail and userPrincipalName alone, and say so; the unmatched stay "no matching user".
            LOG.warn("{}: aliases (otherMails, proxyAddresses) cannot be read with the app's permissions, so {} "
                    + "address(es) were matched on mail and userPrincipalName only; grant User.Read.All to match "
                    + "aliases too", operation, unresolved.size());
        }
        return UserMatcher.resolveAll(emails, users, options.matchRules());
    }

    private List<UserRecord> query(BatchRunner runner, List<String> filters, String operation) {
        List<UserRecord> users = new ArrayList<>();
        List<Step.UserQuery> steps = filters.stream().map(f -> new Step.UserQuery(f, null)).toList();
        Set<String> seenLinks = new java.util.HashSet<>();
        for (int round = 1; !steps.isEmpty(); round++) {
            if (round > MAX_LOOKUP_PAGES) {
                throw cc.equa.msgraph.internal.Pages.malformed(operation + " (looking up users by e-mail)",
                        "Microsoft Graph kept returning next-page links for a user lookup past " + MAX_LOOKUP_PAGES
                                + " pages", null);
            }
            List<StepResponse> responses = runner.run(steps);
            List<Step.UserQuery> next = new ArrayList<>();
            for (StepResponse r : responses) {
                if (!r.ok()) {
                    // A failed lookup must never turn into "no such user": fail the whole plan.
                    throw ErrorMapper.fromGraph(operation + " (looking up users by e-mail)",
                            new GraphFailure(r.status(), r.code(), r.message(), r.requestId(), r.retryAfter()),
                            LOOKUP_PERMISSIONS, null);
                }
                JsonObject body = r.body();
                if (body == null) {
                    continue;
                }
                if (body.has("value") && body.get("value").isJsonArray()) {
                    for (JsonElement e : body.getAsJsonArray("value")) {
                        users.add(user(e.getAsJsonObject()));
                    }
                }
                String link = SdkGraphPort.str(body, "@odata.nextLink");
                if (link != null && !link.isBlank()) {
                    if (!seenLinks.add(link)) {
                        throw cc.equa.msgraph.internal.Pages.malformed(operation + " (looking up users by e-mail)",
                                "Microsoft Graph returned a user lookup's next-page link it had returned before (a"
                                        + " paging cycle)", r.requestId());
                    }
                    next.add(new Step.UserQuery(null, link));
                }
            }
            steps = next;
        }
        return users;
    }

    private static UserRecord user(JsonObject o) {
        return new UserRecord(String.valueOf(SdkGraphPort.str(o, "id")), SdkGraphPort.str(o, "displayName"),
                SdkGraphPort.str(o, "mail"), SdkGraphPort.str(o, "userPrincipalName"), strings(o, "otherMails"),
                strings(o, "proxyAddresses"),
                o.has("accountEnabled") && !o.get("accountEnabled").isJsonNull()
                        ? o.get("accountEnabled").getAsBoolean() : null);
    }

    private static List<String> strings(JsonObject o, String name) {
        List<String> out = new ArrayList<>();
        if (o.has(name) && o.get(name).isJsonArray()) {
            for (JsonElement e : o.getAsJsonArray(name)) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        }
        return out;
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

    private Context context(String operation) {
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        String groupId = settings.linkedGroupId();
        if (groupId == null || groupId.isBlank()) {
            throw new IntegrationUnavailableException(Details.of(ErrorKind.NO_LINKED_GROUP, operation,
                    "organization " + organization + " has no linked Microsoft 365 group",
                    "Link an existing group or create one first."));
        }
        AppCredentials credentials = settings.credentials();
        GraphSession session = runtime.session(organization, credentials);
        return new Context(groupId, credentials, new SdkGraphPort(runtime, session, operation));
    }

    private Planner.Header header() {
        return new Planner.Header(UUID.randomUUID().toString(), organization.value(),
                runtime.config().clock().instant());
    }

    private static SyncPlan toPlan(PlanContent content) {
        return PlanAccess.create(content);
    }

    /**
     * Return the key of the write quota an app shares: its tenant and client id.
     *
     * @param credentials the credentials
     * @return the key
     */
    static String pacerKey(AppCredentials credentials) {
        String client;
        if (credentials instanceof ClientSecretCredentials s) {
            client = s.clientId();
        } else if (credentials instanceof ClientCertificateCredentials c) {
            client = c.clientId();
        } else if (credentials instanceof WorkloadIdentityCredentials w) {
            client = w.clientId();
        } else if (credentials instanceof ManagedIdentityCredentials m) {
            client = m.clientId() == null ? "system-assigned" : m.clientId();
        } else {
            client = "unknown";
        }
        return credentials.tenantId().toLowerCase(java.util.Locale.ROOT) + "|"
                + client.toLowerCase(java.util.Locale.ROOT);
    }

    private record Context(String groupId, AppCredentials credentials, GraphPort port) {
    }
}
