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
        // 1 token + 1 delta start + members page + owners page + 1 lookup batch; apply: 1 delta round + 1 re-check
        // lookup batch + 1 write batch (3 binds); the floor: the group once + the cheapest staleness check (2)
        assertEquals(8, r.minimum());
        assertEquals(8, r.requests());
        // 1 token + 1 members page + 60 lookups + 60 single adds
        assertEquals(122, r.baselineRequests());
        // items of server work: library = delta start, members page, owners page, 8 lookup filters (60 addresses: 4 x 15
        // per attribute), delta round, 8 re-check filters, 3 binds = 23; baseline = members page + 60 lookups + 60 adds
        // = 121
        assertTrue(r.benchLine().matches("BENCH scenario=S1 requests=8 minimum=8 wall_ms=\\d+ baseline_requests=122 "
                + "baseline_wall_ms=\\d+ heap_mb=\\d+ work_items=23 baseline_work_items=121"), r.benchLine());
    }

    @Test
    void minimumsAreTheInformationFloor() {
        // S1: 1 + 2 (group) + ceil(ceil(10000/15)/20) = 34 + 2 (staleness) + re-check 34 + ceil(250/20) = 13
        assertEquals(86, Minimums.sync(5000, 0, 0, 5000, 0));
        // S2: 1 + 12 (group) + 1 lookup batch for the 25 unmatched + 2 (staleness) + re-check ceil((4 + 2)/20) = 1
        // + ceil((2 + 25)/20) = 2
        assertEquals(19, Minimums.sync(10025, 10025, 10000, 25, 25));
        // a one-page group: a delta round costs what a re-read costs
        assertEquals(2, Minimums.staleness(0));
        assertEquals(2, Minimums.staleness(12_000));
        // S3 in sync: 1 + 101 + 1, nothing to look up
        assertEquals(103, Minimums.plan(100_000, 100_000, 100_000));
        assertEquals(770, Minimums.plan(100_000, 100_000, 0));
    }
}
