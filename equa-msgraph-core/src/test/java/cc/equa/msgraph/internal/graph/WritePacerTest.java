package cc.equa.msgraph.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritePacerTest {

    @Test
    void neverMoreThanTheCapacityInAnySlidingWindowAndCloseToTheBound() {
        VirtualTime t = new VirtualTime();
        Instant start = t.instant();
        WritePacer pacer = new WritePacer(t, 300, Duration.ofSeconds(15));
        List<Instant> counted = new ArrayList<>();
        for (int batch = 0; batch < 50; batch++) { // 1,000 writes, 20 per request
            pacer.acquire(20, t.calls(), "test");
            t.now = t.now.plusMillis(10); // the request reaches Graph, which counts its writes now
            for (int i = 0; i < 20; i++) {
                counted.add(t.now);
            }
            t.now = t.now.plusMillis(30); // ... and answers later
            pacer.completed(20);
        }
        for (int i = 0; i < counted.size(); i++) {
            Instant cutoff = counted.get(i).minusSeconds(15);
            long window = counted.subList(0, i + 1).stream().filter(c -> c.isAfter(cutoff)).count();
            assertTrue(window <= 300, "write " + i + " is the " + window + "th in its window");
        }
        // 1,000 writes at 300 per 15 s: the last 100 cannot be counted before 45 s; a token bucket of 300 would have
        // sent them all by about 35 s and been throttled.
        Duration total = Duration.between(start, counted.get(counted.size() - 1));
        assertTrue(total.compareTo(Duration.ofSeconds(45)) >= 0, total.toString());
        assertTrue(total.compareTo(Duration.ofSeconds(47)) < 0, total.toString());
    }

    @Test
    void writesInFlightCountUntilAnsweredAndLeaveTheWindowOneWindowAfterTheAnswer() {
        VirtualTime t = new VirtualTime();
        WritePacer pacer = new WritePacer(t, 10, Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, pacer.tryReserve(10));
        assertTrue(pacer.tryReserve(1).compareTo(Duration.ZERO) > 0, "in-flight writes fill the window");
        t.now = t.now.plusSeconds(2);
        pacer.completed(10);
        assertEquals(Duration.ofSeconds(10), pacer.tryReserve(1));
        t.now = t.now.plusSeconds(10);
        assertEquals(Duration.ZERO, pacer.tryReserve(1));
    }

    @Test
    void moreWritesThanTheCapacityGoOnlyIntoAnEmptyWindow() {
        VirtualTime t = new VirtualTime();
        WritePacer pacer = new WritePacer(t, 10, Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, pacer.tryReserve(15));
        pacer.completed(15);
        assertEquals(Duration.ofSeconds(10), pacer.tryReserve(15));
        t.now = t.now.plusSeconds(10);
        assertEquals(Duration.ZERO, pacer.tryReserve(15));
    }

    @Test
    void fullBatchesUpToTheShareSafeAtTheDearestReportedCostThenProbesOfAHundredthOfTheRun() {
        VirtualTime t = new VirtualTime();
        WritePacer pacer = new WritePacer(t, 3000, Duration.ofSeconds(150));
        // 3,000 / 7 (a bind of 20 at one write per three users) = 428 writes are safe before the cost is known
        int sent = 0;
        while (pacer.nextRequestWrites(250) == 20 && sent < 1000) {
            pacer.acquire(20, t.calls(), "test");
            pacer.completed(20);
            sent += 20;
        }
        assertEquals(420, sent, "full batches while a whole one still fits the safe share");
        assertEquals(WritePacer.PROBE, pacer.nextRequestWrites(250), "a small run probes with the fewest");
        assertEquals(10, pacer.nextRequestWrites(1000), "a run of 1,000 writes may lose 10 of them to learning");
        assertEquals(20, pacer.nextRequestWrites(100_000), "never more than a batch");
        // a 429 teaches the cost: full batches again, within the learned limit
        pacer.acquire(10, t.calls(), "test");
        pacer.completed(10, 10, Duration.ofSeconds(1));
        assertEquals(20, pacer.nextRequestWrites(1000));
    }

    @Test
    void aLone429BelowTheSafeShareOnlyDelaysASecondInTheSameWindowTeachesTheLimit() {
        VirtualTime t = new VirtualTime();
        WritePacer pacer = new WritePacer(t, 300, Duration.ofSeconds(15));
        pacer.acquire(20, t.calls(), "test");
        pacer.completed(20, 3, Duration.ofSeconds(2)); // another app's burst: 3 of the first 20 throttled
        assertEquals(Duration.ofSeconds(2), pacer.tryReserve(20), "its Retry-After is honoured");
        t.now = t.now.plusSeconds(2);
        assertEquals(300, pacer.capacity(), "but the limit is not lowered to what the window held");
        pacer.acquire(20, t.calls(), "test");
        pacer.completed(20, 2, Duration.ofSeconds(1)); // again in the same window: the quota after all
        assertEquals(17 + 18, pacer.capacity(), "learned: what the window held when Graph said enough");
    }

    @Test
    void aLoweredLimitIsLearnedAgainAfterAnHourWithoutA429() {
        VirtualTime t = new VirtualTime();
        WritePacer pacer = new WritePacer(t, 300, Duration.ofSeconds(15));
        for (int i = 0; i < 3; i++) {
            pacer.acquire(20, t.calls(), "test");
            pacer.completed(20);
        }
        pacer.acquire(20, t.calls(), "test");
        pacer.completed(20, 20, Duration.ofSeconds(1)); // the window (60 writes) is full for Graph
        assertEquals(60, pacer.capacity());
        t.now = t.now.plus(WritePacer.RELEARN_AFTER);
        assertEquals(20, pacer.nextRequestWrites(100), "full batches again within the safe share");
        assertEquals(300, pacer.capacity(), "the configured quota again");
    }
}
