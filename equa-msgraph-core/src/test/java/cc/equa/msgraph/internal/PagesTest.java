package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MsGraphException;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paging is bounded: cycles of any length and endless links end in an MsGraphException, never a hang. */
class PagesTest {

    private final GraphCalls calls = new GraphCalls(d -> { }, 3, Duration.ofMinutes(1));

    private static DirectoryObjectCollectionResponse page(String id, String next) {
        DirectoryObjectCollectionResponse r = new DirectoryObjectCollectionResponse();
        DirectoryObject o = new DirectoryObject();
        o.setId(id);
        r.setValue(new ArrayList<>(List.of(o)));
        r.setOdataNextLink(next);
        return r;
    }

    @Test
    void aCycleThroughSeveralLinksIsDetected() {
        Map<String, String> next = Map.of("A", "B", "B", "C", "C", "A");
        List<String> requested = new ArrayList<>();
        MsGraphException e = assertThrows(MsGraphException.class, () -> Pages.directoryObjects(calls, "Read",
                List.of(), h -> page("first", "A"), (link, h) -> {
                    requested.add(link);
                    return page(link, next.get(link));
                }, p -> { }));
        assertTrue(e.reason().contains("cycle"), e.getMessage());
        assertEquals(List.of("A", "B", "C"), requested);
        assertEquals(GraphFailure.MALFORMED, e.graphErrorCode().orElseThrow());
    }

    @Test
    void endlessDistinctLinksStopAtTheCap() {
        int[] requests = {0};
        MsGraphException e = assertThrows(MsGraphException.class, () -> Pages.directoryObjects(calls, "Read",
                List.of(), h -> page("first", "L0"), (link, h) -> {
                    requests[0]++;
                    return page(link, "L" + requests[0]);
                }, p -> { }, 50));
        assertTrue(e.reason().contains("50 pages"), e.getMessage());
        assertEquals(49, requests[0]);
        assertTrue(Pages.MAX_PAGES >= 3_000);
    }

    @Test
    void anObjectWithoutIdIsAnMsGraphException() {
        DirectoryObjectCollectionResponse r = new DirectoryObjectCollectionResponse();
        r.setValue(new ArrayList<>(List.of(new DirectoryObject())));
        MsGraphException e = assertThrows(MsGraphException.class, () -> Pages.directoryObjects(calls, "Read",
                List.of(), h -> r, (link, h) -> r, p -> { }));
        assertTrue(e.reason().contains("without an id"), e.getMessage());
    }
}
