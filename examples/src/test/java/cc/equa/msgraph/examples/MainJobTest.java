package cc.equa.msgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The main job runs the whole admin flow on the embedded fake tenant and shows what an admin would see. */
class MainJobTest {

    @Test
    void mainJobWalksTheWholeFlowOnTheEmbeddedTenant() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            new MainJob(out).run(Map.of());
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertContains(text, "Token:  NOT acquired (WRONG_SECRET)");
        assertContains(text, "PASSED");
        assertContains(text, "credentials saved");
        assertContains(text, "has dynamic membership");
        assertContains(text, "(created just now)");
        assertContains(text, "11 to add, 1 to remove");
        assertContains(text, "remove  former.employee@acme.example");
        assertContains(text, "12 applied, 0 already in place, 0 failed");
        assertContains(text, "0 to add, 0 to remove, 11 unchanged");
        assertContains(text, "add     dana.lee@acme.example");
        assertContains(text, "remove  dana.lee@acme.example");
        assertContains(text, "11 member(s)");
        assertContains(text, "Fleet: 6 organizations synced on 2 nodes");
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "missing \"" + expected + "\" in:\n" + text);
    }
}
