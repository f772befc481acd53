package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.KeptMember;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.graph.ObjectIds;
import cc.equa.msgraph.internal.plan.Fingerprints;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import cc.equa.msgraph.spi.MemberKind;
import cc.equa.msgraph.spi.TeamMember;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Compute plans from the team (or a request), the address resolutions and the group state. Pure; no I/O. */
public final class Planner {

    private Planner() {
    }

    /**
     * Tell whether a requested member is an object id rather than an address.
     *
     * @param value the value
     * @return true for a GUID
     */
    public static boolean isObjectId(String value) {
        return ObjectIds.isGuid(value.strip());
    }

    /**
     * Return the team members in scope, and why the others are not.
     *
     * @param team the team
     * @param options the options
     * @param skipped receives the members out of scope
     * @return the in-scope individuals with a plausible address, by normalised address
     */
    public static List<Candidate> candidates(List<TeamMember> team, SyncOptions options,
            List<SkippedMember> skipped) {
        List<TeamMember> sorted = new ArrayList<>(team);
        sorted.sort(Comparator.comparing(TeamMember::id));
        List<Candidate> out = new ArrayList<>();
        for (TeamMember m : sorted) {
            String given = Emails.strip(m.email());
            String email = Emails.normalize(given);
            SkipReason reason = null;
            if (m.kind() == MemberKind.ENTITY) {
                reason = SkipReason.ENTITY;
            } else if (!options.invitationStatuses().isEmpty()
                    && !options.invitationStatuses().contains(m.invitationStatus())) {
                reason = SkipReason.FILTERED_BY_STATUS;
            } else if (!options.roles().isEmpty() && Collections.disjoint(options.roles(), m.roles())) {
                reason = SkipReason.FILTERED_BY_ROLE;
            } else if (given == null) {
                reason = SkipReason.NO_EMAIL;
            } else if (email == null) {
                // checked before any case folding, so a look-alike (U+212A for k) is never looked up or matched
                reason = SkipReason.INVALID_EMAIL;
            }
            if (reason != null) {
                skipped.add(new SkippedMember(m.id(), m.displayName(), email != null ? email : given, reason,
                        List.of()));
            } else {
                boolean owner = !options.ownerRoles().isEmpty()
                        && !Collections.disjoint(options.ownerRoles(), m.roles());
                out.add(new Candidate(m.id(), m.displayName(), email, owner));
            }
        }
        return out;
    }

    /**
     * Fingerprint the team input that shapes a plan: the in-scope candidates' ids and addresses, and the ids of the
     * members out of scope with their reason.
     *
     * @param candidates the in-scope candidates
     * @param outOfScope the members skipped before any lookup
     * @return the hash
     */
    static String teamFingerprint(List<Candidate> candidates, List<SkippedMember> outOfScope) {
        List<String> lines = new ArrayList<>();
        candidates.forEach(c -> lines.add("candidate " + c.teamMemberId() + " " + c.email()));
        // only present when owner roles are set, so a plan without them keeps the 0.1.0 fingerprint
        candidates.stream().filter(Candidate::owner).forEach(c -> lines.add("owner " + c.teamMemberId()));
        outOfScope.forEach(s -> lines.add("skipped " + s.teamMemberId() + " " + s.reason()));
        return Fingerprints.ofLines(lines);
    }

    /**
     * Plan a team sync.
     *
     * @param header the plan's identity
     * @param options the options
     * @param candidates the in-scope candidates
     * @param outOfScope the members skipped before any lookup
     * @param resolutions the resolutions by normalised address
     * @param group the group
     * @return the plan content
     */
    public static PlanContent teamSync(Header header, SyncOptions options, List<Candidate> candidates,
            List<SkippedMember> outOfScope, Map<String, Resolution> resolutions, GroupState group) {
        Placement placed = place(candidates, outOfScope, resolutions, group);
        List<PlannedChange> removals = new ArrayList<>();
        List<KeptMember> protectedMembers = new ArrayList<>();
        List<KeptMember> notInTeam = new ArrayList<>();
        for (DirectoryMember m : sortedMembers(group)) {
            if (placed.wanted().containsKey(m.id())) {
                continue;
            }
            if (options.mode() == SyncMode.ADDITIVE) {
                notInTeam.add(new KeptMember(m.id(), m.label(), KeepReason.NOT_IN_TEAM, null));
                continue;
            }
            KeepReason protection = protection(m, group);
            if (protection != null) {
                protectedMembers.add(new KeptMember(m.id(), m.label(), protection, null));
            } else if (placed.unplaced().containsKey(m.id())) {
                // a team address that could not place one person never removes anyone it may belong to
                protectedMembers.add(placed.unplaced().get(m.id()));
            } else {
                removals.add(new PlannedChange(PlannedChange.Action.REMOVE, m.id(), m.label(), null));
            }
        }
        String team = teamFingerprint(candidates, outOfScope);
        int limit = options.removalGuard().limit(group.userCount());
        String guardReason = teamSyncGuard(options, candidates, outOfScope, placed, removals.size(), limit,
                group.userCount());
        return content(header, SyncPlan.Kind.TEAM_SYNC, options, List.of(), false, group, team, limit, guardReason,
                placed.additions(), removals, placed.unchanged(), placed.skipped(), protectedMembers, notInTeam,
                placed.ownerAdditions());
    }

    /** Place each candidate: on the user its address resolves to (added, or already a member), or skipped. */
    private static Placement place(List<Candidate> candidates, List<SkippedMember> outOfScope,
            Map<String, Resolution> resolutions, GroupState group) {
        Map<String, DirectoryMember> members = group.byId();
        Placement placed = new Placement(new ArrayList<>(outOfScope), new ArrayList<>(), new ArrayList<>(),
                new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>());
        Set<String> owners = new HashSet<>();
        group.ownerIds().forEach(o -> owners.add(o.toLowerCase(Locale.ROOT)));
        for (Candidate c : candidates) {
            Resolution r = resolutions.get(c.email());
            if (r == null) {
                r = new Resolution(Resolution.Status.NONE, null, List.of());
            }
            if (r.status() == Resolution.Status.AMBIGUOUS || r.status() == Resolution.Status.DISABLED) {
                for (DirectoryMember m : unplacedBy(c.email(), r, group)) {
                    placed.unplaced().putIfAbsent(m.id(), new KeptMember(m.id(), m.label(),
                            r.status() == Resolution.Status.AMBIGUOUS ? KeepReason.AMBIGUOUS_MATCH
                                    : KeepReason.ACCOUNT_DISABLED, c.teamMemberId()));
                }
            }
            SkipReason reason = switch (r.status()) {
                case NONE -> SkipReason.NO_MATCHING_USER;
                case AMBIGUOUS -> SkipReason.AMBIGUOUS_MATCH;
                case DISABLED -> SkipReason.ACCOUNT_DISABLED;
                case MATCHED -> null;
            };
            if (reason == null && placed.wanted().containsKey(r.user().id())) {
                placed.skipped().add(new SkippedMember(c.teamMemberId(), c.displayName(), c.email(),
                        SkipReason.DUPLICATE_MATCH, List.of(r.user().id())));
                continue;
            }
            if (reason != null) {
                placed.skipped().add(new SkippedMember(c.teamMemberId(), c.displayName(), c.email(), reason,
                        r.candidateIds()));
                continue;
            }
            String id = r.user().id();
            placed.wanted().put(id, c.teamMemberId());
            if (members.containsKey(id)) {
                placed.unchanged().add(new KeptMember(id, members.get(id).label(), KeepReason.IN_TEAM,
                        c.teamMemberId()));
            } else {
                placed.additions().add(new PlannedChange(PlannedChange.Action.ADD, id, c.email(), c.teamMemberId()));
            }
            if (c.owner() && !owners.contains(id.toLowerCase(Locale.ROOT))) {
                placed.ownerAdditions().add(new PlannedChange(PlannedChange.Action.ADD_OWNER, id, c.email(),
                        c.teamMemberId()));
            }
        }
        return placed;
    }

    private static @Nullable String teamSyncGuard(SyncOptions options, List<Candidate> candidates,
            List<SkippedMember> outOfScope, Placement placed, int removals, int limit, int userCount) {
        if (removals > 0 && placed.wanted().isEmpty()) {
            return candidates.isEmpty() && outOfScope.isEmpty()
                    ? "the Equa team is empty, so the plan would remove every member (" + removals + ")."
                    : "no Equa team member matched a Microsoft 365 user, so the plan would remove every member ("
                            + removals + ")" + (placed.unplaced().isEmpty() ? "." : " but those a team address might "
                            + "belong to (" + placed.unplaced().size() + ").");
        }
        if (removals > limit) {
            return removals + " removals exceed the allowed " + limit + " (the larger of "
                    + options.removalGuard().maxRemovals() + " and " + options.removalGuard().maxPercent() + " % of "
                    + userCount + " user members).";
        }
        return null;
    }

    /**
     * Plan adding chosen users by address.
     *
     * @param header the plan's identity
     * @param options the options (match rules)
     * @param requested the addresses as given
     * @param resolutions the resolutions by normalised address
     * @param group the group
     * @return the plan content
     */
    static PlanContent addMembers(Header header, SyncOptions options, List<String> requested,
            Map<String, Resolution> resolutions, GroupState group) {
        Map<String, DirectoryMember> members = group.byId();
        List<SkippedMember> skipped = new ArrayList<>();
        List<PlannedChange> additions = new ArrayList<>();
        List<KeptMember> unchanged = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>();
        for (String raw : requested) {
            String email = Emails.normalize(raw);
            String label = raw.strip();
            if (email == null) {
                skipped.add(SkippedMember.ofRequest(label, Emails.strip(raw), SkipReason.INVALID_EMAIL,
                        List.of()));
                continue;
            }
            Resolution r = resolutions.getOrDefault(email, new Resolution(Resolution.Status.NONE, null, List.of()));
            switch (r.status()) {
                case NONE -> skipped.add(SkippedMember.ofRequest(label, email, SkipReason.NO_MATCHING_USER,
                        List.of()));
                case AMBIGUOUS -> skipped.add(SkippedMember.ofRequest(label, email, SkipReason.AMBIGUOUS_MATCH,
                        r.candidateIds()));
                case DISABLED -> skipped.add(SkippedMember.ofRequest(label, email, SkipReason.ACCOUNT_DISABLED,
                        r.candidateIds()));
                case MATCHED -> {
                    String id = r.user().id();
                    if (!wanted.add(id)) {
                        skipped.add(SkippedMember.ofRequest(label, email, SkipReason.DUPLICATE_MATCH,
                                List.of(id)));
                    } else if (members.containsKey(id)) {
                        unchanged.add(new KeptMember(id, members.get(id).label(), KeepReason.IN_TEAM, null));
                    } else {
                        additions.add(new PlannedChange(PlannedChange.Action.ADD, id, email, null));
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return content(header, SyncPlan.Kind.ADD_MEMBERS, options, requested, false, group,
                requestFingerprint(requested, resolutions), options.removalGuard().limit(group.userCount()), null,
                additions, List.of(), unchanged, skipped, List.of(), List.of(), List.of());
    }

    /**
     * Plan removing chosen members, named by address or object id.
     *
     * @param header the plan's identity
     * @param options the options (match rules, guard)
     * @param requested the addresses or ids as given
     * @param includeProtected whether owners, this app and non-users may be removed
     * @param resolutions the resolutions by normalised address
     * @param group the group
     * @return the plan content
     */
    static PlanContent removeMembers(Header header, SyncOptions options, List<String> requested,
            boolean includeProtected, Map<String, Resolution> resolutions, GroupState group) {
        return removeMembers(header, options, requested, includeProtected, resolutions, Map.of(), group);
    }

    /**
     * Plan removing chosen members. An address names one member only if nobody else is known to answer to it: a
     * member found by its mail or user principal name is skipped as {@link SkipReason#AMBIGUOUS_MATCH} when another
     * directory user carries the same address as an alias ({@code aliasHolders}), as a sync would keep such a member.
     *
     * @param aliasHolders for each normalised address, the ids of users carrying it as an alias
     */
    static PlanContent removeMembers(Header header, SyncOptions options, List<String> requested,
            boolean includeProtected, Map<String, Resolution> resolutions, Map<String, Set<String>> aliasHolders,
            GroupState group) {
        Map<String, DirectoryMember> members = group.byId();
        List<SkippedMember> skipped = new ArrayList<>();
        List<PlannedChange> removals = new ArrayList<>();
        List<KeptMember> protectedMembers = new ArrayList<>();
        Set<String> chosen = new LinkedHashSet<>();
        for (String raw : requested) {
            String label = raw.strip();
            String id;
            String email = null;
            if (isObjectId(label)) {
                id = label.toLowerCase(Locale.ROOT);
            } else {
                email = Emails.normalize(raw);
                if (email == null) {
                    skipped.add(SkippedMember.ofRequest(label, Emails.strip(raw), SkipReason.INVALID_EMAIL,
                            List.of()));
                    continue;
                }
                id = memberByAddress(email, group);
                if (id != null) {
                    Set<String> others = new LinkedHashSet<>(aliasHolders.getOrDefault(email, Set.of()));
                    others.remove(id.toLowerCase(Locale.ROOT));
                    if (!others.isEmpty()) {
                        List<String> candidates = new ArrayList<>();
                        candidates.add(id);
                        candidates.addAll(others);
                        skipped.add(SkippedMember.ofRequest(label, email, SkipReason.AMBIGUOUS_MATCH, candidates));
                        continue;
                    }
                }
                if (id == null) {
                    Resolution r = resolutions.getOrDefault(email,
                            new Resolution(Resolution.Status.NONE, null, List.of()));
                    if (r.status() == Resolution.Status.AMBIGUOUS) {
                        skipped.add(SkippedMember.ofRequest(label, email, SkipReason.AMBIGUOUS_MATCH,
                                r.candidateIds()));
                        continue;
                    }
                    if (r.user() == null) {
                        skipped.add(SkippedMember.ofRequest(label, email, SkipReason.NO_MATCHING_USER, List.of()));
                        continue;
                    }
                    id = r.user().id();
                }
            }
            DirectoryMember m = findMember(members, id);
            if (m == null && !includeProtected && id.equalsIgnoreCase(String.valueOf(group.appObjectId()))) {
                // v1.0 /members does not list service principals (issue 14 item 9): the app is protected whether
                // the read shows it or not
                if (chosen.add(id.toLowerCase(Locale.ROOT))) {
                    protectedMembers.add(new KeptMember(id, label, KeepReason.THIS_APP, null));
                }
                continue;
            }
            if (m == null) {
                skipped.add(SkippedMember.ofRequest(label, email, SkipReason.NOT_A_MEMBER, List.of(id)));
                continue;
            }
            if (!chosen.add(m.id())) {
                continue;
            }
            KeepReason protection = protection(m, group);
            if (protection != null && !includeProtected) {
                protectedMembers.add(new KeptMember(m.id(), m.label(), protection, null));
            } else {
                removals.add(new PlannedChange(PlannedChange.Action.REMOVE, m.id(), m.label(), null));
            }
        }
        int limit = options.removalGuard().limit(group.userCount());
        String guardReason = removals.size() > limit ? removals.size() + " removals exceed the allowed " + limit
                + " (the larger of " + options.removalGuard().maxRemovals() + " and "
                + options.removalGuard().maxPercent() + " % of " + group.userCount() + " user members)." : null;
        return content(header, SyncPlan.Kind.REMOVE_MEMBERS, options, requested, includeProtected, group,
                requestFingerprint(requested, resolutions), limit, guardReason, List.of(), removals, List.of(),
                skipped, protectedMembers, List.of(), List.of());
    }

    /**
     * Tell why a member may not be removed, if it may not.
     *
     * @param m the member
     * @param group the group
     * @return the protection, or null
     */
    static @Nullable KeepReason protection(DirectoryMember m, GroupState group) {
        if (m.id().equalsIgnoreCase(String.valueOf(group.appObjectId()))) {
            return KeepReason.THIS_APP;
        }
        if (group.ownerIds().stream().anyMatch(o -> o.equalsIgnoreCase(m.id()))) {
            return KeepReason.OWNER;
        }
        if (!m.isUser()) {
            return KeepReason.NOT_A_USER;
        }
        return null;
    }

    /**
     * Return the group members an address that resolved ambiguously or to a disabled account may belong to: the users
     * the lookup found for it, and (to be safe) any member whose mail or user principal name is that address.
     *
     * @param email the normalised address
     * @param r its resolution (ambiguous or disabled)
     * @param group the group
     * @return the members
     */
    static List<DirectoryMember> unplacedBy(String email, Resolution r, GroupState group) {
        Set<String> ids = new HashSet<>();
        r.candidateIds().forEach(id -> ids.add(id.toLowerCase(Locale.ROOT)));
        if (r.user() != null) {
            ids.add(r.user().id().toLowerCase(Locale.ROOT));
        }
        List<DirectoryMember> out = new ArrayList<>();
        for (DirectoryMember m : group.members()) {
            if (ids.contains(m.id().toLowerCase(Locale.ROOT))
                    || email.equals(Emails.normalize(m.mail()))
                    || email.equals(Emails.normalize(m.userPrincipalName()))) {
                out.add(m);
            }
        }
        return out;
    }

    private static @Nullable DirectoryMember findMember(Map<String, DirectoryMember> members, String id) {
        DirectoryMember m = members.get(id);
        if (m != null) {
            return m;
        }
        return members.values().stream().filter(x -> x.id().equalsIgnoreCase(id)).findFirst().orElse(null);
    }

    static @Nullable String memberByAddress(String email, GroupState group) {
        List<String> hits = group.members().stream()
                .filter(m -> email.equals(Emails.normalize(m.mail()))
                        || email.equals(Emails.normalize(m.userPrincipalName())))
                .map(DirectoryMember::id).distinct().toList();
        return hits.size() == 1 ? hits.get(0) : null;
    }

    private static String requestFingerprint(List<String> requested, Map<String, Resolution> resolutions) {
        List<String> lines = new ArrayList<>();
        for (String r : new TreeSet<>(requested)) {
            lines.add("request " + r.strip());
        }
        return Fingerprints.ofLines(lines);
    }

    private static List<DirectoryMember> sortedMembers(GroupState group) {
        List<DirectoryMember> sorted = new ArrayList<>(group.members());
        sorted.sort(Comparator.comparing(DirectoryMember::id));
        return sorted;
    }

    private static PlanContent content(Header header, SyncPlan.Kind kind, SyncOptions options, List<String> requested,
            boolean includeProtected, GroupState group, String teamFingerprint, int limit,
            @Nullable String guardReason, List<PlannedChange> additions, List<PlannedChange> removals,
            List<KeptMember> unchanged, List<SkippedMember> skipped, List<KeptMember> protectedMembers,
            List<KeptMember> notInTeam, List<PlannedChange> ownerAdditions) {
        String groupFingerprint = group.fingerprint();
        return new PlanContent(header.planId(), kind, header.organization(), group.groupId(), header.createdAt(),
                options, requested, includeProtected, Fingerprints.combine(groupFingerprint, teamFingerprint),
                groupFingerprint, teamFingerprint, group.userCount(), limit, guardReason != null, guardReason,
                additions, removals, unchanged, skipped, protectedMembers, notInTeam, ownerAdditions);
    }

    /**
     * Where a team sync's candidates landed.
     *
     * @param skipped the members skipped (those out of scope first)
     * @param additions the users to add
     * @param unchanged the users already members
     * @param wanted the users wanted in the group, with the team member each stands for
     * @param ownerAdditions the users to add as owners
     * @param unplaced group members an ambiguous or disabled team address may belong to
     */
    private record Placement(List<SkippedMember> skipped, List<PlannedChange> additions, List<KeptMember> unchanged,
            Map<String, String> wanted, List<PlannedChange> ownerAdditions, Map<String, KeptMember> unplaced) {
    }

    /**
     * An in-scope team member with a plausible address.
     *
     * @param teamMemberId the member's id
     * @param displayName the member's name
     * @param email the normalised address
     * @param owner whether the member holds an owner role
     */
    public record Candidate(String teamMemberId, String displayName, String email, boolean owner) {
    }

    /**
     * A plan's identity.
     *
     * @param planId the id
     * @param organization the organization
     * @param createdAt when
     */
    public record Header(String planId, String organization, Instant createdAt) {
    }
}
