package cc.equa.msgraph;

import java.time.Duration;

/**
 * Wait for a while: how the library waits for {@code Retry-After}, backoff and write pacing. The default sleeps the
 * calling thread; tests plug in a virtual clock (the testkit does) so that waiting costs no real time.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Wait for {@code duration}.
     *
     * @param duration how long; zero or negative returns at once
     * @throws InterruptedException if the thread is interrupted while waiting
     * @since 0.1.0
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Return the sleeper that really sleeps the calling thread.
     *
     * @return the system sleeper
     * @since 0.1.0
     */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
            }
        };
    }
}
