package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.OrganizationId;

/** Public entry points to the test fixtures, for tests in other packages. */
public final class TestFleets {

    private TestFleets() {
    }

    /** A fake world of organizations. */
    public static final class World implements AutoCloseable {
        private final FleetWorld world = new FleetWorld();

        /** Add an organization (see FleetWorld#addOrg). */
        public Org addOrg(int index, int teamSize, int alreadyMembers, int strangers) {
            return new Org(world.addOrg(index, teamSize, alreadyMembers, strangers).id());
        }

        /** A node's integration. */
        public MicrosoftIntegration integration() {
            return world.integration();
        }

        /** A node's integration whose Graph requests and waits the listener hears. */
        public MicrosoftIntegration integration(cc.equa.msgraph.GraphRequestListener listener) {
            return world.integration(listener);
        }

        /** Make the fake's write quota per app and tenant smaller than Graph's, so writes are throttled (429). */
        public void writeQuota(int writes, java.time.Duration window) {
            world.fake.writeQuota(cc.equa.msgraph.testkit.WriteQuota.of(writes, window));
        }

        @Override
        public void close() {
            world.close();
        }
    }

    /** An organization of the world. */
    public record Org(OrganizationId id) {
    }

    /** Records finished runs. */
    public static final class Recorder extends RecordingListener {
        /** Wait for the organization's first finished run. */
        public SyncRun await(OrganizationId id) {
            return awaitRun(id, 1);
        }
    }

    /** Create a world. */
    public static World world() {
        return new World();
    }

}
