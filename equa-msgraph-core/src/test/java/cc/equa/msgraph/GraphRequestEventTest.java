package cc.equa.msgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Outcomes, status classes and the consistency of status and failure. */
class GraphRequestEventTest {

    private static GraphRequestEvent event(int status, GraphRequestEvent.Failure failure) {
        return new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST, "GET", "/users", status, failure,
                Duration.ofMillis(5), 0, false);
    }

    @Test
    void outcomesSetThrottlingApartFromOtherClientErrors() {
        assertEquals(GraphRequestEvent.Outcome.SUCCESS, event(204, GraphRequestEvent.Failure.NONE).outcome());
        assertEquals(GraphRequestEvent.Outcome.THROTTLED, event(429, GraphRequestEvent.Failure.NONE).outcome());
        assertEquals(GraphRequestEvent.Outcome.CLIENT_ERROR, event(403, GraphRequestEvent.Failure.NONE).outcome());
        assertEquals(GraphRequestEvent.Outcome.SERVER_ERROR, event(503, GraphRequestEvent.Failure.NONE).outcome());
        assertEquals(GraphRequestEvent.Outcome.NO_ANSWER, event(0, GraphRequestEvent.Failure.TIMEOUT).outcome());
        assertEquals("4xx", event(429, GraphRequestEvent.Failure.NONE).statusClass());
        assertEquals("none", event(0, GraphRequestEvent.Failure.TLS).statusClass());
    }

    @Test
    void aStatusAndAFailureDoNotGoTogether() {
        assertEquals(GraphRequestEvent.Failure.NO_ANSWER, event(0, GraphRequestEvent.Failure.NONE).failure());
        assertThrows(IllegalArgumentException.class, () -> event(200, GraphRequestEvent.Failure.TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> event(-1, GraphRequestEvent.Failure.NONE));
        assertEquals("REQUEST GET /users TIMEOUT in 5 ms", event(0, GraphRequestEvent.Failure.TIMEOUT).toString());
    }
}
