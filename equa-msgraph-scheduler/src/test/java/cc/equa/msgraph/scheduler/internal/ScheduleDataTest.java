package cc.equa.msgraph.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The task data read back from the database is validated text, never deserialized objects. */
class ScheduleDataTest {

    private final ScheduleDataSerializer serializer = new ScheduleDataSerializer();

    @Test
    void roundTrips() {
        ScheduleData data = new ScheduleData(OrganizationSchedule.of(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS,
                Duration.ofMinutes(40), Duration.ofMinutes(4)));
        byte[] bytes = serializer.serialize(data);
        assertEquals("v1;APPLY_ADDITIONS_HOLD_REMOVALS;2400000;240000", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(data, serializer.deserialize(ScheduleData.class, bytes));
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {"", "v2;REVIEW_EVERYTHING;1000;0", "v1;DELETE_ALL;1000;0",
                "v1;REVIEW_EVERYTHING;10;0", "v1;REVIEW_EVERYTHING;1000;2000", "v1;REVIEW_EVERYTHING;x;0",
                "\u00ac\u00ed\u0000\u0005sr"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> serializer.deserialize(ScheduleData.class, bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> serializer.deserialize(ScheduleData.class, new byte[500]));
        assertThrows(IllegalArgumentException.class, () -> serializer.serialize("a string"));
        assertThrows(IllegalArgumentException.class, () -> serializer.deserialize(String.class, new byte[1]));
    }
}
