package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.Collection;

/**
 * Plan and apply membership syncs and explicit member changes for one organization: the door of this package.
 * Planning ({@link Planning}) and applying ({@link Applying}) are separate, as in Terraform; both resolve addresses
 * through one {@link Resolver}. Made once per organization handle and held; holds no state between calls.
 */
public final class SyncService {

    private final Planning planning;
    private final Applying applying;

    /**
     * Create the service.
     *
     * @param runtime the runtime
     * @param organization the organization
     */
    public SyncService(IntegrationRuntime runtime, OrganizationId organization) {
        Resolver resolver = new Resolver();
        this.planning = new Planning(runtime, organization, resolver);
        this.applying = new Applying(runtime, organization, planning, resolver);
    }

    /**
     * Plan a team sync.
     *
     * @param options the options
     * @return the plan
     */
    public SyncPlan planSync(SyncOptions options) {
        return planning.planSync(options);
    }

    /**
     * Plan adding chosen users by address.
     *
     * @param emails the addresses
     * @param options the options (match rules)
     * @return the plan
     */
    public SyncPlan planAdd(Collection<String> emails, SyncOptions options) {
        return planning.planAdd(emails, options);
    }

    /**
     * Plan removing chosen members by address or object id.
     *
     * @param members the addresses or ids
     * @param includeProtected whether owners, the app and non-users may be removed
     * @param options the options (match rules, guard)
     * @return the plan
     */
    public SyncPlan planRemove(Collection<String> members, boolean includeProtected, SyncOptions options) {
        return planning.planRemove(members, includeProtected, options);
    }

    /**
     * Apply a reviewed, authenticated plan; every change is checked against the state as it is now, and refused
     * ({@link ChangeResult.Outcome#FAILED}, "refused: …") when the facts no longer justify it (see {@link Applying}).
     *
     * @param plan the plan
     * @param apply the options
     * @return the result
     */
    public SyncResult apply(SyncPlan plan, ApplyOptions apply) {
        return applying.apply(plan, apply);
    }
}
