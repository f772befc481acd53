package cc.equa.msgraph.internal.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A delta link from a Graph answer is kept and followed with the app's token only if it stays on Graph's delta. */
class DeltaLinkTest {

    private static final String BASE = "https://graph.microsoft.com/v1.0";

    @Test
    void onlyLinksToTheGraphEndpointsGroupDeltaAreFollowed() {
        assertTrue(Groups.acceptableLink(BASE + "/groups/delta?$deltatoken=abc", BASE));
        assertTrue(Groups.acceptableLink("HTTPS://GRAPH.microsoft.com/v1.0/groups/delta?$skiptoken=x", BASE));
        assertFalse(Groups.acceptableLink("http://graph.microsoft.com/v1.0/groups/delta?$deltatoken=abc", BASE),
                "not https");
        assertFalse(Groups.acceptableLink("https://graph.microsoft.com.evil.example/v1.0/groups/delta?x", BASE),
                "another host");
        assertFalse(Groups.acceptableLink("https://graph.microsoft.com:8443/v1.0/groups/delta?x", BASE),
                "another port");
        assertFalse(Groups.acceptableLink(BASE + "/users?$filter=x", BASE), "another resource");
        assertFalse(Groups.acceptableLink(BASE + "/groups/delta?$deltatoken=" + "a".repeat(5000), BASE),
                "too long");
        assertFalse(Groups.acceptableLink(BASE + "/groups/delta?$deltatoken=a b", BASE), "not a plain URL");
        assertFalse(Groups.acceptableLink(BASE + "/groups/delta?$deltatoken=a\r\nHost: evil", BASE), "CR LF");
    }
}
