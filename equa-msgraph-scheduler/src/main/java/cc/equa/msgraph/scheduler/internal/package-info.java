/**
 * The scheduler's implementation: the db-scheduler task, the policy runner and the task data codec. Not API.
 */
@NullMarked
package cc.equa.msgraph.scheduler.internal;

import org.jspecify.annotations.NullMarked;
