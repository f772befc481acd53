package cc.equa.msgraph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tiny run of the initial-fill scenario and its baseline (no latency), so the default build checks the harness. */
class BenchSmokeTest {

    @Test
    void initialFillOfSixtyMeetsTheMinimumAndTheBaselineSendsOneLookupAndOneAddPerMember() throws Exception {
        Result r;
        try (SyncScenarios.Pending p = SyncScenarios.s1(Duration.ZERO, 60, true)) {
            r = p.finish.apply(p.baseline.call());
        }
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("CHECK FAILED")), r.notes().toString());
        // 1 token + (members page + owners page) twice + 1 lookup batch + 1 re-check lookup batch at apply
        // + 1 write batch (3 binds)
        assertEquals(8, r.minimum());
        assertEquals(8, r.requests());
        // 1 token + 1 members page + 60 lookups + 60 single adds
        assertEquals(122, r.baselineRequests());
        assertTrue(r.benchLine().matches("BENCH scenario=S1 requests=8 minimum=8 wall_ms=\\d+ baseline_requests=122 "
                + "baseline_wall_ms=\\d+ heap_mb=\\d+"), r.benchLine());
    }

    @Test
    void minimumsFollowGraphsLimits() {
        // S1: 1 + 2 x 2 + ceil(ceil(10000/15)/20) = 34 + re-check 34 + ceil(250/20) = 13
        assertEquals(86, Minimums.sync(5000, 0, 5000, 0));
        // S2: 1 + 2 x (11 + 1) + ceil(ceil(20050/15)/20) = 67 + re-check (1 + 1) + ceil((2 + 25)/20) = 2
        assertEquals(96, Minimums.sync(10025, 10025, 25, 25));
        // S3: 1 + 101 + 1 + ceil(13334/20) = 667
        assertEquals(770, Minimums.plan(100_000, 100_000));
    }
}
