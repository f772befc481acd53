package cc.equa.msgraph.internal.plan;

import cc.equa.msgraph.KeptMember;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link SyncPlan} holds; the one shape both the planner and the JSON codec produce.
 *
 * @param planId the plan id
 * @param kind team sync or an explicit add/remove
 * @param organization the organization id
 * @param groupId the group
 * @param createdAt when it was made
 * @param options the options it was made with
 * @param requested the addresses or ids an explicit plan was asked for (empty for team sync)
 * @param includeProtected whether an explicit removal may remove owners, the app and non-users
 * @param fingerprint SHA-256 over the group and team state
 * @param groupFingerprint SHA-256 over the group's member and owner ids
 * @param teamFingerprint SHA-256 over the team (or request) input that shaped the plan
 * @param userMembers the group's user members when planned
 * @param removalLimit the removals the guard allows
 * @param guardTripped whether the plan needs the mass-removal override
 * @param guardReason why the guard tripped, or null
 * @param additions members to add
 * @param removals members to remove
 * @param unchanged team members already in the group
 * @param skipped team members or requests that will not be in the group
 * @param protectedMembers group members a removal would otherwise hit, kept for protection
 * @param notInTeam group members not on the team that stay (additive)
 * @param ownerAdditions team members to add as owners (empty unless owner roles are set)
 */
public record PlanContent(
        String planId,
        SyncPlan.Kind kind,
        String organization,
        String groupId,
        Instant createdAt,
        SyncOptions options,
        List<String> requested,
        boolean includeProtected,
        String fingerprint,
        String groupFingerprint,
        String teamFingerprint,
        int userMembers,
        int removalLimit,
        boolean guardTripped,
        @Nullable String guardReason,
        List<PlannedChange> additions,
        List<PlannedChange> removals,
        List<KeptMember> unchanged,
        List<SkippedMember> skipped,
        List<KeptMember> protectedMembers,
        List<KeptMember> notInTeam,
        List<PlannedChange> ownerAdditions) {

    /** Copy the lists. */
    public PlanContent {
        requested = List.copyOf(requested);
        additions = List.copyOf(additions);
        removals = List.copyOf(removals);
        unchanged = List.copyOf(unchanged);
        skipped = List.copyOf(skipped);
        protectedMembers = List.copyOf(protectedMembers);
        notInTeam = List.copyOf(notInTeam);
        ownerAdditions = List.copyOf(ownerAdditions);
    }
}
