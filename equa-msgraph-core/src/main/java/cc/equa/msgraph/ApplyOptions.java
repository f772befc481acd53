package cc.equa.msgraph;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How {@link OrganizationIntegration#applySync(SyncPlan, ApplyOptions)} applies a reviewed plan.
 *
 * <pre>{@code
 * SyncResult result = acme.applySync(plan, ApplyOptions.builder()
 *         .actor("admin@equa.cc")
 *         .progress((change, done, total) -> bar.set(done, total))
 *         .build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ApplyOptions {

    private static final ApplyOptions DEFAULTS = builder().build();

    private final boolean allowMassRemoval;
    private final boolean replanIfStale;
    private final @Nullable String actor;
    private final SyncProgress progress;
    private final BooleanSupplier lease;

    private ApplyOptions(Builder b) {
        this.lease = b.lease;
        this.allowMassRemoval = b.allowMassRemoval;
        this.replanIfStale = b.replanIfStale;
        this.actor = b.actor;
        this.progress = b.progress;
    }

    /**
     * Return the defaults: the removal guard holds, a stale plan is refused, no actor, no progress listener.
     *
     * @return the defaults
     * @since 0.1.0
     */
    public static ApplyOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Start building options.
     *
     * @return a builder
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tell whether removals beyond the plan's {@link RemovalGuard} are allowed.
     *
     * @return true if the guard is overridden
     * @since 0.1.0
     */
    public boolean allowMassRemoval() {
        return allowMassRemoval;
    }

    /**
     * Tell whether a stale plan is replanned (with the same options) and the new plan applied, instead of refused.
     *
     * @return true to replan
     * @since 0.1.0
     */
    public boolean replanIfStale() {
        return replanIfStale;
    }

    /**
     * Return who initiated the apply, as recorded in audit events.
     *
     * @return the actor
     * @since 0.1.0
     */
    public Optional<String> actor() {
        return Optional.ofNullable(actor);
    }

    /**
     * Return the progress listener.
     *
     * @return the listener
     * @since 0.1.0
     */
    public SyncProgress progress() {
        return progress;
    }

    /**
     * Return the lease check asked before each write request of the apply; by default always true.
     *
     * @return the check
     * @see Builder#lease(BooleanSupplier)
     * @since 0.2.0
     */
    public BooleanSupplier lease() {
        return lease;
    }

    /**
     * Build {@link ApplyOptions}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private boolean allowMassRemoval;
        private boolean replanIfStale;
        private @Nullable String actor;
        private SyncProgress progress = SyncProgress.none();
        private BooleanSupplier lease = () -> true;

        private Builder() {
        }

        /**
         * Allow more removals than the plan's removal guard permits (the person confirmed the mass removal).
         * Default: false.
         *
         * @param allow true to override the guard
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder allowMassRemoval(boolean allow) {
            this.allowMassRemoval = allow;
            return this;
        }

        /**
         * Replan and apply the new plan when the reviewed plan is stale, instead of refusing. Default: false. The
         * new plan is still subject to the removal guard.
         *
         * @param replan true to replan
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder replanIfStale(boolean replan) {
            this.replanIfStale = replan;
            return this;
        }

        /**
         * Name who initiated the apply (recorded in every audit event). Default: none.
         *
         * @param who the actor, such as an e-mail address or a user id; blank means none
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder actor(@Nullable String who) {
            this.actor = who == null || who.isBlank() ? null : who.strip();
            return this;
        }

        /**
         * Set a progress listener. Default: none.
         *
         * @param listener the listener
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder progress(SyncProgress listener) {
            this.progress = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Set a check asked before each write request of the apply (each {@code $batch} that changes the group):
         * whether this process still owns the work. When it answers false, nothing more is sent and the apply fails
         * with {@link ErrorKind#CONFLICT}; changes already sent stay settled and audited. A host that hands work to
         * one process at a time (a scheduler's lease, a lock with an expiry) passes its ownership test here, so a
         * process that was paused (a long GC pause, a suspended VM) past its lease and wakes up after another took
         * the work over sends none of its old plan. It runs on the applying thread, once per write request; it
         * should be quick (one indexed database read is fine) and answer false rather than throw when it cannot
         * tell. Default: always true.
         *
         * @param stillOwned the check
         * @return this builder for method chaining
         * @since 0.2.0
         */
        public Builder lease(BooleanSupplier stillOwned) {
            this.lease = Objects.requireNonNull(stillOwned, "'stillOwned' must not be null");
            return this;
        }

        /**
         * Build the options.
         *
         * @return the options
         * @since 0.1.0
         */
        public ApplyOptions build() {
            return new ApplyOptions(this);
        }
    }
}
