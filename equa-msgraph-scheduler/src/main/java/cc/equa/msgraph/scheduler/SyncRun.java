package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one scheduled sync of one organization did, as reported to {@link FleetListener#syncFinished(SyncRun)}.
 *
 * @param organization the organization
 * @param policy the policy the sync ran under
 * @param outcome how it ended
 * @param node the name of the scheduler node that ran it
 * @param started when it started
 * @param duration how long it took
 * @param applied changes applied in this run
 * @param alreadyInState changes found already in place
 * @param failed changes that failed
 * @param heldChanges changes held for review (in the held plan)
 * @param heldPlanId the id of the plan held for review, or {@code null}
 * @param error what failed, for {@link SyncOutcome#FAILED}, or {@code null}
 * @since 0.2.0
 */
public record SyncRun(OrganizationId organization, SyncPolicy policy, SyncOutcome outcome, String node,
        Instant started, Duration duration, int applied, int alreadyInState, int failed, int heldChanges,
        @Nullable String heldPlanId, @Nullable MsGraphException error) {

    /**
     * Check the values.
     *
     * @param organization the organization
     * @param policy the policy
     * @param outcome how it ended
     * @param node the node's name
     * @param started when it started
     * @param duration how long it took
     * @param applied changes applied
     * @param alreadyInState changes already in place
     * @param failed changes that failed
     * @param heldChanges changes held for review
     * @param heldPlanId the held plan's id, or {@code null}
     * @param error what failed, or {@code null}
     * @since 0.2.0
     */
    public SyncRun {
        Objects.requireNonNull(organization, "'organization' must not be null");
        Objects.requireNonNull(policy, "'policy' must not be null");
        Objects.requireNonNull(outcome, "'outcome' must not be null");
        Objects.requireNonNull(node, "'node' must not be null");
        Objects.requireNonNull(started, "'started' must not be null");
        Objects.requireNonNull(duration, "'duration' must not be null");
    }

    /**
     * Return the id of the plan held for review, if any.
     *
     * @return the id, or empty
     * @since 0.2.0
     */
    public Optional<String> heldPlanIdIfAny() {
        return Optional.ofNullable(heldPlanId);
    }

    /**
     * Return what failed, if the sync failed.
     *
     * @return the error, or empty
     * @since 0.2.0
     */
    public Optional<MsGraphException> errorIfAny() {
        return Optional.ofNullable(error);
    }
}
