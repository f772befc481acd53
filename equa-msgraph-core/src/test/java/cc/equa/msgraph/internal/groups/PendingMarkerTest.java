package cc.equa.msgraph.internal.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.Group;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pending-create marker is read back from a settings row: only the forms the library writes (attack14). */
class PendingMarkerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final String ID = "0b2f5a4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b";

    @Test
    void readsTheFormsTheLibraryWrites() {
        PendingMarker.Pending legacy = PendingMarker.Pending.parse("cap-table\nCap Table", NOW);
        assertEquals("cap-table", legacy.nickname());
        assertNull(legacy.postedAt());
        long at = NOW.minusSeconds(60).toEpochMilli();
        PendingMarker.Pending noId = PendingMarker.Pending.parse("cap-table\nCap Table\n" + at + "\n", NOW);
        assertEquals(Instant.ofEpochMilli(at), noId.postedAt());
        assertNull(noId.id());
        PendingMarker.Pending withId = PendingMarker.Pending.parse("cap-table\nCap Table\n" + at + "\n" + ID, NOW);
        assertEquals(ID, withId.id());
        assertEquals(withId, PendingMarker.Pending.parse(withId.encode(), NOW));
    }

    @Test
    void refusesEverythingElse() {
        long at = NOW.toEpochMilli();
        List<String> bad = List.of("", "x", "::::", "cap-table\nCap Table\n" + at + "\n\n" + ID,
                "cap-table\nCap Table\n" + at, "cap table\nCap Table", "cap-table\n ", "cap-table\nCap\u202ETable",
                "cap-table\nCap Table\nsoon\n", "cap-table\nCap Table\n" + at + "\nnot-a-guid",
                "cap-table\nCap Table\n" + NOW.plus(Duration.ofDays(1)).toEpochMilli() + "\n",
                "cap-table\nCap Table\n" + "9".repeat(30) + "\n", "\u0000\n\u202E");
        for (String v : bad) {
            assertThrows(IllegalArgumentException.class, () -> PendingMarker.Pending.parse(v, NOW), v);
        }
    }

    @Test
    void aGroupIsOursOnlyWithTheRecordedNicknameAndName() {
        PendingMarker.Pending p = new PendingMarker.Pending("cap-table", "Cap Table", NOW, ID);
        assertTrue(p.isOurs(group(ID, "Cap Table", "CAP-table")));
        assertFalse(p.isOurs(group(ID, "Payroll Confidential", "payroll")));
        assertFalse(p.isOurs(group(ID, "Cap Table", "payroll")));
        assertFalse(p.isOurs(group(ID, "Payroll Confidential", "cap-table")));
        Group security = group(ID, "Cap Table", "cap-table");
        security.setGroupTypes(List.of());
        assertFalse(p.isOurs(security));
    }

    private static Group group(String id, String name, String nickname) {
        Group g = new Group();
        g.setId(id);
        g.setDisplayName(name);
        g.setMailNickname(nickname);
        g.setGroupTypes(List.of("Unified"));
        return g;
    }
}
