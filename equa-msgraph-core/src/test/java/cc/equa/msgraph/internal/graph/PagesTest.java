package cc.equa.msgraph.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphFailure;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paging is bounded: cycles of any length and endless links end in an MsGraphException, never a hang. */
class PagesTest {

    private static final String BASE = "https://graph.test/v1.0";
    private static final String B = BASE + "/groups/g/members?$skiptoken=";

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
        Map<String, String> next = Map.of(B + "A", B + "B", B + "B", B + "C", B + "C", B + "A");
        List<String> requested = new ArrayList<>();
        MsGraphException e = assertThrows(MsGraphException.class, () -> Pages.directoryObjects(calls, "Read",
                List.of(), BASE, h -> page("first", B + "A"), (link, h) -> {
                    requested.add(link);
                    return page(link, next.get(link));
                }, p -> { }));
        assertTrue(e.reason().contains("cycle"), e.getMessage());
        assertEquals(List.of(B + "A", B + "B", B + "C"), requested);
        assertEquals(GraphFailure.MALFORMED, e.graphErrorCode().orElseThrow());
    }

    @Test
    void endlessDistinctLinksStopAtTheCap() {
        int[] requests = {0};
        MsGraphException e = assertThrows(MsGraphException.class, () -> Pages.directoryObjects(calls, "Read",
                List.of(), BASE, h -> page("first", B + "L0"), (link, h) -> {
                    requests[0]++;
                    return page(link, B + "L" + requests[0]);
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
                List.of(), BASE, h -> r, (link, h) -> r, p -> { }));
        assertTrue(e.reason().contains("without an id"), e.getMessage());
    }

    @Test
    void aNextLinkOutsideTheGraphEndpointIsNeverFollowed() {
        List<String> requested = new ArrayList<>();
        MsGraphException e = assertThrows(MsGraphException.class, () -> Pages.directoryObjects(calls, "Read",
                List.of(), BASE, h -> page("first", "https://graph.test.evil.example/v1.0/groups/g/members"),
                (link, h) -> {
                    requested.add(link);
                    return page(link, null);
                }, p -> { }));
        assertTrue(e.reason().contains("outside"), e.getMessage());
        assertEquals(List.of(), requested);
    }
}
