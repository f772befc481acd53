/**
 * Membership sync, split along Terraform's plan/apply line. {@link cc.equa.msgraph.internal.sync.SyncService} is the
 * door (held by each {@code OrganizationIntegration}); behind it:
 *
 * <ul>
 *   <li><b>Planning</b> ({@code Planning}): reads the Equa team, the group (with the delta-checked
 *       {@code GroupCache}) and the users the addresses resolve to — but for team members a current member already
 *       answers to ({@code MemberMatch}) — and lets the pure {@link cc.equa.msgraph.internal.sync.Planner} compute
 *       the plan. Matching rules live in {@link cc.equa.msgraph.internal.sync.UserMatcher} and
 *       {@link cc.equa.msgraph.internal.sync.Emails}.</li>
 *   <li><b>Applying</b> ({@code Applying}): reads the group again (or, for a plan made in this runtime, asks one
 *       group delta round whether it changed since the plan's read), asks Planning for the team as it is now (its
 *       fingerprint), refuses a stale plan or replans it, re-checks every change ({@code PlanCheck}) and the removal
 *       guard, sends what remains through {@code ApplyEngine} and settles each change once ({@code Settlement}:
 *       result, audit event, progress).</li>
 *   <li><b>Resolution</b> ({@code Resolver}): e-mail address to directory user lookups, batched and bounded.</li>
 *   <li><b>Writes</b>: {@link cc.equa.msgraph.internal.graph.BatchRunner} ({@code $batch} of 20, per-step retry) paced
 *       by {@link cc.equa.msgraph.internal.graph.WritePacer} under Graph's write quota.</li>
 *   <li><b>Graph</b>: only through {@link cc.equa.msgraph.internal.sync.GraphPort}.</li>
 * </ul>
 *
 * <p>The plan's serialisation and integrity (JSON, HMAC seal, fingerprints) live in
 * {@code cc.equa.msgraph.internal.plan}, which this package uses and which knows nothing of it. Classes are
 * package-private unless the public facade, the benchmarks or the integration tests need them. Not API: may change
 * in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.sync;

import org.jspecify.annotations.NullMarked;
