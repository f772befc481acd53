package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The listener guard: what it contains and the JVM failures it lets through (attackgm). */
class RequestEventsGuardTest {

    private static final GraphRequestEvent EVENT = new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST, "GET",
            "/users", 200, GraphRequestEvent.Failure.NONE, Duration.ZERO, 0, false);
    private static final GraphWait WAIT = new GraphWait(GraphWait.Reason.BACKOFF, Duration.ofSeconds(1));

    @Test
    void everyThrowableAListenerThrowsIsContainedOnEveryCallback() {
        List<Supplier<Throwable>> thrown = List.of(() -> new AssertionError("x"), StackOverflowError::new,
                () -> new IOException("sneaky"), () -> new Exception("sneaky"), () -> new IllegalStateException("x"),
                () -> new NoClassDefFoundError("x"), () -> new Throwable("x"));
        for (Supplier<Throwable> t : thrown) {
            RequestEvents events = RequestEvents.of(throwing(t));
            assertDoesNotThrow(() -> events.started("GET", "/users"), t.get().getClass().getName());
            assertDoesNotThrow(() -> events.completed(EVENT), t.get().getClass().getName());
            assertDoesNotThrow(() -> events.waitStarted(WAIT), t.get().getClass().getName());
            assertDoesNotThrow(() -> events.waitEnded(WAIT), t.get().getClass().getName());
        }
    }

    @Test
    void aFailingJvmsErrorsGoOnUpButAStackOverflowDoesNot() {
        OutOfMemoryError oom = new OutOfMemoryError("listener");
        RequestEvents events = RequestEvents.of(throwing(() -> oom));
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> events.completed(EVENT)));
        InternalError internal = new InternalError("listener");
        assertSame(internal, assertThrows(InternalError.class,
                () -> RequestEvents.of(throwing(() -> internal)).started("GET", "/users")));
        assertDoesNotThrow(() -> RequestEvents.of(throwing(StackOverflowError::new)).completed(EVENT));
    }

    @Test
    void aListenersInterruptedExceptionKeepsTheThreadsInterrupt() {
        RequestEvents events = RequestEvents.of(throwing(InterruptedException::new));
        try {
            events.completed(EVENT);
            assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
        } finally {
            Thread.interrupted();
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }

    private static GraphRequestListener throwing(Supplier<? extends Throwable> t) {
        return new GraphRequestListener() {
            @Override
            public void requestCompleted(GraphRequestEvent event) {
                RequestEventsGuardTest.<RuntimeException>sneaky(t.get());
            }

            @Override
            public void requestStarted(String method, String resource) {
                RequestEventsGuardTest.<RuntimeException>sneaky(t.get());
            }

            @Override
            public void waitStarted(GraphWait wait) {
                RequestEventsGuardTest.<RuntimeException>sneaky(t.get());
            }

            @Override
            public void waitEnded(GraphWait wait) {
                RequestEventsGuardTest.<RuntimeException>sneaky(t.get());
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
