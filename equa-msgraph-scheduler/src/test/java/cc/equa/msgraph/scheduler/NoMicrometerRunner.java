package cc.equa.msgraph.scheduler;

import java.time.Duration;

/** Runs one fleet sync; loaded by {@link NoMicrometerClasspathTest} in a class loader without Micrometer. */
public final class NoMicrometerRunner {

    private NoMicrometerRunner() {
    }

    /**
     * Sync one organization with the default policy.
     *
     * @return the outcome and the held plan's additions, such as {@code HELD +2}
     */
    public static String run() {
        try (FleetWorld world = new FleetWorld()) {
            FleetWorld.Org org = world.addOrg(1, 2, 0, 0);
            RecordingListener runs = new RecordingListener();
            try (FleetScheduler fleet = FleetScheduler.builder().integration(world.integration()).listener(runs)
                    .jitter(Duration.ZERO).pollingInterval(Duration.ofMillis(50)).start()) {
                fleet.schedule(org.id());
                SyncRun run = runs.awaitRun(org.id(), 1);
                return run.outcome() + " +" + fleet.heldPlans().latest(org.id()).orElseThrow().additions();
            }
        }
    }
}
