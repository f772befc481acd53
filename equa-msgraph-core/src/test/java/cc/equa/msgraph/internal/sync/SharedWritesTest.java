package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import cc.equa.msgraph.spi.IntegrationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared own-write memory's stored form: strict parsing, pruning, the cap, and merging that only suppresses. */
class SharedWritesTest {

    private static final String G = "11111111-1111-1111-1111-111111111111";
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    private static ChangeResult applied(PlannedChange.Action action, String id) {
        return new ChangeResult(new PlannedChange(action, id, id + "@x.test", null), ChangeResult.Outcome.APPLIED,
                null, null, null, null);
    }

    private static IntegrationSettings stored(String value) {
        return IntegrationSettings.empty().withState(SharedWrites.KEY, value);
    }

    @Test
    void entriesInTheFutureBeyondTheSkewOrOlderThanTheWindowAreNotUsed() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        long s = NOW.getEpochSecond();
        String value = "1;" + G + ";a" + a + "@" + (s + 60) + ";a" + b + "@" + (s + 3600) + ";r" + c + "@"
                + (s - Duration.ofMinutes(15).toSeconds());
        List<SharedWrites.Stored> read = SharedWrites.read(stored(value), G, NOW, "test");
        assertEquals(List.of(new SharedWrites.Stored(PlannedChange.Action.ADD, a, Instant.ofEpochSecond(s + 60))),
                read, "within the skew kept; an hour ahead malformed; at the window's end expired");
        assertEquals(List.of(), SharedWrites.read(stored(value), UUID.randomUUID().toString(), NOW, "test"),
                "another group's writes");
    }

    @Test
    void theCapKeepsTheNewestWritesAndTheValueStaysBounded() {
        IntegrationSettings settings = IntegrationSettings.empty();
        List<String> ids = new ArrayList<>();
        for (int apply = 0; apply < 3; apply++) {
            List<ChangeResult> results = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                results.add(applied(i % 2 == 0 ? PlannedChange.Action.ADD : PlannedChange.Action.REMOVE, id));
            }
            settings = SharedWrites.record(settings, G, results, NOW.plusSeconds(apply));
        }
        List<SharedWrites.Stored> read = SharedWrites.read(settings, G, NOW.plusSeconds(3), "test");
        assertEquals(SharedWrites.MAX_ENTRIES, read.size());
        assertEquals(Set.copyOf(ids.subList(250, 750)), Set.copyOf(read.stream().map(SharedWrites.Stored::id)
                .toList()), "the oldest apply's writes were dropped");
        assertTrue(settings.stateValue(SharedWrites.KEY).orElseThrow().length() < 26_000);
    }

    @Test
    void aLaterWriteOfAMemberSupersedesAnEarlierOneAndOnlyAppliedChangesAreStored() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        IntegrationSettings s = SharedWrites.record(IntegrationSettings.empty(), G,
                List.of(applied(PlannedChange.Action.ADD, a)), NOW);
        s = SharedWrites.record(s, G, List.of(applied(PlannedChange.Action.REMOVE, a),
                new ChangeResult(new PlannedChange(PlannedChange.Action.ADD, b, "b", null),
                        ChangeResult.Outcome.FAILED, "no", null, null, null)), NOW.plusSeconds(5));
        assertEquals(List.of(new SharedWrites.Stored(PlannedChange.Action.REMOVE, a, NOW.plusSeconds(5))),
                SharedWrites.read(s, G, NOW.plusSeconds(6), "test"));
        s = SharedWrites.record(s, G, List.of(), NOW.plus(Duration.ofMinutes(16)));
        assertEquals(java.util.Optional.empty(), s.stateValue(SharedWrites.KEY), "pruned to nothing: removed");
    }

    @Test
    void mergingOnlySuppressesChanges() {
        String member = UUID.randomUUID().toString();
        String wantedMember = UUID.randomUUID().toString();
        String wantedOutside = UUID.randomUUID().toString();
        String stranger = UUID.randomUUID().toString();
        GroupState group = new GroupState(G, List.of(new DirectoryMember(member, "user", "m@x.test", null, true),
                new DirectoryMember(wantedMember, "user", "w@x.test", null, true)), Set.of(), null);
        Map<String, Resolution> resolutions = Map.of(
                "w@x.test", new Resolution(Resolution.Status.MATCHED, user(wantedMember, "w@x.test"), List.of()),
                "o@x.test", new Resolution(Resolution.Status.MATCHED, user(wantedOutside, "o@x.test"), List.of()));
        Instant at = NOW;
        // a stranger "added", a wanted member "removed": neither may change what the plan sees
        assertSame(group, SharedWrites.merge(group, List.of(
                new SharedWrites.Stored(PlannedChange.Action.ADD, stranger, at),
                new SharedWrites.Stored(PlannedChange.Action.REMOVE, wantedMember, at),
                new SharedWrites.Stored(PlannedChange.Action.ADD_OWNER, stranger, at)), resolutions));
        GroupState merged = SharedWrites.merge(group, List.of(
                new SharedWrites.Stored(PlannedChange.Action.ADD, wantedOutside.toUpperCase(), at),
                new SharedWrites.Stored(PlannedChange.Action.REMOVE, member, at)), resolutions);
        assertEquals(Set.of(wantedMember, wantedOutside), merged.byId().keySet());
    }

    private static UserRecord user(String id, String mail) {
        return new UserRecord(id, null, mail, mail, List.of(), List.of(), true, "Member");
    }
}
