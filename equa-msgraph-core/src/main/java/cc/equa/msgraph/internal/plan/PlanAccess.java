package cc.equa.msgraph.internal.plan;

import cc.equa.msgraph.SyncPlan;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The sync engine's way into {@link SyncPlan} without public API: make a plan from its content and read a plan's
 * content back, with no JSON round trip (a 100,000-member plan is then encoded only if someone asks for its JSON).
 * {@code SyncPlan} installs the bridge when its class initialises.
 */
public final class PlanAccess {

    /** What {@code SyncPlan} offers the engine. */
    public interface Bridge {

        /**
         * Make a plan from content the engine computed.
         *
         * @param content the content
         * @return the plan
         */
        SyncPlan create(PlanContent content);

        /**
         * Make a plan from content and its seal (computed by {@link PlanAuthenticator}, or claimed by JSON).
         *
         * @param content the content
         * @param seal the seal
         * @return the plan
         */
        SyncPlan create(PlanContent content, PlanSeal seal);

        /**
         * Return a plan's seal.
         *
         * @param plan the plan
         * @return its seal, or null if it has none (made inside the library, or read from an unkeyed version)
         */
        @Nullable PlanSeal seal(SyncPlan plan);

        /**
         * Return a plan's content.
         *
         * @param plan the plan
         * @return its content
         */
        PlanContent content(SyncPlan plan);
    }

    private static volatile Bridge bridge;

    private PlanAccess() {
    }

    /**
     * Install the bridge; called once by {@code SyncPlan}.
     *
     * @param b the bridge
     */
    public static void install(Bridge b) {
        bridge = Objects.requireNonNull(b);
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try {
                Class.forName(SyncPlan.class.getName(), true, SyncPlan.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
        }
        return Objects.requireNonNull(b, "SyncPlan did not install its bridge");
    }

    /**
     * Make a plan from content.
     *
     * @param content the content
     * @return the plan
     */
    public static SyncPlan create(PlanContent content) {
        return bridge().create(content);
    }

    /**
     * Return a plan's content.
     *
     * @param plan the plan
     * @return the content
     */
    public static PlanContent content(SyncPlan plan) {
        return bridge().content(plan);
    }

    /**
     * Make a sealed plan.
     *
     * @param content the content
     * @param seal the seal
     * @return the plan
     */
    public static SyncPlan create(PlanContent content, PlanSeal seal) {
        return bridge().create(content, seal);
    }

    /**
     * Return a plan's seal.
     *
     * @param plan the plan
     * @return the seal, or null
     */
    public static @Nullable PlanSeal seal(SyncPlan plan) {
        return bridge().seal(plan);
    }
}
