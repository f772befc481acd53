package cc.equa.msgraph.testkit;

import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AuditSink} that keeps every event in memory, for tests to assert on.
 *
 * @since 0.1.0
 */
public final class RecordingAuditSink implements AuditSink {

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    /**
     * Create an empty sink.
     *
     * @since 0.1.0
     */
    public RecordingAuditSink() {
    }

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    /**
     * Return every event recorded so far, oldest first.
     *
     * @return the events
     * @since 0.1.0
     */
    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Forget every event.
     *
     * @since 0.1.0
     */
    public void clear() {
        events.clear();
    }
}
