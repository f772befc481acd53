package cc.equa.msgraph.it.sync;

import static cc.equa.msgraph.it.sync.DeltaReplanTest.deltaCalls;
import static cc.equa.msgraph.it.sync.DeltaReplanTest.ids;
import static cc.equa.msgraph.it.sync.DeltaReplanTest.memberReads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.GroupMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 items 5 and 6 on the read side: member reads lag the library's own writes (the fake's {@code readLag}),
 * delta links expire (400 {@code syncStateNotFound} or 410 Gone), and delta-checked state is trusted for a bounded
 * time only.
 */
class ReadLagAndDeltaTest {

    private static final Duration LAG = Duration.ofSeconds(30);

    private static Set<String> listed(SyncFixture f) {
        return Set.copyOf(f.org.members().stream().map(GroupMember::id).toList());
    }

    private static int writes(SyncFixture f) {
        return f.fake.journal().calls(c -> !c.method().equals("GET") && c.path().startsWith("/v1.0/groups/"))
                .size();
    }

    @Test
    void aReplanRightAfterAnApplyNeitherReAddsNorReRemovesWhileReadsLag() {
        try (SyncFixture f = new SyncFixture()) {
            f.fake.hostility(Hostility.builder().readLag(LAG).build());
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String carl = f.user("carl@acme.test");
            f.fake.directory().addMembers(f.groupId, carl);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test"),
                    TeamMember.individual("t2", "Bob", "bob@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(Set.of(ann, bob), ids(plan.additions()));
            assertEquals(Set.of(carl), ids(plan.removals()));
            assertTrue(f.org.applySync(plan, ApplyOptions.defaults()).isComplete());
            assertEquals(Set.of(ann, bob), Set.copyOf(f.members()), "the writes landed");
            assertEquals(Set.of(carl), listed(f), "and member reads still show the group as it was (the lag)");

            f.fake.journal().clear();
            SyncPlan again = f.org.planSync();
            assertFalse(again.hasChanges(), again.render());
            SyncResult result = f.org.applySync(again, ApplyOptions.defaults());
            assertTrue(result.isComplete());
            assertEquals(0, writes(f), "nothing was sent again");

            f.fake.advanceTime(LAG.plusSeconds(1));
            SyncPlan caughtUp = f.org.planSync();
            assertFalse(caughtUp.hasChanges(), caughtUp.render());
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void aPlanMadeWhileReadsLagIsNotStaleOnceTheyCatchUp() {
        try (SyncFixture f = new SyncFixture()) {
            f.fake.hostility(Hostility.builder().readLag(LAG).build());
            String ann = f.user("ann@acme.test");
            String dora = f.user("dora@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            assertTrue(f.org.applySync(f.org.planSync(), ApplyOptions.defaults()).isComplete());

            SyncPlan add = f.org.planAddMembers(List.of("dora@acme.test"));
            assertEquals(Set.of(dora), ids(add.additions()));
            assertTrue(add.unchanged().isEmpty() || add.unchanged().stream().noneMatch(k -> k.directoryObjectId()
                    .equals(ann)));
            f.fake.advanceTime(LAG.plusSeconds(1));
            SyncResult r = f.org.applySync(add, ApplyOptions.defaults());
            assertTrue(r.isComplete(), r.toString());
            assertEquals(Set.of(ann, dora), Set.copyOf(f.members()));

            SyncPlan remove = f.org.planRemoveMembers(List.of("dora@acme.test"));
            assertEquals(Set.of(dora), ids(remove.removals()), "its own add is seen before reads show it");
            assertTrue(f.org.applySync(remove, ApplyOptions.defaults()).isComplete());
            assertEquals(List.of(ann), f.members());
        }
    }

    @Test
    void ownWritesOverrideLaggingReadsOnlyForTheirWindow() {
        try (SyncFixture f = new SyncFixture()) {
            f.fake.hostility(Hostility.builder().readLag(LAG).build());
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            assertTrue(f.org.applySync(f.org.planSync(), ApplyOptions.defaults()).isComplete());
            // someone else undoes the library's write; Graph writes are lagged, the test's directory writes are not
            f.fake.directory().removeMember(f.groupId, ann);
            assertFalse(f.org.planSync().hasChanges(), "within the window the own write still counts");
            f.fake.advanceTime(Duration.ofMinutes(15).plusSeconds(1));
            assertEquals(Set.of(ann), ids(f.org.planSync().additions()), "after it, the read is the truth");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1.0, 410", "0.0, 400"})
    void anExpiredDeltaLinkAnsweredGoneOrSyncStateNotFoundLeadsToAFullRead(double gone, int status) {
        try (SyncFixture f = new SyncFixture()) {
            f.fake.hostility(Hostility.builder().deltaLinkLifetime(Duration.ofMinutes(10)).expiredDeltaAsGone(gone)
                    .build());
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            f.org.planSync();
            f.org.planSync();
            f.fake.advanceTime(Duration.ofMinutes(20));
            f.fake.directory().addMembers(f.groupId, ann);
            f.fake.journal().clear();
            SyncPlan expired = f.org.planSync();
            assertFalse(expired.hasChanges(), expired.render());
            assertEquals(1, f.fake.journal().calls(c -> c.path().startsWith("/v1.0/groups/delta")
                    && c.status() == status).size());
            assertTrue(memberReads(f) >= 2, "the group was read in full");
            f.fake.journal().clear();
            assertFalse(f.org.planSync().hasChanges());
            assertEquals(0, memberReads(f), "and delta tracking started over");
        }
    }

    @Test
    void deltaCheckedStateIsReadInFullAgainAfterAnHour() {
        try (SyncFixture f = new SyncFixture()) {
            f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            f.org.planSync();
            f.org.planSync();
            f.fake.journal().clear();
            for (int i = 0; i < 5; i++) {
                f.fake.advanceTime(Duration.ofMinutes(10));
                f.org.planSync();
            }
            assertEquals(0, memberReads(f), "within the hour delta vouches for the state");
            f.fake.advanceTime(Duration.ofMinutes(11));
            f.fake.journal().clear();
            f.org.planSync();
            assertTrue(memberReads(f) >= 2, "an hour after the full read, it is read in full again");
            assertEquals(1, deltaCalls(f), "with a new delta link taken just before, and the old one not followed");
        }
    }
}
