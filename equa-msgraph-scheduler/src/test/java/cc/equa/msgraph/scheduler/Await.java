package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Wait for a condition that no callback signals (a database row's state), checking every few milliseconds. */
final class Await {

    private Await() {
    }

    static void until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + timeout);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
