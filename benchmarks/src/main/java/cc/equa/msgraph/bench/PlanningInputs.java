package cc.equa.msgraph.bench;

import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.DirectoryMember;
import cc.equa.msgraph.internal.sync.GroupState;
import cc.equa.msgraph.internal.sync.Planner;
import cc.equa.msgraph.internal.sync.UserMatcher;
import cc.equa.msgraph.spi.TeamMember;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The in-memory inputs of a team sync plan, as the library holds them after its Graph reads: {@code n} team members,
 * the {@code n} users the lookups returned (mail and UPN in another case than the team's addresses, one proxy
 * address each), and a group whose members are {@code inGroup} of those users. Then the CPU-bound planning steps.
 */
final class PlanningInputs {

    final List<TeamMember> team = new ArrayList<>();
    final List<UserRecord> users = new ArrayList<>();
    final GroupState group;
    final SyncOptions options = SyncOptions.defaults();

    PlanningInputs(int n, int inGroup) {
        List<DirectoryMember> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = new UUID(0x5EED, i).toString();
            team.add(BenchTenant.member(i));
            users.add(new UserRecord(id, "Person " + i, "Person" + i + "@Acme.test", "person" + i + "@acme.test",
                    List.of(), List.of("SMTP:Person" + i + "@Acme.test"), true));
            if (i < inGroup) {
                members.add(new DirectoryMember(id, "user", "Person" + i + "@Acme.test", "person" + i + "@acme.test",
                        true));
            }
        }
        group = new GroupState(new UUID(1, 1).toString(), members, java.util.Set.of(), null);
    }

    List<Planner.Candidate> candidates(List<SkippedMember> outOfScope) {
        return Planner.candidates(team, options, outOfScope);
    }

    Map<String, UserMatcher.Resolution> resolve(List<Planner.Candidate> candidates) {
        return UserMatcher.resolveAll(candidates.stream().map(Planner.Candidate::email).distinct().toList(), users,
                options.matchRules());
    }

    /** Everything planSync does in memory after its reads: candidates, match, diff, fingerprints (the plan's JSON is
     * only encoded when someone asks for it). */
    SyncPlan plan() {
        List<SkippedMember> outOfScope = new ArrayList<>();
        List<Planner.Candidate> candidates = candidates(outOfScope);
        Map<String, UserMatcher.Resolution> resolutions = resolve(candidates);
        PlanContent content = Planner.teamSync(new Planner.Header(UUID.randomUUID().toString(), "acme",
                Instant.now()), options, candidates, outOfScope, resolutions, group);
        return PlanAccess.create(content);
    }
}
