package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records every finished run; tests wait on it (a monitor with a timeout, no sleeps). */
class RecordingListener implements FleetListener {

    private final List<SyncRun> runs = new ArrayList<>();

    @Override
    public synchronized void syncFinished(SyncRun run) {
        runs.add(run);
        notifyAll();
    }

    synchronized List<SyncRun> runs() {
        return List.copyOf(runs);
    }

    synchronized List<SyncRun> runs(OrganizationId org) {
        return runs.stream().filter(r -> r.organization().equals(org)).toList();
    }

    /** Wait until at least {@code count} runs match, or fail after the timeout. */
    synchronized List<SyncRun> await(Predicate<SyncRun> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<SyncRun> matching = runs.stream().filter(filter).toList();
            if (matching.size() >= count) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return fail("waited " + timeout + " for " + count + " runs, got " + matching.size() + ": " + runs);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted");
            }
        }
    }

    SyncRun awaitRun(OrganizationId org, int nth) {
        return await(r -> r.organization().equals(org), nth, Duration.ofSeconds(30)).get(nth - 1);
    }
}
