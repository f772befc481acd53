/**
 * Keep many organizations' Microsoft 365 groups in sync: {@link cc.equa.msgraph.scheduler.FleetScheduler} runs a
 * recurring sync for every scheduled organization on db-scheduler (one database table shared by every backend
 * node: one execution per organization at a time across all nodes, a dead node's work picked up by the others), and
 * applies what each organization's {@link cc.equa.msgraph.scheduler.SyncPolicy} allows; the rest is held for review
 * in a {@link cc.equa.msgraph.spi.HeldPlanStore} ({@link cc.equa.msgraph.scheduler.JdbcHeldPlanStore} by default).
 *
 * <p>Observations through Micrometer are optional: see {@code cc.equa.msgraph.scheduler.micrometer}.
 *
 * @since 0.2.0
 */
@NullMarked
package cc.equa.msgraph.scheduler;

import org.jspecify.annotations.NullMarked;
