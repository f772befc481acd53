package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.graph.GuestSettings;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guests up front (issue 14 item 1): a Microsoft 365 group whose guest setting (or the tenant's) does not allow
 * guests refuses a guest's addition with 403, so where the settings can be read, a plan shows such a guest as
 * skipped ({@link SkipReason#GUEST_NOT_ALLOWED}) instead of planning an addition that cannot succeed. The settings
 * are read only when the plan would add at least one guest ({@code userType} Guest, from the user lookups); a
 * setting that cannot be read leaves the plan as it was, and the apply reports a refused guest by itself. A skipped
 * guest's owner addition (owner roles) leaves the plan with it: one skipped entry stands for both.
 */
final class GuestPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(GuestPolicy.class);

    private GuestPolicy() {
    }

    /**
     * Return the plan with the guest additions the group's settings refuse moved to the skipped members.
     *
     * @param port the way to Graph (reads the settings only if a guest would be added)
     * @param content the plan as computed
     * @param resolutions the address resolutions the plan was computed from (they carry the users' type)
     * @param names team members' display names by team member id (a team sync's skipped entries show them)
     * @param operation what is being done, for the log
     * @return the plan content, unchanged unless guests are known to be refused
     */
    static PlanContent screen(GraphPort port, PlanContent content, Map<String, Resolution> resolutions,
            Map<String, String> names, String operation) {
        Set<String> guests = new HashSet<>();
        for (Resolution r : resolutions.values()) {
            if (r.status() == Resolution.Status.MATCHED && r.user() != null && r.user().guest()) {
                guests.add(r.user().id().toLowerCase(Locale.ROOT));
            }
        }
        List<PlannedChange> guestAdds = content.additions().stream()
                .filter(a -> guests.contains(a.directoryObjectId().toLowerCase(Locale.ROOT))).toList();
        if (guestAdds.isEmpty()) {
            return content;
        }
        GuestSettings.Answer answer = port.guestSettings(content.groupId());
        if (!answer.verdict().refused()) {
            if (answer.verdict() == GuestSettings.Verdict.UNKNOWN) {
                LOG.info("{}: {} guest(s) planned as additions without knowing whether the group accepts guests: {}; "
                        + "an apply reports any guest the group refuses. Grant GroupSettings.Read.All to see this in "
                        + "the plan", operation, guestAdds.size(), answer.why());
            } else {
                LOG.debug("{}: {} guest(s) planned as additions: {}", operation, guestAdds.size(), answer.why());
            }
            return content;
        }
        LOG.info("{}: {} guest(s) skipped: {}", operation, guestAdds.size(), answer.why());
        List<PlannedChange> additions = new ArrayList<>(content.additions());
        additions.removeAll(guestAdds);
        List<SkippedMember> skipped = new ArrayList<>(content.skipped());
        Set<String> refused = new HashSet<>();
        for (PlannedChange a : guestAdds) {
            skipped.add(skip(content, a, names));
            refused.add(a.directoryObjectId().toLowerCase(Locale.ROOT));
        }
        // a guest the group refuses as member cannot become its owner either (an owner is added after its
        // membership); its one skipped entry, GUEST_NOT_ALLOWED, stands for both
        List<PlannedChange> owners = content.ownerAdditions().stream()
                .filter(o -> !refused.contains(o.directoryObjectId().toLowerCase(Locale.ROOT))).toList();
        return new PlanContent(content.planId(), content.kind(), content.organization(), content.groupId(),
                content.createdAt(), content.options(), content.requested(), content.includeProtected(),
                content.fingerprint(), content.groupFingerprint(), content.teamFingerprint(), content.userMembers(),
                content.removalLimit(), content.guardTripped(), content.guardReason(), additions,
                content.removals(), content.unchanged(), skipped, content.protectedMembers(), content.notInTeam(),
                owners);
    }

    /** The skipped entry for a refused guest, shaped as the plan's kind shapes every other skipped entry. */
    private static SkippedMember skip(PlanContent content, PlannedChange a, Map<String, String> names) {
        List<String> guest = List.of(a.directoryObjectId());
        String email = a.label();
        if (content.kind() == SyncPlan.Kind.TEAM_SYNC) {
            String teamMemberId = a.teamMemberIdIfAny().orElse(a.directoryObjectId());
            return new SkippedMember(teamMemberId, names.getOrDefault(teamMemberId, email), email,
                    SkipReason.GUEST_NOT_ALLOWED, guest);
        }
        // a request's entry as given, as the planner records it (the addition's label is its normalised address)
        String entry = content.requested().stream().filter(r -> email.equals(Emails.normalize(r)))
                .map(String::strip).findFirst().orElse(email);
        return SkippedMember.ofRequest(entry, email, SkipReason.GUEST_NOT_ALLOWED, guest);
    }
}
