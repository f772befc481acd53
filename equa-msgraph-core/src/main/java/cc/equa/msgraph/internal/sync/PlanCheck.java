package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.MatchRules.Attribute;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.RemovalGuard;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Re-check a plan's changes against facts read at apply, so that a plan can only narrow what a fresh plan would do.
 * A plan is the planner's output, but by the time it is applied it may have been stored, sent through a browser or
 * edited; apart from its options (mode, match rules, owner roles, guard), its kind, its requested members and its
 * {@code includeProtected} flag, none of its content is trusted. A change is refused when:
 * <ul>
 *   <li>its object id is not a directory object id;</li>
 *   <li>its kind of plan never makes it (an add-members plan removes no one and adds no owners, a remove-members plan
 *       adds no one, an additive sync removes no one);</li>
 *   <li>an addition (member or owner) of a team sync is not the user the named current, in-scope team member's
 *       address resolves to now, or its label is not that address; an owner addition's team member holds no owner
 *       role;</li>
 *   <li>an addition of an add-members plan is not the user a requested address resolves to now, or its label is not
 *       that address;</li>
 *   <li>a removal's label is not the member's label as the directory shows it now; the member is protected (owner,
 *       this app, not a user) and the plan is not a remove-members plan made with {@code includeProtected}; a
 *       mirror sync's removal targets someone a current team member's address matches (or might match: ambiguous or
 *       disabled); a remove-members plan's removal is not one of the requested members.</li>
 * </ul>
 * Pure; the caller reads the facts.
 */
final class PlanCheck {

    /** Every refusal reason starts with this, in results and audit events. */
    static final String REFUSED = "refused: ";

    private final PlanContent plan;
    private final GroupState group;
    private final Map<String, DirectoryMember> members = new HashMap<>();
    private final Map<String, Planner.Candidate> byTeamId = new HashMap<>();
    private final Map<String, List<Planner.Candidate>> byEmail = new HashMap<>();
    private final Set<String> requestedEmails = new LinkedHashSet<>();
    private final Set<String> requestedIds = new HashSet<>();

    /**
     * Prepare the check.
     *
     * @param plan the plan as reviewed
     * @param group the group as read at apply
     * @param candidates the current in-scope team members (team sync), else empty
     */
    PlanCheck(PlanContent plan, GroupState group, List<Planner.Candidate> candidates) {
        this.plan = plan;
        this.group = group;
        group.members().forEach(m -> members.put(lower(m.id()), m));
        for (Planner.Candidate c : candidates) {
            byTeamId.putIfAbsent(c.teamMemberId(), c);
            byEmail.computeIfAbsent(c.email(), k -> new ArrayList<>()).add(c);
        }
        for (String r : plan.requested()) {
            if (Planner.isObjectId(r)) {
                requestedIds.add(lower(r.strip()));
            } else {
                String e = Emails.normalize(r);
                if (e != null) {
                    requestedEmails.add(e);
                }
            }
        }
    }

    private boolean mirrorSync() {
        return plan.kind() == SyncPlan.Kind.TEAM_SYNC && plan.options().mode() == SyncMode.MIRROR;
    }

    /**
     * Return the ids of the mirror-sync removal targets whose aliases must be read to tell whether a team address
     * matches them (empty unless the match rules use aliases).
     *
     * @return the member ids
     */
    List<String> aliasLookups() {
        if (!mirrorSync() || !(plan.options().matchRules().uses(Attribute.OTHER_MAILS)
                || plan.options().matchRules().uses(Attribute.PROXY_ADDRESSES))) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (PlannedChange r : plan.removals()) {
            DirectoryMember m = members.get(lower(r.directoryObjectId()));
            if (m != null && m.isUser() && Planner.isObjectId(m.id())) {
                out.add(m.id());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Return the ids of the removal targets to read afresh by id: those of {@link #aliasLookups()}, and, when the group
     * was not read in full at apply (a delta round vouched for its membership), every user a removal targets, so that
     * the check sees their mail and user principal name as they are now, not as the plan's read showed them.
     *
     * @param groupFresh whether the group was read in full at apply
     * @return the member ids
     */
    List<String> idLookups(boolean groupFresh) {
        Set<String> out = new LinkedHashSet<>(aliasLookups());
        if (!groupFresh) {
            for (PlannedChange r : plan.removals()) {
                DirectoryMember m = members.get(lower(r.directoryObjectId()));
                if (m != null && m.isUser() && Planner.isObjectId(m.id())) {
                    out.add(m.id());
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Return the addresses whose resolution the check needs: those of the team members the additions name, those a
     * removal target carries that a team member has, and the requested addresses a removal may stand for.
     *
     * @param aliases the removal targets' aliases (normalised), by lower-case member id
     * @return the normalised addresses to resolve
     */
    List<String> addressesToResolve(Map<String, Set<String>> aliases) {
        Set<String> out = new LinkedHashSet<>();
        switch (plan.kind()) {
            case TEAM_SYNC -> {
                for (PlannedChange c : additionsAndOwners()) {
                    Planner.Candidate cand = c.teamMemberId() == null ? null : byTeamId.get(c.teamMemberId());
                    if (cand != null && cand.email().equals(c.label())) {
                        out.add(cand.email());
                    }
                }
                if (mirrorSync()) {
                    for (PlannedChange r : plan.removals()) {
                        for (String a : addresses(r.directoryObjectId(), aliases)) {
                            if (byEmail.containsKey(a)) {
                                out.add(a);
                            }
                        }
                    }
                }
            }
            case ADD_MEMBERS -> plan.additions().stream().map(PlannedChange::label)
                    .filter(requestedEmails::contains).forEach(out::add);
            case REMOVE_MEMBERS -> {
                Set<String> direct = directRemovals();
                boolean unexplained = plan.removals().stream()
                        .anyMatch(r -> !direct.contains(lower(r.directoryObjectId())));
                if (unexplained) {
                    requestedEmails.stream().filter(e -> Planner.memberByAddress(e, group) == null)
                            .forEach(out::add);
                }
            }
            default -> throw new IllegalStateException();
        }
        return List.copyOf(out);
    }

    /**
     * Return the refused changes, each with its reason.
     *
     * @param resolutions the resolutions of {@link #addressesToResolve(Map)}
     * @param aliases the removal targets' aliases (normalised), by lower-case member id
     * @return the refusals, in plan order
     */
    Map<PlannedChange, String> refusals(Map<String, Resolution> resolutions, Map<String, Set<String>> aliases) {
        Map<PlannedChange, String> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Set<PlannedChange> listed = new HashSet<>();
        List<PlannedChange> all = new ArrayList<>(additionsAndOwners());
        all.addAll(plan.removals());
        for (PlannedChange c : all) {
            if (!listed.add(c)) {
                continue; // the very same change again: applied (or refused) once
            }
            String why;
            if (!Planner.isObjectId(c.directoryObjectId())) {
                why = "'" + c.directoryObjectId() + "' is not a directory object id";
            } else {
                why = switch (c.action()) {
                    case ADD, ADD_OWNER -> addition(c, resolutions);
                    case REMOVE -> removal(c, resolutions, aliases);
                };
                if (why == null && !seen.add(c.action() + " " + lower(c.directoryObjectId()))) {
                    why = "the plan lists this change twice";
                }
            }
            if (why != null) {
                out.put(c, REFUSED + why);
            }
        }
        return out;
    }

    private @Nullable String addition(PlannedChange c, Map<String, Resolution> resolutions) {
        boolean owner = c.action() == PlannedChange.Action.ADD_OWNER;
        switch (plan.kind()) {
            case REMOVE_MEMBERS -> {
                return owner ? "a remove-members plan adds no owners" : "a remove-members plan adds no one";
            }
            case ADD_MEMBERS -> {
                if (owner) {
                    return "an add-members plan adds no owners";
                }
                if (c.teamMemberId() != null) {
                    return "an add-members change names no Equa team member";
                }
                if (!requestedEmails.contains(c.label())) {
                    return c.label() + " was not requested";
                }
                return resolvesTo(c, "the requested address " + c.label(), resolutions);
            }
            case TEAM_SYNC -> {
                String tm = c.teamMemberId();
                Planner.Candidate cand = tm == null ? null : byTeamId.get(tm);
                if (cand == null) {
                    return tm == null ? "the addition names no Equa team member"
                            : "team member " + tm + " is not a current Equa team member in the sync's scope";
                }
                if (!cand.email().equals(c.label())) {
                    return "the label " + c.label() + " is not team member " + tm + "'s address";
                }
                if (owner && !cand.owner()) {
                    return "team member " + tm + " holds no owner role (SyncOptions ownerRoles)";
                }
                return resolvesTo(c, "team member " + tm + "'s address " + cand.email(), resolutions);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static @Nullable String resolvesTo(PlannedChange c, String what, Map<String, Resolution> resolutions) {
        Resolution r = resolutions.getOrDefault(c.label(), new Resolution(Resolution.Status.NONE, null, List.of()));
        return switch (r.status()) {
            case MATCHED -> r.user() != null && r.user().id().equalsIgnoreCase(c.directoryObjectId()) ? null
                    : c.directoryObjectId() + " is not the user " + what + " resolves to";
            case NONE -> what + " now matches no Microsoft 365 user";
            case AMBIGUOUS -> what + " now matches several Microsoft 365 users";
            case DISABLED -> what + " now matches a disabled account";
        };
    }

    private @Nullable String removal(PlannedChange c, Map<String, Resolution> resolutions,
            Map<String, Set<String>> aliases) {
        if (plan.kind() == SyncPlan.Kind.ADD_MEMBERS) {
            return "an add-members plan removes no one";
        }
        if (plan.kind() == SyncPlan.Kind.TEAM_SYNC && plan.options().mode() == SyncMode.ADDITIVE) {
            return "an additive sync removes no one";
        }
        if (c.teamMemberId() != null) {
            return "a removal names no Equa team member";
        }
        DirectoryMember m = members.get(lower(c.directoryObjectId()));
        if (m == null) {
            // not a member any more: nothing will be sent, the result says so
            return null;
        }
        if (plan.kind() == SyncPlan.Kind.REMOVE_MEMBERS && !requestedRemoval(m, resolutions)) {
            return c.label() + " was not requested";
        }
        if (!m.label().equals(c.label())) {
            return "the label " + c.label() + " does not belong to " + m.id() + " (the directory shows "
                    + m.label() + ")";
        }
        KeepReason protection = Planner.protection(m, group);
        if (protection != null && !(plan.kind() == SyncPlan.Kind.REMOVE_MEMBERS && plan.includeProtected())) {
            return "a protected member (" + switch (protection) {
                case OWNER -> "group owner";
                case THIS_APP -> "this application";
                case NOT_A_USER -> "not a user";
                default -> protection.name();
            } + ")";
        }
        if (plan.kind() == SyncPlan.Kind.TEAM_SYNC) {
            for (String a : addresses(m.id(), aliases)) {
                Resolution r = resolutions.get(a);
                if (r == null) {
                    continue;
                }
                for (Planner.Candidate cand : byEmail.getOrDefault(a, List.of())) {
                    if (r.status() == Resolution.Status.MATCHED && r.user() != null
                            && r.user().id().equalsIgnoreCase(m.id())) {
                        return "matched to current Equa team member " + cand.teamMemberId() + " (" + a + ")";
                    }
                    if ((r.status() == Resolution.Status.AMBIGUOUS || r.status() == Resolution.Status.DISABLED)
                            && Planner.unplacedBy(a, r, group).stream().anyMatch(x -> x.id().equals(m.id()))) {
                        return "team member " + cand.teamMemberId() + "'s address " + a + " matches "
                                + (r.status() == Resolution.Status.AMBIGUOUS ? "several users, this one among them"
                                        : "this disabled account")
                                + "; a sync never removes someone it cannot place";
                    }
                }
            }
        }
        return null;
    }

    private boolean requestedRemoval(DirectoryMember m, Map<String, Resolution> resolutions) {
        if (directRemovals().contains(lower(m.id()))) {
            return true;
        }
        for (String e : requestedEmails) {
            Resolution r = resolutions.get(e);
            if (r != null && r.status() != Resolution.Status.AMBIGUOUS && r.user() != null
                    && r.user().id().equalsIgnoreCase(m.id())) {
                return true;
            }
        }
        return false;
    }

    /** The members a remove-members plan names by object id or by an address a member carries. */
    private Set<String> directRemovals() {
        Set<String> out = new HashSet<>(requestedIds);
        for (String e : requestedEmails) {
            String id = Planner.memberByAddress(e, group);
            if (id != null) {
                out.add(lower(id));
            }
        }
        return out;
    }

    /** A member's normalised addresses: mail and UPN from the group read (always), aliases as looked up. */
    private Set<String> addresses(String memberId, Map<String, Set<String>> aliases) {
        Set<String> out = new LinkedHashSet<>();
        DirectoryMember m = members.get(lower(memberId));
        if (m != null) {
            String mail = Emails.normalize(m.mail());
            String upn = Emails.normalize(m.userPrincipalName());
            if (mail != null) {
                out.add(mail);
            }
            if (upn != null) {
                out.add(upn);
            }
        }
        out.addAll(aliases.getOrDefault(lower(memberId), Set.of()));
        return out;
    }

    private List<PlannedChange> additionsAndOwners() {
        List<PlannedChange> out = new ArrayList<>(plan.additions());
        out.addAll(plan.ownerAdditions());
        return out;
    }

    /**
     * Recompute the removal guard from the removals that will be sent and the group's current size; the plan's own
     * verdict is not consulted (the caller also honours a plan that says it tripped).
     *
     * @param additions the member additions that will be sent
     * @param removals the removals that will be sent (not refused, still members)
     * @param teamEmpty whether the current team has no member at all (team sync)
     * @return why the guard trips, or null
     */
    @Nullable String guard(Collection<PlannedChange> additions, Collection<PlannedChange> removals,
            boolean teamEmpty) {
        if (removals.isEmpty()) {
            return null;
        }
        RemovalGuard g = plan.options().removalGuard();
        int users = group.userCount();
        int limit = g.limit(users);
        if (plan.kind() == SyncPlan.Kind.TEAM_SYNC) {
            if (teamEmpty) {
                return "the Equa team is empty, so the plan would remove every member (" + removals.size() + ").";
            }
            Set<String> removing = new HashSet<>();
            removals.forEach(r -> removing.add(lower(r.directoryObjectId())));
            boolean everyone = group.members().stream()
                    .filter(m -> m.isUser() && Planner.protection(m, group) == null)
                    .allMatch(m -> removing.contains(lower(m.id())));
            if (everyone && additions.isEmpty()) {
                return "the plan would remove every member (" + removals.size() + ") and add no one.";
            }
        }
        if (removals.size() > limit) {
            return removals.size() + " removals exceed the allowed " + limit + " (the larger of " + g.maxRemovals()
                    + " and " + g.maxPercent() + " % of " + users + " user members).";
        }
        return null;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
