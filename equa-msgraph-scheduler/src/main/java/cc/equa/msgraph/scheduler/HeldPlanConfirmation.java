package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.scheduler.internal.FleetEngine;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FleetScheduler#confirm(OrganizationId, String, ApplyOptions)}'s checks of a held plan read back from the
 * host's store (a trust boundary): the row must describe the signed plan it holds, the plan must be one the scheduler
 * holds, and it is claimed before anything is sent and put back if applying fails for another reason than staleness.
 * Kept apart from FleetScheduler so these rules can be read (and reviewed) on their own.
 */
final class HeldPlanConfirmation {

    /** Logged under FleetScheduler's name, as before this class was split off, so hosts' log settings still apply. */
    private static final Logger LOG = LoggerFactory.getLogger(FleetScheduler.class);

    private final MicrosoftIntegration microsoft;
    private final HeldPlanStore heldPlans;
    private final SyncOptions syncOptions;
    private final FleetEngine engine;

    HeldPlanConfirmation(MicrosoftIntegration microsoft, HeldPlanStore heldPlans, SyncOptions syncOptions,
            FleetEngine engine) {
        this.microsoft = microsoft;
        this.heldPlans = heldPlans;
        this.syncOptions = syncOptions;
        this.engine = engine;
    }

    /** Confirm a held plan, the arguments already checked for null (see FleetScheduler's Javadoc). */
    SyncResult confirm(OrganizationId organization, String planId, ApplyOptions options) {
        HeldPlan held = heldPlans.get(organization, planId).orElseThrow(() -> notHeld(organization, planId));
        SyncPlan plan = SyncPlan.fromJson(held.planJson());
        String mismatch = mismatch(held, plan, organization, planId);
        if (mismatch == null && !plan.options().equals(syncOptions)) {
            mismatch = "it was made with other sync options than this scheduler's (its mode, scope, match rules or"
                    + " removal guard)";
        }
        if (mismatch != null) {
            throw new InvalidInputException("confirm a held plan", List.of(new InvalidInputException.FieldProblem(
                    "planId", "the held row of plan " + planId + " of organization " + organization.value()
                            + " does not match the plan it holds: " + mismatch,
                    "discard it; the held-plan store holds a row the scheduler did not write as it is (the next"
                            + " sync holds a fresh plan)")));
        }
        // Claim the plan before any write: of two confirms racing on two nodes, only the one whose remove took the
        // row applies; the other is told the plan is no longer held.
        if (!heldPlans.remove(organization, planId)) {
            throw notHeld(organization, planId);
        }
        SyncResult result;
        try {
            result = microsoft.organization(organization).applySync(plan, options);
        } catch (MsGraphException e) {
            if (e.kind() == ErrorKind.STALE_PLAN) {
                requestFreshPlan(organization);
            } else {
                putBack(held);
            }
            throw e;
        } catch (RuntimeException e) {
            putBack(held);
            throw e;
        }
        return result;
    }

    /**
     * Why a held row does not describe the authenticated plan it holds, or null if it does. The row's columns are
     * what a review screen shows without parsing the plan, so a row whose counts hide removals must not be
     * confirmable; and the scheduler holds team-sync plans made with its own sync options only, so any other plan
     * (an admin's signed remove-members plan, or a team sync with a laxer removal guard, copied into the table) was
     * never held by it.
     */
    private static @Nullable String mismatch(HeldPlan held, SyncPlan plan, OrganizationId organization,
            String planId) {
        if (!plan.organization().equals(organization) || !plan.planId().equals(planId)) {
            return "the plan is not plan " + planId + " of organization " + organization.value();
        }
        if (plan.kind() != SyncPlan.Kind.TEAM_SYNC) {
            return "it is a " + plan.kind() + " plan; the scheduler holds team-sync plans only";
        }
        if (held.additions() != plan.additions().size() || held.removals() != plan.removals().size()
                || held.ownerAdditions() != plan.ownerAdditions().size()
                || held.removalGuardTripped() != plan.removalGuardTripped()) {
            return "its counts (+" + held.additions() + " -" + held.removals() + " owners+" + held.ownerAdditions()
                    + (held.removalGuardTripped() ? ", guard tripped" : "") + ") are not the plan's (+"
                    + plan.additions().size() + " -" + plan.removals().size() + " owners+"
                    + plan.ownerAdditions().size() + (plan.removalGuardTripped() ? ", guard tripped" : "") + ")";
        }
        if (!held.fingerprint().equals(plan.fingerprint())) {
            return "its fingerprint is not the plan's";
        }
        return null;
    }

    private static InvalidInputException notHeld(OrganizationId organization, String planId) {
        return new InvalidInputException("confirm a held plan", List.of(new InvalidInputException.FieldProblem(
                "planId", "no plan " + planId + " is held for organization " + organization.value()
                        + " (any longer)",
                "list the organization's held plans and confirm one of them; a plan already confirmed (here or on"
                        + " another node) or superseded by a newer sync is no longer held")));
    }

    /** A confirm that failed before the plan took effect leaves it held, so the admin can try again. */
    private void putBack(HeldPlan held) {
        try {
            heldPlans.put(held);
        } catch (RuntimeException e) {
            LOG.warn("Held plan {} of organization {} could not be put back after a failed confirm; the next sync"
                    + " holds a fresh one", held.planId(), held.organization(), e);
        }
    }

    private void requestFreshPlan(OrganizationId organization) {
        try {
            engine.syncNow(organization);
        } catch (MsGraphException e) {
            LOG.debug("Organization {} is not scheduled; no fresh plan requested", organization);
        }
    }
}
