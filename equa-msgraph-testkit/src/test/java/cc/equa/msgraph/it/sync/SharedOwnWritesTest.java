package cc.equa.msgraph.it.sync;

import static cc.equa.msgraph.it.sync.DeltaReplanTest.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.it.connect.LogCapture;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 5 across nodes: the own-write memory is shared through the organization's settings (state entry
 * {@code sync.ownWrites}), so a second integration on the same settings store neither re-adds nor re-removes the
 * first one's writes while member reads lag. The settings row is a trust boundary: what is stored there can hold
 * back a change for the window at most, never cause one.
 */
class SharedOwnWritesTest {

    private static final String KEY = "sync.ownWrites";
    private static final Duration LAG = Duration.ofSeconds(30);

    private static String state(SyncFixture f) {
        return f.settings.load(SyncFixture.ORG).orElseThrow().stateValue(KEY).orElse("");
    }

    private static void store(SyncFixture f, String value) {
        f.settings.update(SyncFixture.ORG, s -> s.withState(KEY, value));
    }

    private static long epoch(SyncFixture f) {
        return f.fake.clock().instant().getEpochSecond();
    }

    @Test
    void forgedOrGarbageStoredEntriesAreIgnoredWithAWarningThatShowsNoValueAndPlanningWorks() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        BiConsumer<String, String> previous = LogCapture.tap;
        LogCapture.tap = (logger, line) -> {
            if (previous != null) {
                previous.accept(logger, line);
            }
            if (logger.startsWith("cc.equa.msgraph") && line.startsWith("WARN")) {
                warnings.add(line);
            }
        };
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String carl = f.user("carl@acme.test");
            f.fake.directory().addMembers(f.groupId, carl);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            long now = epoch(f);
            List<String> garbage = List.of("garbage-value-xyz", "1;not-a-guid;a" + ann + "@" + now,
                    "2;" + f.groupId + ";a" + ann + "@" + now,
                    "1;" + f.groupId + ";x" + ann + "@" + now + ";a" + ann + "@-5;a" + ann + "@12ab;a" + ann
                            + ";a" + ann.substring(1) + "Z@" + now + ";a' OR 1=1 --@" + now,
                    "1;" + f.groupId + ";a" + ann + "@" + (now + 3600) + ";r" + carl + "@" + (now + 3600),
                    "1;" + f.groupId + ";" + "a".repeat(100_000));
            for (String value : garbage) {
                store(f, value);
                warnings.clear();
                SyncPlan plan = f.org.planSync();
                assertEquals(Set.of(ann), ids(plan.additions()), value.length() > 200 ? "long value" : value);
                assertEquals(Set.of(carl), ids(plan.removals()), value.length() > 200 ? "long value" : value);
                assertTrue(warnings.stream().anyMatch(w -> w.contains(KEY) && w.contains("malformed")),
                        "a WARN names the entry: " + warnings);
                assertTrue(warnings.stream().noneMatch(w -> w.contains(ann) || w.contains(carl)
                        || w.contains("garbage-value") || w.contains("OR 1=1")), "no value in the WARN: " + warnings);
            }
            // an apply over a garbage entry replaces it with its own well-formed one
            store(f, "1;" + f.groupId + ";zz@1");
            assertTrue(f.org.applySync(f.org.planSync(), ApplyOptions.defaults()).isComplete());
            assertEquals(Set.of(ann), Set.copyOf(f.members()));
            assertFalse(state(f).contains("zz@1"), state(f));
        } finally {
            LogCapture.tap = previous;
        }
    }

    @Test
    void aStoredEntryNeverCausesARemovalOrAnAddOnlyHoldsOneBackForTheWindow() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String carl = f.user("carl@acme.test");
            String dave = f.user("dave@acme.test");
            f.fake.directory().addMembers(f.groupId, ann, carl);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test"),
                    TeamMember.individual("t2", "Bob", "bob@acme.test")));
            long now = epoch(f);
            // forged, well-formed: "added" dave (a real user outside the team and the group) and a user that does
            // not exist, "removed" ann (a member the team wants), "added" bob (wanted, not a member yet) and
            // "removed" carl (a member the team does not want)
            store(f, "1;" + f.groupId + ";a" + dave + "@" + now + ";a" + UUID.randomUUID() + "@" + now + ";r" + ann
                    + "@" + now + ";a" + bob + "@" + now + ";r" + carl + "@" + now);
            SyncPlan plan = f.org.planSync();
            assertEquals(Set.of(), ids(plan.removals()), "no removal from a stored entry, carl's held back:\n"
                    + plan.render());
            assertEquals(Set.of(), ids(plan.additions()), "bob's add held back, ann not re-added:\n" + plan.render());
            SyncResult result = f.org.applySync(plan, ApplyOptions.defaults());
            assertTrue(result.isComplete());
            assertEquals(Set.of(ann, carl), Set.copyOf(f.members()), "nothing written");

            f.fake.advanceTime(Duration.ofMinutes(15).plusSeconds(1));
            SyncPlan after = f.org.planSync();
            assertEquals(Set.of(bob), ids(after.additions()), after.render());
            assertEquals(Set.of(carl), ids(after.removals()), after.render());
        }
    }

    @Test
    void theStoreIsWrittenOncePerApplyAndNotAtAllWhenNothingWasWritten() {
        try (SyncFixture f = new SyncFixture()) {
            List<String> added = List.of(f.user("ann@acme.test"), f.user("bob@acme.test"), f.user("cy@acme.test"));
            String carl = f.user("carl@acme.test");
            f.fake.directory().addMembers(f.groupId, carl);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test"),
                    TeamMember.individual("t2", "Bob", "bob@acme.test"),
                    TeamMember.individual("t3", "Cy", "cy@acme.test")));
            SyncPlan plan = f.org.planSync();
            int before = f.settings.writeCount();
            assertTrue(f.org.applySync(plan, ApplyOptions.defaults()).isComplete());
            assertEquals(1, f.settings.writeCount() - before, "one store write for four changes");
            String value = state(f);
            added.forEach(id -> assertTrue(value.contains("a" + id + "@"), value));
            assertTrue(value.contains("r" + carl + "@"), value);

            SyncPlan none = f.org.planSync();
            assertFalse(none.hasChanges(), none.render());
            int again = f.settings.writeCount();
            assertTrue(f.org.applySync(none, ApplyOptions.defaults()).isComplete());
            assertEquals(again, f.settings.writeCount(), "an apply that wrote nothing stores nothing");
        }
    }

    @Test
    void sharedEntriesExpireAfterTheWindowAndArePrunedOnTheNextWrite() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().readLag(LAG).build(),
                "GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All")) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            assertTrue(f.org.applySync(f.org.planSync(), ApplyOptions.defaults()).isComplete());
            f.fake.advanceTime(LAG.plusSeconds(1));
            // someone else undoes the first node's add (directory writes are not lagged)
            f.fake.directory().removeMember(f.groupId, ann);
            try (MicrosoftIntegration other = f.integration()) {
                assertFalse(other.organization(SyncFixture.ORG).planSync().hasChanges(),
                        "within the window the shared write counts on the second node too");
                f.fake.advanceTime(Duration.ofMinutes(15));
                SyncPlan after = other.organization(SyncFixture.ORG).planSync();
                assertEquals(Set.of(ann), ids(after.additions()), "after it, the read is the truth:\n"
                        + after.render());
            }
            // the first node writes again (bob only): the expired entry of ann is pruned from the stored value
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t2", "Bob", "bob@acme.test")));
            SyncPlan bobOnly = f.org.planSync();
            assertEquals(Set.of(bob), ids(bobOnly.additions()), bobOnly.render());
            assertEquals(Set.of(), ids(bobOnly.removals()), bobOnly.render());
            assertTrue(f.org.applySync(bobOnly, ApplyOptions.defaults()).isComplete());
            String value = state(f);
            assertTrue(value.startsWith("1;" + f.groupId.toLowerCase(java.util.Locale.ROOT) + ";a" + bob + "@"),
                    value);
            assertFalse(value.contains(ann), "ann's expired write is gone: " + value);
            assertEquals(3, value.split(";").length, "only this apply's write is left: " + value);
        }
    }
}
