/**
 * A sync plan at rest and in transit, like Terraform's {@code plans/planfile}: its content
 * ({@link cc.equa.msgraph.internal.plan.PlanContent}), the versioned JSON form
 * ({@link cc.equa.msgraph.internal.plan.PlanCodec}),
 * its authentication (the HMAC {@link cc.equa.msgraph.internal.plan.PlanSeal} that
 * {@link cc.equa.msgraph.internal.plan.PlanAuthenticator} signs and verifies, with the keys of
 * {@link cc.equa.msgraph.internal.plan.StoredPlanKeys} by default), the state fingerprints it carries
 * ({@link cc.equa.msgraph.internal.plan.Fingerprints}), and the bridge into the public
 * {@link cc.equa.msgraph.SyncPlan} ({@link cc.equa.msgraph.internal.plan.PlanAccess}).
 *
 * <p>Nothing here computes a plan or talks to Microsoft Graph: planning and applying live in
 * {@code cc.equa.msgraph.internal.sync}, which depends on this package and never the other way round. Not API: may
 * change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.plan;

import org.jspecify.annotations.NullMarked;
