/**
 * Micrometer observations of fleet syncs ({@link cc.equa.msgraph.scheduler.micrometer.ObservationFleetListener}) and
 * of Graph requests and throttling waits
 * ({@link cc.equa.msgraph.scheduler.micrometer.ObservationGraphRequestListener}), for hosts that have Micrometer's {@code micrometer-observation} on their
 * class path (the scheduler declares it optional; nothing else in the scheduler loads these classes).
 *
 * @since 0.2.0
 */
@NullMarked
package cc.equa.msgraph.scheduler.micrometer;

import org.jspecify.annotations.NullMarked;
