package cc.equa.msgraph.examples;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Objects;

/**
 * An application's own sync logic, as an Equa backend might write it: a nightly job that syncs an organization's
 * group unattended, but never applies a plan that trips the removal guard (those wait for a person), and retries once
 * when a run ends incomplete. The testkit example {@code TeamSyncJobTest} tests exactly this logic against the fake
 * tenant, with faults injected.
 */
public final class TeamSyncJob {

    /** What one run did. */
    public enum Outcome {
        /** Nothing to change. */
        UP_TO_DATE,
        /** Every planned change is in place. */
        SYNCED,
        /** The plan removes too many members: left for a person to review. */
        HELD_FOR_REVIEW,
        /** Some changes failed twice; the next run picks them up. */
        INCOMPLETE
    }

    /**
     * One run's report.
     *
     * @param outcome what happened
     * @param applied changes applied
     * @param failed changes that failed in the last attempt
     * @param plan the plan reviewed or applied last
     */
    public record Report(Outcome outcome, int applied, int failed, SyncPlan plan) {
    }

    private final MicrosoftIntegration microsoft;

    /**
     * Create the job.
     *
     * @param microsoft the integration
     */
    public TeamSyncJob(MicrosoftIntegration microsoft) {
        this.microsoft = Objects.requireNonNull(microsoft);
    }

    /**
     * Sync one organization.
     *
     * @param organization the organization
     * @return what happened
     * @throws MsGraphException if the organization cannot be synced at all (not connected, no group, no permission)
     */
    public Report run(OrganizationId organization) {
        OrganizationIntegration org = microsoft.organization(organization);
        SyncPlan plan = org.planSync();
        if (plan.removalGuardTripped()) {
            return new Report(Outcome.HELD_FOR_REVIEW, 0, 0, plan);
        }
        if (!plan.hasChanges()) {
            return new Report(Outcome.UP_TO_DATE, 0, 0, plan);
        }
        ApplyOptions options = ApplyOptions.builder().actor("nightly-sync").build();
        SyncResult result = org.applySync(plan, options);
        int applied = result.applied();
        if (result.isComplete()) {
            return new Report(Outcome.SYNCED, applied, 0, plan);
        }
        SyncPlan retry = org.planSync();
        if (retry.removalGuardTripped()) {
            return new Report(Outcome.HELD_FOR_REVIEW, applied, result.failed(), retry);
        }
        SyncResult second = org.applySync(retry, options);
        return new Report(second.isComplete() ? Outcome.SYNCED : Outcome.INCOMPLETE, applied + second.applied(),
                second.failed(), retry);
    }
}
