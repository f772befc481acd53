package cc.equa.msgraph.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How pessimistically the fake behaves where Microsoft Graph is known to be less forgiving than a simple model:
 * documented failure modes and field reports (each cited in the testkit README's parity table). {@link #DEFAULT}
 * keeps the fake fast and simple (the behaviour of 0.1.0); {@link #realistic(long)} turns every behaviour on at
 * plausible magnitudes, with the random choices (which removal answers 400, which expired delta link answers 410…)
 * drawn from a seeded generator so that a run is reproducible.
 *
 * <pre>{@code
 * FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().realistic().start();
 * // or one behaviour at a time:
 * FakeGraphTenant.builder().hostility(Hostility.builder().guestsAllowed(false).readLag(Duration.ofSeconds(5)).build())
 * }</pre>
 *
 * <p>Instances are immutable.
 *
 * @since 0.2.0
 */
public final class Hostility {

    /** Fast and simple: every pessimistic behaviour off, as in 0.1.0. */
    public static final Hostility DEFAULT = builder().build();

    private final long seed;
    private final boolean guestsAllowed;
    private final double removeMissingAsBadRequest;
    private final boolean strictBindPermission;
    private final int membersPerWrite;
    private final Duration readLag;
    private final Duration newGroupInvisibleUpTo;
    private final Duration deltaLinkLifetime;
    private final double expiredDeltaAsGone;
    private final double batchOuterFailure;
    private final boolean decimalRetryAfter;
    private final double batchRetryAfterMissing;
    private final boolean batchContentTypeRequired;
    private final boolean rolelessAccessDenied;
    private final Duration tokenLifetime;
    private final boolean countWithoutHeaderIgnored;
    private final boolean membersHideServicePrincipals;
    private final boolean orLimitCountsAllClauses;

    private Hostility(Builder b) {
        this.seed = b.seed;
        this.guestsAllowed = b.guestsAllowed;
        this.removeMissingAsBadRequest = b.removeMissingAsBadRequest;
        this.strictBindPermission = b.strictBindPermission;
        this.membersPerWrite = b.membersPerWrite;
        this.readLag = b.readLag;
        this.newGroupInvisibleUpTo = b.newGroupInvisibleUpTo;
        this.deltaLinkLifetime = b.deltaLinkLifetime;
        this.expiredDeltaAsGone = b.expiredDeltaAsGone;
        this.batchOuterFailure = b.batchOuterFailure;
        this.decimalRetryAfter = b.decimalRetryAfter;
        this.batchRetryAfterMissing = b.batchRetryAfterMissing;
        this.batchContentTypeRequired = b.batchContentTypeRequired;
        this.rolelessAccessDenied = b.rolelessAccessDenied;
        this.tokenLifetime = b.tokenLifetime;
        this.countWithoutHeaderIgnored = b.countWithoutHeaderIgnored;
        this.membersHideServicePrincipals = b.membersHideServicePrincipals;
        this.orLimitCountsAllClauses = b.orLimitCountsAllClauses;
    }

    /**
     * Start describing a hostility; every behaviour starts off, as in {@link #DEFAULT}.
     *
     * @return a builder
     * @since 0.2.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every pessimistic behaviour on, at plausible magnitudes: guests refused by Microsoft 365 groups, half of the
     * removals of a non-member answered 400, the strict bind permission, one write per three bound members, five
     * seconds of read lag, new groups invisible for up to a minute, half of the expired delta links answered 410,
     * one failed {@code $batch} in five with a non-2xx envelope, decimal {@code Retry-After} (a quarter of throttled
     * batch items without it), {@code Content-Type} required on batch writes, Graph's {@code AccessDenied} for a
     * token without roles, 24-hour tokens, {@code $count} without {@code ConsistencyLevel} ignored, service
     * principals hidden from {@code /members}, and the OR limit counted over the whole filter.
     *
     * @param seed the seed of the random choices (the same seed and the same requests give the same answers)
     * @return the realistic profile
     * @since 0.2.0
     */
    public static Hostility realistic(long seed) {
        return builder().seed(seed).guestsAllowed(false).removeMissingAsBadRequest(0.5).strictBindPermission(true)
                .membersPerWrite(3).readLag(Duration.ofSeconds(5)).newGroupInvisibleUpTo(Duration.ofSeconds(60))
                .expiredDeltaAsGone(0.5).batchOuterFailure(0.2).decimalRetryAfter(true)
                .batchRetryAfterMissing(0.25).batchContentTypeRequired(true).rolelessAccessDenied(true)
                .tokenLifetime(Duration.ofHours(24)).countWithoutHeaderIgnored(true)
                .membersHideServicePrincipals(true).orLimitCountsAllClauses(true).build();
    }

    /**
     * Return the seed of the random choices.
     *
     * @return the seed
     * @since 0.2.0
     */
    public long seed() {
        return seed;
    }

    /**
     * Whether the tenant's {@code Group.Unified} directory setting lets guests be added to Microsoft 365 groups
     * ({@code AllowToAddGuests}); a group's own {@code Group.Unified.Guest} setting can only restrict it further
     * (see {@link FakeDirectory#guestsAllowed(String, Boolean)}).
     *
     * @return whether guests may join Microsoft 365 groups
     * @since 0.2.0
     */
    public boolean guestsAllowed() {
        return guestsAllowed;
    }

    /**
     * Return the share (0..1) of removals of a non-member answered 400 {@code Request_BadRequest} "One or more removed
     * object references do not exist…" instead of 404.
     *
     * @return the share
     * @since 0.2.0
     */
    public double removeMissingAsBadRequest() {
        return removeMissingAsBadRequest;
    }

    /**
     * Whether {@code PATCH /groups/{id}} with {@code members@odata.bind} needs Group.ReadWrite.All or
     * Directory.ReadWrite.All (the permission reference) rather than also accepting GroupMember.ReadWrite.All.
     *
     * @return whether the strict permission applies
     * @since 0.2.0
     */
    public boolean strictBindPermission() {
        return strictBindPermission;
    }

    /**
     * Return how many bound members cost one write against the write quota ({@code 0}: a request is one write
     * whatever it binds).
     *
     * @return members per write, or 0
     * @since 0.2.0
     */
    public int membersPerWrite() {
        return membersPerWrite;
    }

    /**
     * Return how long (on the fake's clock) a membership change made through Graph stays invisible to member lists,
     * {@code $count} and group delta.
     *
     * @return the lag
     * @since 0.2.0
     */
    public Duration readLag() {
        return readLag;
    }

    /**
     * Return the longest time a group created through Graph stays invisible to reads (each new group draws its own
     * delay between zero and this); adds to {@link ReplicationDelay}.
     *
     * @return the upper bound
     * @since 0.2.0
     */
    public Duration newGroupInvisibleUpTo() {
        return newGroupInvisibleUpTo;
    }

    /**
     * Return how long a group delta link stays valid.
     *
     * @return the lifetime
     * @since 0.2.0
     */
    public Duration deltaLinkLifetime() {
        return deltaLinkLifetime;
    }

    /**
     * Return the share (0..1) of expired delta links answered 410 Gone with a {@code Location} to start over, the
     * rest 400 {@code syncStateNotFound}.
     *
     * @return the share
     * @since 0.2.0
     */
    public double expiredDeltaAsGone() {
        return expiredDeltaAsGone;
    }

    /**
     * Return the share (0..1) of {@code $batch} requests with a failed item whose envelope is not 200: 424 or the
     * failed item's status, still with the {@code responses} array.
     *
     * @return the share
     * @since 0.2.0
     */
    public double batchOuterFailure() {
        return batchOuterFailure;
    }

    /**
     * Whether the write quota's {@code Retry-After} is in decimal seconds (such as {@code 0.249}).
     *
     * @return whether decimal
     * @since 0.2.0
     */
    public boolean decimalRetryAfter() {
        return decimalRetryAfter;
    }

    /**
     * Return the share (0..1) of throttled {@code $batch} items answered 429 without {@code Retry-After}.
     *
     * @return the share
     * @since 0.2.0
     */
    public double batchRetryAfterMissing() {
        return batchRetryAfterMissing;
    }

    /**
     * Whether a {@code $batch} whose item has a body but no {@code Content-Type} is refused with 400 as a whole.
     *
     * @return whether the header is required
     * @since 0.2.0
     */
    public boolean batchContentTypeRequired() {
        return batchContentTypeRequired;
    }

    /**
     * Whether a token without roles gets Graph's 403 {@code AccessDenied} "Either scp or roles claim need to be present
     * in the token." on every Graph request.
     *
     * @return whether roleless tokens are refused that way
     * @since 0.2.0
     */
    public boolean rolelessAccessDenied() {
        return rolelessAccessDenied;
    }

    /**
     * Return the lifetime of the access tokens the fake issues.
     *
     * @return the lifetime
     * @since 0.2.0
     */
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /**
     * Whether {@code $count=true} without {@code ConsistencyLevel: eventual} is silently ignored (200 without
     * {@code @odata.count}) rather than refused with 400.
     *
     * @return whether ignored
     * @since 0.2.0
     */
    public boolean countWithoutHeaderIgnored() {
        return countWithoutHeaderIgnored;
    }

    /**
     * Whether {@code GET /groups/{id}/members} leaves service principals out, as v1.0 does.
     *
     * @return whether hidden
     * @since 0.2.0
     */
    public boolean membersHideServicePrincipals() {
        return membersHideServicePrincipals;
    }

    /**
     * Whether the limit of 15 OR'd clauses counts every {@code or} and every {@code in} value of the filter, rather
     * than the values of one {@code in}.
     *
     * @return whether all clauses count
     * @since 0.2.0
     */
    public boolean orLimitCountsAllClauses() {
        return orLimitCountsAllClauses;
    }

    /**
     * Describe the settings.
     *
     * @return a description
     * @since 0.2.0
     */
    @Override
    public String toString() {
        return "Hostility[seed=" + seed + ", guestsAllowed=" + guestsAllowed + ", removeMissingAsBadRequest="
                + removeMissingAsBadRequest + ", strictBindPermission=" + strictBindPermission + ", membersPerWrite="
                + membersPerWrite + ", readLag=" + readLag + ", newGroupInvisibleUpTo=" + newGroupInvisibleUpTo
                + ", deltaLinkLifetime=" + deltaLinkLifetime + ", expiredDeltaAsGone=" + expiredDeltaAsGone
                + ", batchOuterFailure=" + batchOuterFailure + ", decimalRetryAfter=" + decimalRetryAfter
                + ", batchRetryAfterMissing=" + batchRetryAfterMissing + ", batchContentTypeRequired="
                + batchContentTypeRequired + ", rolelessAccessDenied=" + rolelessAccessDenied + ", tokenLifetime="
                + tokenLifetime + ", countWithoutHeaderIgnored=" + countWithoutHeaderIgnored
                + ", membersHideServicePrincipals=" + membersHideServicePrincipals + ", orLimitCountsAllClauses="
                + orLimitCountsAllClauses + "]";
    }

    /**
     * Builds a {@link Hostility}; every behaviour starts off.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private long seed = 1;
        private boolean guestsAllowed = true;
        private double removeMissingAsBadRequest;
        private boolean strictBindPermission;
        private int membersPerWrite;
        private Duration readLag = Duration.ZERO;
        private Duration newGroupInvisibleUpTo = Duration.ZERO;
        private Duration deltaLinkLifetime = Duration.ofDays(7);
        private double expiredDeltaAsGone;
        private double batchOuterFailure;
        private boolean decimalRetryAfter;
        private double batchRetryAfterMissing;
        private boolean batchContentTypeRequired;
        private boolean rolelessAccessDenied;
        private Duration tokenLifetime = Duration.ofSeconds(3599);
        private boolean countWithoutHeaderIgnored;
        private boolean membersHideServicePrincipals;
        private boolean orLimitCountsAllClauses;

        private Builder() {
        }

        /**
         * Seed the random choices (1 by default).
         *
         * @param seed the seed
         * @return this builder
         * @since 0.2.0
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * See {@link Hostility#guestsAllowed()} (true by default).
         *
         * @param allowed whether guests may join Microsoft 365 groups
         * @return this builder
         * @since 0.2.0
         */
        public Builder guestsAllowed(boolean allowed) {
            this.guestsAllowed = allowed;
            return this;
        }

        /**
         * See {@link Hostility#removeMissingAsBadRequest()} (0 by default).
         *
         * @param share between 0 and 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @since 0.2.0
         */
        public Builder removeMissingAsBadRequest(double share) {
            this.removeMissingAsBadRequest = share(share, "removeMissingAsBadRequest");
            return this;
        }

        /**
         * See {@link Hostility#strictBindPermission()} (false by default).
         *
         * @param strict whether the bind needs Group.ReadWrite.All or Directory.ReadWrite.All
         * @return this builder
         * @since 0.2.0
         */
        public Builder strictBindPermission(boolean strict) {
            this.strictBindPermission = strict;
            return this;
        }

        /**
         * See {@link Hostility#membersPerWrite()} (0 by default).
         *
         * @param members bound members per write, or 0 for one write per request
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @since 0.2.0
         */
        public Builder membersPerWrite(int members) {
            if (members < 0) {
                throw new IllegalArgumentException("membersPerWrite must not be negative: " + members);
            }
            this.membersPerWrite = members;
            return this;
        }

        /**
         * See {@link Hostility#readLag()} (zero by default).
         *
         * @param lag the lag
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @since 0.2.0
         */
        public Builder readLag(Duration lag) {
            this.readLag = nonNegative(lag, "readLag");
            return this;
        }

        /**
         * See {@link Hostility#newGroupInvisibleUpTo()} (zero by default).
         *
         * @param upTo the upper bound
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @since 0.2.0
         */
        public Builder newGroupInvisibleUpTo(Duration upTo) {
            this.newGroupInvisibleUpTo = nonNegative(upTo, "newGroupInvisibleUpTo");
            return this;
        }

        /**
         * See {@link Hostility#deltaLinkLifetime()} (7 days by default, Graph's documented lifetime).
         *
         * @param lifetime the lifetime
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @since 0.2.0
         */
        public Builder deltaLinkLifetime(Duration lifetime) {
            this.deltaLinkLifetime = positive(lifetime, "deltaLinkLifetime");
            return this;
        }

        /**
         * See {@link Hostility#expiredDeltaAsGone()} (0 by default).
         *
         * @param share between 0 and 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @since 0.2.0
         */
        public Builder expiredDeltaAsGone(double share) {
            this.expiredDeltaAsGone = share(share, "expiredDeltaAsGone");
            return this;
        }

        /**
         * See {@link Hostility#batchOuterFailure()} (0 by default).
         *
         * @param share between 0 and 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @since 0.2.0
         */
        public Builder batchOuterFailure(double share) {
            this.batchOuterFailure = share(share, "batchOuterFailure");
            return this;
        }

        /**
         * See {@link Hostility#decimalRetryAfter()} (false by default: whole seconds, rounded up).
         *
         * @param decimal whether decimal
         * @return this builder
         * @since 0.2.0
         */
        public Builder decimalRetryAfter(boolean decimal) {
            this.decimalRetryAfter = decimal;
            return this;
        }

        /**
         * See {@link Hostility#batchRetryAfterMissing()} (0 by default).
         *
         * @param share between 0 and 1
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @since 0.2.0
         */
        public Builder batchRetryAfterMissing(double share) {
            this.batchRetryAfterMissing = share(share, "batchRetryAfterMissing");
            return this;
        }

        /**
         * See {@link Hostility#batchContentTypeRequired()} (false by default).
         *
         * @param required whether required
         * @return this builder
         * @since 0.2.0
         */
        public Builder batchContentTypeRequired(boolean required) {
            this.batchContentTypeRequired = required;
            return this;
        }

        /**
         * See {@link Hostility#rolelessAccessDenied()} (false by default: such a token gets the ordinary
         * {@code Authorization_RequestDenied} of the operation it lacks a role for).
         *
         * @param denied whether Graph's {@code AccessDenied} applies
         * @return this builder
         * @since 0.2.0
         */
        public Builder rolelessAccessDenied(boolean denied) {
            this.rolelessAccessDenied = denied;
            return this;
        }

        /**
         * See {@link Hostility#tokenLifetime()} (3599 seconds by default).
         *
         * @param lifetime the lifetime, at most 28 hours
         * @return this builder
         * @throws IllegalArgumentException if not positive or longer than 28 hours
         * @since 0.2.0
         */
        public Builder tokenLifetime(Duration lifetime) {
            positive(lifetime, "tokenLifetime");
            if (lifetime.compareTo(Duration.ofHours(28)) > 0) {
                throw new IllegalArgumentException("tokenLifetime longer than 28 hours: " + lifetime);
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /**
         * See {@link Hostility#countWithoutHeaderIgnored()} (false by default: 400).
         *
         * @param ignored whether ignored
         * @return this builder
         * @since 0.2.0
         */
        public Builder countWithoutHeaderIgnored(boolean ignored) {
            this.countWithoutHeaderIgnored = ignored;
            return this;
        }

        /**
         * See {@link Hostility#membersHideServicePrincipals()} (false by default).
         *
         * @param hide whether hidden
         * @return this builder
         * @since 0.2.0
         */
        public Builder membersHideServicePrincipals(boolean hide) {
            this.membersHideServicePrincipals = hide;
            return this;
        }

        /**
         * See {@link Hostility#orLimitCountsAllClauses()} (false by default).
         *
         * @param all whether all clauses count
         * @return this builder
         * @since 0.2.0
         */
        public Builder orLimitCountsAllClauses(boolean all) {
            this.orLimitCountsAllClauses = all;
            return this;
        }

        /**
         * Build the hostility.
         *
         * @return the hostility
         * @since 0.2.0
         */
        public Hostility build() {
            return new Hostility(this);
        }

        private static double share(double share, String name) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1: " + share);
            }
            return share;
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
