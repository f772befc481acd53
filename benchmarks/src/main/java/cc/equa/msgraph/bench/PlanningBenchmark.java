package cc.equa.msgraph.bench;

import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.plan.PlanCodec;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.Planner;
import cc.equa.msgraph.internal.sync.UserMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU-bound parts of planning a team sync: matching addresses to users, diffing against the group, and the whole
 * in-memory plan (match + diff + fingerprints + plan JSON encode and parse). {@code n} team members against a group
 * holding {@code n - 50} of them (50 to add). Short runs; on 2 shared cores expect a wide error.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PlanningBenchmark {

    @Param({"10000", "100000"})
    public int n;

    private PlanningInputs inputs;
    private List<SkippedMember> outOfScope;
    private List<Planner.Candidate> candidates;
    private Map<String, UserMatcher.Resolution> resolutions;
    private PlanContent content;

    @Setup(Level.Trial)
    public void setUp() {
        inputs = new PlanningInputs(n, n - 50);
        outOfScope = new ArrayList<>();
        candidates = inputs.candidates(outOfScope);
        resolutions = inputs.resolve(candidates);
        content = diff();
    }

    /** Match every team address against the users the lookups returned. */
    @Benchmark
    public Map<String, UserMatcher.Resolution> match() {
        return inputs.resolve(candidates);
    }

    /** Diff the matched team against the group's members (additions, removals, kept, guard, fingerprints). */
    @Benchmark
    public PlanContent diff() {
        return Planner.teamSync(new Planner.Header("plan", "acme", Instant.EPOCH), inputs.options, candidates,
                outOfScope, resolutions, inputs.group);
    }

    /** Encode the plan as JSON and parse it back into a SyncPlan (planSync returns the parsed plan). */
    @Benchmark
    public SyncPlan encode() {
        return SyncPlan.fromJson(PlanCodec.encode(content));
    }

    /** The whole in-memory planning: candidates, match, diff, encode, parse. */
    @Benchmark
    public SyncPlan plan() {
        return inputs.plan();
    }
}
