package cc.equa.msgraph.spi;

/**
 * Receive an {@link AuditEvent} for every change the library makes in Microsoft 365. Implemented by the host; the
 * default discards events. Must be thread-safe and fast: it is called on the thread that applies changes.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AuditSink {

    /**
     * Record one event. An exception thrown here is logged and does not stop the operation.
     *
     * @param event the event
     * @since 0.1.0
     */
    void record(AuditEvent event);

    /**
     * Return a sink that discards every event.
     *
     * @return the sink
     * @since 0.1.0
     */
    static AuditSink discarding() {
        return event -> { };
    }
}
