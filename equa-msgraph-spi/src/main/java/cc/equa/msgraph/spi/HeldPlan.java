package cc.equa.msgraph.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A sync plan kept for a person to review and confirm later: what an unattended sync did not apply on its own. The
 * library stores the plan's versioned JSON as it wrote it; the summary counts let a list screen show held plans
 * without parsing it. Confirming a held plan must go through the library again (the JSON is re-read and re-checked
 * there, and a plan whose group changed is refused), never by applying the JSON directly.
 *
 * <p>{@link #toString()} shows identifiers and counts only: the JSON holds team members' addresses.
 *
 * @param organization the organization the plan is for
 * @param planId the plan's id
 * @param planCreatedAt when the plan was computed
 * @param heldAt when it was held for review
 * @param fingerprint the fingerprint of the group and team state the plan was computed from; a later plan with the
 *     same fingerprint holds the same changes
 * @param additions how many members the plan adds
 * @param removals how many members the plan removes
 * @param ownerAdditions how many owners the plan adds
 * @param removalGuardTripped whether the plan removes more than its removal guard allows (confirming it then needs
 *     an explicit mass-removal override)
 * @param planJson the plan as versioned JSON
 * @since 0.2.0
 */
public record HeldPlan(OrganizationId organization, String planId, Instant planCreatedAt, Instant heldAt,
        String fingerprint, int additions, int removals, int ownerAdditions, boolean removalGuardTripped,
        String planJson) {

    /** Longest plan id accepted (the library writes UUIDs). */
    public static final int MAX_PLAN_ID_LENGTH = 100;

    /**
     * Check the values: nothing null, ids non-blank and bounded, counts not negative.
     *
     * @param organization the organization the plan is for
     * @param planId the plan's id
     * @param planCreatedAt when the plan was computed
     * @param heldAt when it was held for review
     * @param fingerprint the fingerprint of the state the plan was computed from
     * @param additions how many members the plan adds
     * @param removals how many members the plan removes
     * @param ownerAdditions how many owners the plan adds
     * @param removalGuardTripped whether the plan trips its removal guard
     * @param planJson the plan as versioned JSON
     * @throws IllegalArgumentException if a value is out of range
     * @since 0.2.0
     */
    public HeldPlan {
        Objects.requireNonNull(organization, "'organization' must not be null");
        Objects.requireNonNull(planId, "'planId' must not be null");
        Objects.requireNonNull(planCreatedAt, "'planCreatedAt' must not be null");
        Objects.requireNonNull(heldAt, "'heldAt' must not be null");
        Objects.requireNonNull(fingerprint, "'fingerprint' must not be null");
        Objects.requireNonNull(planJson, "'planJson' must not be null");
        if (planId.isBlank() || planId.length() > MAX_PLAN_ID_LENGTH) {
            throw new IllegalArgumentException("'planId' must be 1 to " + MAX_PLAN_ID_LENGTH + " characters");
        }
        if (additions < 0 || removals < 0 || ownerAdditions < 0) {
            throw new IllegalArgumentException("change counts must not be negative");
        }
        if (planJson.isBlank()) {
            throw new IllegalArgumentException("'planJson' must not be blank");
        }
    }

    /**
     * Return how many changes the plan holds in all.
     *
     * @return additions, removals and owner additions together
     * @since 0.2.0
     */
    public int changes() {
        return additions + removals + ownerAdditions;
    }

    /**
     * Describe the held plan without its JSON (which holds addresses).
     *
     * @return identifiers and counts
     */
    @Override
    public String toString() {
        return "HeldPlan[organization=" + organization + ", planId=" + planId + ", heldAt=" + heldAt + ", +"
                + additions + " -" + removals + " owners+" + ownerAdditions
                + (removalGuardTripped ? ", removal guard tripped" : "") + "]";
    }
}
