package cc.equa.msgraph;

import cc.equa.msgraph.spi.InvitationStatus;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@link OrganizationIntegration#planSync(SyncOptions)} plans: the mode, the match rules, an optional scope (only
 * team members with given roles or invitation statuses) and the removal guard. Immutable; the plan records the
 * options it was made with, and a replan on apply uses the same ones.
 *
 * <pre>{@code
 * SyncOptions options = SyncOptions.builder()
 *         .mode(SyncMode.ADDITIVE)
 *         .invitationStatuses(Set.of(InvitationStatus.JOINED))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SyncOptions {

    private static final SyncOptions DEFAULTS = builder().build();

    private final SyncMode mode;
    private final MatchRules matchRules;
    private final Set<String> roles;
    private final Set<InvitationStatus> invitationStatuses;
    private final RemovalGuard removalGuard;
    private final Set<String> ownerRoles;

    private SyncOptions(Builder b) {
        this.mode = b.mode;
        this.matchRules = b.matchRules;
        this.roles = Collections.unmodifiableSet(new TreeSet<>(b.roles));
        this.invitationStatuses = b.invitationStatuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(b.invitationStatuses));
        this.removalGuard = b.removalGuard;
        this.ownerRoles = Collections.unmodifiableSet(new TreeSet<>(b.ownerRoles));
    }

    /**
     * Return the default options: {@link SyncMode#MIRROR}, {@link MatchRules#defaults()}, every role and status,
     * {@link RemovalGuard#defaults()}.
     *
     * @return the defaults
     * @since 0.1.0
     */
    public static SyncOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Start building options.
     *
     * @return a builder with the defaults
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Return a builder holding these options.
     *
     * @return the builder
     * @since 0.1.0
     */
    public Builder toBuilder() {
        return new Builder().mode(mode).matchRules(matchRules).roles(roles).invitationStatuses(invitationStatuses)
                .removalGuard(removalGuard).ownerRoles(ownerRoles);
    }

    /**
     * Return the mode.
     *
     * @return the mode
     * @since 0.1.0
     */
    public SyncMode mode() {
        return mode;
    }

    /**
     * Return the match rules: which Entra attributes a team address is matched against. {@link MatchRules} states
     * how addresses are checked and compared (plausibility before any case folding; look-alike characters never
     * match ASCII; a member an address cannot place is never removed).
     *
     * @return the rules
     * @since 0.1.0
     */
    public MatchRules matchRules() {
        return matchRules;
    }

    /**
     * Return the roles in scope; empty means every member regardless of role.
     *
     * @return the roles
     * @since 0.1.0
     */
    public Set<String> roles() {
        return roles;
    }

    /**
     * Return the invitation statuses in scope; empty means every status.
     *
     * @return the statuses
     * @since 0.1.0
     */
    public Set<InvitationStatus> invitationStatuses() {
        return invitationStatuses;
    }

    /**
     * Return the removal guard.
     *
     * @return the guard
     * @since 0.1.0
     */
    public RemovalGuard removalGuard() {
        return removalGuard;
    }

    /**
     * Return the roles that make a team member a group owner too; empty (the default) means owners are not managed.
     *
     * @return the owner roles
     * @since 0.2.0
     */
    public Set<String> ownerRoles() {
        return ownerRoles;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncOptions other && mode == other.mode && matchRules.equals(other.matchRules)
                && roles.equals(other.roles) && invitationStatuses.equals(other.invitationStatuses)
                && removalGuard.equals(other.removalGuard) && ownerRoles.equals(other.ownerRoles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, matchRules, roles, invitationStatuses, removalGuard, ownerRoles);
    }

    @Override
    public String toString() {
        return "SyncOptions[mode=" + mode + ", match=" + matchRules.attributes() + ", roles="
                + (roles.isEmpty() ? "all" : roles) + ", statuses="
                + (invitationStatuses.isEmpty() ? "all" : invitationStatuses) + ", guard=" + removalGuard
                + (ownerRoles.isEmpty() ? "" : ", ownerRoles=" + ownerRoles) + "]";
    }

    /**
     * Build {@link SyncOptions}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private SyncMode mode = SyncMode.MIRROR;
        private MatchRules matchRules = MatchRules.defaults();
        private Set<String> roles = new LinkedHashSet<>();
        private Set<InvitationStatus> invitationStatuses = EnumSet.noneOf(InvitationStatus.class);
        private RemovalGuard removalGuard = RemovalGuard.defaults();
        private Set<String> ownerRoles = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * Set the mode. Default: {@link SyncMode#MIRROR}.
         *
         * @param m the mode
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder mode(SyncMode m) {
            this.mode = Objects.requireNonNull(m, "'m' must not be null");
            return this;
        }

        /**
         * Set the match rules. Default: {@link MatchRules#defaults()}.
         *
         * @param rules the rules
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder matchRules(MatchRules rules) {
            this.matchRules = Objects.requireNonNull(rules, "'rules' must not be null");
            return this;
        }

        /**
         * Only sync team members holding at least one of these roles (compared exactly). Empty (the default) means
         * every member.
         *
         * @param inScope the roles
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder roles(Collection<String> inScope) {
            this.roles = new LinkedHashSet<>(Objects.requireNonNull(inScope, "'inScope' must not be null"));
            return this;
        }

        /**
         * Only sync team members with one of these invitation statuses. Empty (the default) means every status.
         *
         * @param inScope the statuses
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder invitationStatuses(Collection<InvitationStatus> inScope) {
            Objects.requireNonNull(inScope, "'inScope' must not be null");
            this.invitationStatuses = inScope.isEmpty() ? EnumSet.noneOf(InvitationStatus.class)
                    : EnumSet.copyOf(inScope);
            return this;
        }

        /**
         * Set the removal guard. Default: {@link RemovalGuard#defaults()}.
         *
         * @param guard the guard
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder removalGuard(RemovalGuard guard) {
            this.removalGuard = Objects.requireNonNull(guard, "'guard' must not be null");
            return this;
        }

        /**
         * Make the in-scope team members holding at least one of these roles (compared exactly) owners of the group
         * as well as members: a team sync then plans {@link PlannedChange.Action#ADD_OWNER} for each such member
         * whose matched Microsoft 365 user is not an owner yet (see {@link SyncPlan#ownerAdditions()}). Owners are
         * matched exactly like members and must be in the sync's scope ({@link #roles(Collection)},
         * {@link #invitationStatuses(Collection)}). A sync <em>never removes an owner</em> — not when the role is
         * taken away, not in {@link SyncMode#MIRROR} — because an owner removed by mistake can lock people out of
         * the group; remove owners in Microsoft 365 itself. Adding owners needs {@code Group.ReadWrite.All}
         * ({@code GroupMember.ReadWrite.All} cannot change owners). Empty (the default) leaves owners alone.
         *
         * @param roles the roles that make a team member an owner
         * @return this builder for method chaining
         * @since 0.2.0
         */
        public Builder ownerRoles(Collection<String> roles) {
            this.ownerRoles = new LinkedHashSet<>(Objects.requireNonNull(roles, "'roles' must not be null"));
            return this;
        }

        /**
         * Build the options.
         *
         * @return the options
         * @since 0.1.0
         */
        public SyncOptions build() {
            return new SyncOptions(this);
        }
    }
}
