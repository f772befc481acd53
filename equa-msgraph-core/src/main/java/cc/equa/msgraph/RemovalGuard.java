package cc.equa.msgraph;

/**
 * The mass-removal guard: a plan that removes more members than allowed is only applied with an explicit override
 * ({@link ApplyOptions.Builder#allowMassRemoval(boolean)}). The allowance is the larger of an absolute number and a
 * percentage of the group's current user members. A {@link SyncMode#MIRROR} plan that would leave no team member in
 * the group (an empty team, or nobody matched) trips the guard whatever the numbers.
 *
 * @param maxRemovals removals always allowed, at least 0
 * @param maxPercent percentage of the current user members allowed to be removed, 0 to 100
 * @since 0.1.0
 */
public record RemovalGuard(int maxRemovals, int maxPercent) {

    /**
     * Check the values.
     *
     * @param maxRemovals removals always allowed, at least 0
     * @param maxPercent percentage of the current user members allowed to be removed, 0 to 100
     * @throws IllegalArgumentException if a value is out of range
     */
    public RemovalGuard {
        if (maxRemovals < 0) {
            throw new IllegalArgumentException("maxRemovals must not be negative.");
        }
        if (maxPercent < 0 || maxPercent > 100) {
            throw new IllegalArgumentException("maxPercent must be between 0 and 100.");
        }
    }

    /**
     * Return the default guard: at most the larger of 10 removals and 10 % of the group's user members.
     *
     * @return the guard
     * @since 0.1.0
     */
    public static RemovalGuard defaults() {
        return new RemovalGuard(10, 10);
    }

    /**
     * Return how many removals are allowed for a group of this size.
     *
     * @param currentUserMembers the group's current user members
     * @return the allowance
     * @since 0.1.0
     */
    public int limit(int currentUserMembers) {
        long percent = (long) Math.max(0, currentUserMembers) * maxPercent / 100;
        return (int) Math.max(maxRemovals, percent);
    }

    /**
     * Tell whether this many removals are allowed without an override.
     *
     * @param removals the planned removals
     * @param currentUserMembers the group's current user members
     * @return true if allowed
     * @since 0.1.0
     */
    public boolean allows(int removals, int currentUserMembers) {
        return removals <= limit(currentUserMembers);
    }
}
