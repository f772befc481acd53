package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertThrows;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphWait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * attackgm, part B, a break (low severity): {@link GraphRequestEvent}'s constructor checks the status and failure but
 * takes a negative duration and a negative {@code batchItems}, which {@link GraphWait} refuses for its duration; a
 * host's listener or metrics code then records negative timers and item counts.
 */
class GraphRequestEventValuesBreakTest {

    @Test
    void aNegativeDurationOrItemCountIsRefusedAsGraphWaitRefusesANegativeDuration() {
        assertThrows(IllegalArgumentException.class,
                () -> new GraphWait(GraphWait.Reason.BACKOFF, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST,
                "GET", "/users", 200, GraphRequestEvent.Failure.NONE, Duration.ofMillis(-1), 0, false),
                "negative duration");
        assertThrows(IllegalArgumentException.class, () -> new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST,
                "POST", "/$batch", 200, GraphRequestEvent.Failure.NONE, Duration.ofMillis(1), -20, false),
                "negative batchItems");
    }
}
