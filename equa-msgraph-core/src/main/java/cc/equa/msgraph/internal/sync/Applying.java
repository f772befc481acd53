package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.graph.BatchRunner;
import cc.equa.msgraph.internal.graph.BatchSender;
import cc.equa.msgraph.internal.graph.Step;
import cc.equa.msgraph.internal.graph.StepResponse;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.graph.WritePacer;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applying side of a sync (Terraform's "apply"): check a reviewed plan against the state as it is now, refuse it
 * when stale (or plan again, if asked), re-check each change ({@link PlanCheck}) and the removal guard, then send the
 * changes through the {@link ApplyEngine} and settle each one ({@link Settlement}). The plan's authenticity is
 * verified before this runs ({@code PlanAuthenticator}); for the team it asks {@link Planning}, never re-planning.
 */
final class Applying {

    private static final Logger LOG = LoggerFactory.getLogger(Applying.class);

    private final IntegrationRuntime runtime;
    private final OrganizationId organization;
    private final Planning planning;
    private final Resolver resolver;

    Applying(IntegrationRuntime runtime, OrganizationId organization, Planning planning, Resolver resolver) {
        this.runtime = runtime;
        this.organization = organization;
        this.planning = planning;
        this.resolver = resolver;
    }

    /**
     * Apply a reviewed plan. Nothing the plan says about itself is trusted: apart from its options, kind, requested
     * members and {@code includeProtected} flag, every change is a claim checked against facts read now (see
     * {@link PlanCheck}): the group as it is now (read again in full, or, for a team-sync plan made in this runtime,
     * the plan's own read when one group delta round on a link taken just before that read shows no change of members
     * or owners: {@link Planning#groupForApply}; its removal targets are then read afresh by id), the team too for a
     * team sync, and the addresses the changes rest on are resolved again (only those: the additions' team addresses
     * or requested addresses, and team addresses a mirror removal's target carries — for which the targets' aliases
     * are read by id; ids and addresses in one round of lookups). The group's current size for the removal guard is
     * the size of that membership. A change not justified by
     * those facts is refused: reported as {@link ChangeResult.Outcome#FAILED} with a reason starting "refused: ",
     * audited, and nothing is sent for it. The removal guard is recomputed from the removals that will be sent and
     * the group's current size; a plan that says its guard tripped is honoured too.
     */
    SyncResult apply(SyncPlan plan, ApplyOptions apply) {
        String operation = "Apply sync plan " + plan.planId() + " for organization " + organization;
        if (!plan.organization().equals(organization)) {
            throw new InvalidInputException(operation, List.of(new InvalidInputException.FieldProblem("plan",
                    "belongs to organization " + plan.organization(),
                    "Apply the plan through the organization it was made for.")));
        }
        Instant started = runtime.config().clock().instant();
        checkGuard(plan, apply, operation);
        SyncTarget target = SyncTarget.of(runtime, organization, operation);
        PlanContent content = PlanAccess.content(plan);
        Facts now = facts(target, content, operation);
        if (now.stale() == null) {
            Checked checked = recheck(target, content, now, apply, operation);
            return execute(target, plan, plan, checked.group(), checked.refused(), apply, operation, started);
        }
        if (!apply.replanIfStale()) {
            throw new MsGraphException(Details.of(ErrorKind.STALE_PLAN, operation,
                    "the plan is stale: " + now.stale(),
                    "Plan again, review the new plan and apply it (or apply with replanIfStale)."), null);
        }
        LOG.info("{}: plan is stale ({}); replanning as requested", operation, now.stale());
        SyncPlan replanned = planning.replan(content);
        checkGuard(replanned, apply, operation);
        GroupState group = planning.readGroup(target);
        return execute(target, plan, replanned, group, Map.of(), apply, operation, started);
    }

    /**
     * Read the facts a plan is checked against — the group, and for a team sync the team as planning sees it — and
     * tell whether the plan is stale: another group linked, the team's fingerprint changed, or the group changed so
     * that a planned removal now hits a protected member.
     */
    private Facts facts(SyncTarget target, PlanContent content, String operation) {
        if (!target.groupId().equals(content.groupId())) {
            return new Facts(null, true, List.of(), false, "the organization's linked group changed from "
                    + content.groupId() + " to " + target.groupId());
        }
        Planning.ApplyGroup read = planning.groupForApply(target, content);
        GroupState group = read.state();
        if (content.kind() != SyncPlan.Kind.TEAM_SYNC) {
            return new Facts(group, read.fresh(), List.of(), false, staleness(content, group));
        }
        Planning.TeamInput team = planning.team(content.options(), operation);
        String stale = team.fingerprint().equals(content.teamFingerprint()) ? staleness(content, group)
                : "the Equa team changed since the plan was made";
        return new Facts(group, read.fresh(), team.candidates(), team.empty(), stale);
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
                KeepReason protection = Planner.protection(m, group);
                if (protection != null) {
                    return "planned removal of " + r.label() + " now targets a protected member (" + protection
                            + ")";
                }
            }
        }
        return null;
    }

    /**
     * Check every change of a plan against fresh facts, and the removal guard against the changes that remain.
     *
     * @return the refused changes with their reasons
     * @throws MsGraphException with {@link ErrorKind#REMOVAL_GUARD} if the recomputed guard trips
     */
    private Checked recheck(SyncTarget target, PlanContent content, Facts now, ApplyOptions apply,
            String operation) {
        GroupState group = now.group();
        boolean fresh = now.fresh();
        PlanCheck check = new PlanCheck(content, group, now.candidates());
        Map<String, Set<String>> aliases;
        Map<String, Resolution> resolutions = new HashMap<>();
        try {
            // the removal targets by id and the addresses known now, in one round of lookups
            Resolver.Recheck looked = resolver.recheck(target.port(), check.idLookups(fresh),
                    check.addressesToResolve(Map.of()), content.options(), operation);
            aliases = Resolver.aliasesOf(looked.users(), content.options());
            resolutions.putAll(looked.resolutions());
            if (!fresh) {
                group = refreshed(group, looked.users());
                check = new PlanCheck(content, group, now.candidates());
            }
        } catch (PermissionDeniedException e) {
            // the app may not read users by id this way: read the group in full and check as before
            if (!fresh) {
                group = planning.readGroup(target);
                check = new PlanCheck(content, group, now.candidates());
            }
            aliases = resolver.aliases(target.port(), check.aliasLookups(), content.options(), operation);
        }
        // addresses a re-read user carries that were not known before (rare): a second round
        List<String> more = check.addressesToResolve(aliases).stream().filter(a -> !resolutions.containsKey(a))
                .toList();
        resolutions.putAll(resolver.resolve(target.port(), more, content.options(), operation));
        Map<PlannedChange, String> refused = check.refusals(resolutions, aliases);
        Set<String> present = new HashSet<>();
        group.members().forEach(m -> present.add(m.id().toLowerCase(Locale.ROOT)));
        List<PlannedChange> additions = content.additions().stream().filter(c -> !refused.containsKey(c)).toList();
        List<PlannedChange> removals = content.removals().stream().filter(c -> !refused.containsKey(c)
                && present.contains(c.directoryObjectId().toLowerCase(Locale.ROOT))).toList();
        String guard = check.guard(additions, removals, now.teamEmpty());
        if (guard != null && !apply.allowMassRemoval()) {
            throw guardTripped(operation, guard);
        }
        if (!refused.isEmpty()) {
            LOG.warn("{}: {} change(s) of the plan are not justified by the team and directory as they are now and "
                    + "are refused", operation, refused.size());
        }
        return new Checked(group, refused);
    }

    /**
     * Return the group with the members read afresh by id showing their current mail, user principal name and
     * account state (membership is the group's; a member not returned keeps what the group showed).
     */
    private static GroupState refreshed(GroupState group, List<UserRecord> users) {
        if (users.isEmpty()) {
            return group;
        }
        Map<String, UserRecord> byId = new HashMap<>();
        users.forEach(u -> byId.put(u.id().toLowerCase(Locale.ROOT), u));
        List<DirectoryMember> members = new ArrayList<>();
        for (DirectoryMember m : group.members()) {
            UserRecord u = m.isUser() ? byId.get(m.id().toLowerCase(Locale.ROOT)) : null;
            members.add(u == null ? m : new DirectoryMember(m.id(), m.type(), u.mail(), u.userPrincipalName(),
                    u.accountEnabled()));
        }
        return new GroupState(group.groupId(), members, group.ownerIds(), group.appObjectId());
    }

    private SyncResult execute(SyncTarget target, SyncPlan reviewed, SyncPlan plan, GroupState group,
            Map<PlannedChange, String> refused, ApplyOptions apply, String operation, Instant started) {
        List<ChangeResult> early = new ArrayList<>();
        for (PlannedChange c : new LinkedHashSet<>(plan.changes())) {
            String why = refused.get(c);
            if (why != null) {
                early.add(new ChangeResult(c, ChangeResult.Outcome.FAILED, why, null, null, null));
            }
        }
        Set<String> present = group.byId().keySet();
        Set<String> owners = new HashSet<>();
        group.ownerIds().forEach(o -> owners.add(o.toLowerCase(Locale.ROOT)));
        Set<PlannedChange> queued = new HashSet<>();
        List<PlannedChange> adds = toSend(plan.additions(), refused, queued, early, "already a member",
                c -> present.contains(c.directoryObjectId()));
        List<PlannedChange> ownerAdds = toSend(plan.ownerAdditions(), refused, queued, early, "already an owner",
                c -> owners.contains(c.directoryObjectId().toLowerCase(Locale.ROOT)));
        List<PlannedChange> removes = toSend(plan.removals(), refused, queued, early, "not a member any more",
                c -> !present.contains(c.directoryObjectId()));
        // A plan the app may not apply at all fails before anything is settled or sent (WritePermission's rule).
        Optional<Set<String>> roles = target.port().grantedRoles();
        WritePermission.checkRoles(roles, !adds.isEmpty() || !removes.isEmpty(), !ownerAdds.isEmpty(), operation);
        Settlement settle = new Settlement(runtime, organization, plan, apply, operation);
        early.forEach(settle);
        send(target, plan.groupId(), adds, ownerAdds, removes, roles.isEmpty(), settle, apply, operation);
        return new SyncResult(reviewed.planId(), plan.planId(), plan.groupId(), settle.results(), started,
                runtime.config().clock().instant());
    }

    /**
     * Return the changes still to send, in order: each change once, none refused; a change the group already shows
     * done is collected as {@link ChangeResult.Outcome#ALREADY_IN_STATE} instead.
     */
    private static List<PlannedChange> toSend(List<PlannedChange> changes, Map<PlannedChange, String> refused,
            Set<PlannedChange> queued, List<ChangeResult> done, String alreadyDone, Predicate<PlannedChange> isDone) {
        List<PlannedChange> out = new ArrayList<>();
        for (PlannedChange c : changes) {
            if (refused.containsKey(c) || !queued.add(c)) {
                continue;
            }
            if (isDone.test(c)) {
                done.add(new ChangeResult(c, ChangeResult.Outcome.ALREADY_IN_STATE, alreadyDone, null, null, null));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private void send(SyncTarget target, String groupId, List<PlannedChange> adds, List<PlannedChange> ownerAdds,
            List<PlannedChange> removes, boolean rolesUnknown, Settlement settle, ApplyOptions apply,
            String operation) {
        WritePacer pacer = WritePacer.shared(runtime, target.appKey(), runtime.config().clock(),
                runtime.config().writesPerWindow(), runtime.config().writeWindow());
        BatchSender fenced = fenced(target.port(), apply, operation);
        BatchRunner runner = new BatchRunner(fenced, runtime.calls(), pacer, runtime.config().maxRetries(),
                runtime.config().maxRetryWait(), operation);
        ApplyEngine engine = new ApplyEngine(target.port(), runner, pacer, groupId, settle);
        planning.forgetGroup(target, groupId);
        try {
            List<PlannedChange> rest = new ArrayList<>(adds);
            List<PlannedChange> restRemoves = new ArrayList<>(removes);
            List<PlannedChange> restOwners = new ArrayList<>(ownerAdds);
            if (rolesUnknown) {
                // The token's roles are unreadable: the first change goes alone, so a missing permission costs one
                // write request, not the whole plan's.
                List<PlannedChange> first = !rest.isEmpty() ? rest : !restRemoves.isEmpty() ? restRemoves : restOwners;
                if (!first.isEmpty()) {
                    WritePermission.sendAlone(target.port(), sender -> new BatchRunner(fenced(sender, apply,
                            operation), runtime.calls(), pacer, runtime.config().maxRetries(),
                            runtime.config().maxRetryWait(), operation), groupId, first.remove(0), settle, operation);
                }
            }
            engine.add(rest);
            engine.addOwners(restOwners);
            engine.remove(restRemoves);
        } finally {
            // remembered so that reads lagging behind these writes neither undo nor redo them (issue 14)
            planning.applied(target, groupId, settle.results());
        }
    }

    /**
     * The sender with the host's lease asked before each write request ({@link ApplyOptions#lease()}): a process
     * that lost its claim on the work while paused sends nothing more once it wakes up.
     */
    private static BatchSender fenced(BatchSender port, ApplyOptions apply, String operation) {
        return new BatchSender() {
            @Override
            public List<StepResponse> batch(List<Step> steps) {
                if (steps.stream().anyMatch(Step::isWrite) && !apply.lease().getAsBoolean()) {
                    throw new MsGraphException(Details.of(ErrorKind.CONFLICT, operation,
                            "the host's lease check says this process no longer owns the work; nothing more was sent",
                            "Nothing to do here: whoever owns the work now applies it (changes already sent are in the"
                                    + " result and the audit log)."), null);
                }
                return port.batch(steps);
            }

            @Override
            public void renewToken(@Nullable String claims) {
                port.renewToken(claims);
            }
        };
    }

    private static void checkGuard(SyncPlan plan, ApplyOptions apply, String operation) {
        if (plan.removalGuardTripped() && !apply.allowMassRemoval()) {
            throw guardTripped(operation, plan.removalGuardReason().orElse("too many removals"));
        }
    }

    private static MsGraphException guardTripped(String operation, String reason) {
        return new MsGraphException(Details.of(ErrorKind.REMOVAL_GUARD, operation,
                "the removal guard tripped: " + reason,
                "Review the removals; if they are intended, apply with ApplyOptions.allowMassRemoval(true)."), null);
    }

    /**
     * What a plan is checked against.
     *
     * @param group the group now (null when another group is linked, which makes the plan stale)
     * @param fresh whether the group was read in full (false: the plan's state, vouched for by a delta round)
     * @param candidates the team's candidates now (empty unless a team sync)
     * @param teamEmpty whether the team is empty now
     * @param stale why the plan is stale, or null
     */
    private record Facts(@Nullable GroupState group, boolean fresh, List<Planner.Candidate> candidates,
            boolean teamEmpty, @Nullable String stale) {
    }

    /**
     * The outcome of the re-check.
     *
     * @param group the group the changes were checked against (its re-read members refreshed)
     * @param refused the refused changes with their reasons
     */
    private record Checked(GroupState group, Map<PlannedChange, String> refused) {
    }
}
