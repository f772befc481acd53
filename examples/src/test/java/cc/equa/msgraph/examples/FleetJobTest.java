package cc.equa.msgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fleet part of the main job: each policy's outcome, then a confirmed held plan. */
class FleetJobTest {

    @Test
    void theFleetSyncsEveryOrganizationUnderItsPolicyAndAnAdminConfirmsAHeldPlan() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            FleetJob.run(out);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Fleet: 6 organizations synced on 2 nodes"), text);
        assertTrue(text.matches("(?s).*org-1 +REVIEW_EVERYTHING +HELD .*: 0 applied, 3 held.*"), text);
        assertTrue(text.matches("(?s).*org-3 +APPLY_ADDITIONS_HOLD_REMOVALS +APPLIED_AND_HELD .*: 2 applied, 1 held.*"),
                text);
        assertTrue(text.matches("(?s).*org-6 +APPLY_WITHIN_GUARD +APPLIED .*: 3 applied, 0 held.*"), text);
        assertTrue(text.contains("Held for review in org-1: 2 to add, 1 to remove."), text);
        assertTrue(text.contains("3 applied, 0 failed; plans still held in org-1: 0"), text);
    }
}
