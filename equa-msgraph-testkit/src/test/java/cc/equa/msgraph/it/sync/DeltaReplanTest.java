package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.KeptMember;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Re-plans reuse the group state the last plan read while a Graph group delta round says nothing changed. */
class DeltaReplanTest {

    static int memberReads(SyncFixture f) {
        return f.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.GRAPH
                && c.path().matches("/v1.0/groups/[^/]+/(members|owners).*")).size();
    }

    static int deltaCalls(SyncFixture f) {
        return f.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.GRAPH
                && c.path().startsWith("/v1.0/groups/delta")).size();
    }

    static Set<String> ids(List<PlannedChange> changes) {
        return changes.stream().map(PlannedChange::directoryObjectId).collect(Collectors.toSet());
    }

    @Test
    void anUnchangedGroupIsNotReadAgainButEveryChangeIsSeen() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String bob = f.user("bob@acme.test");
            String old = f.user("old@acme.test");
            String boss = f.user("boss@acme.test");
            f.fake.directory().addMembers(f.groupId, old, boss);
            f.fake.directory().addOwners(f.groupId, boss);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test"),
                    TeamMember.individual("t2", "Bob", "bob@acme.test")));

            SyncPlan first = f.org.planSync();
            assertTrue(memberReads(f) >= 2, "the first plan reads members and owners");
            // since issue 17 every team-sync plan starts a delta round just before its read: its apply checks
            // staleness with it (one round instead of every member page), and so can the next plan
            assertEquals(1, deltaCalls(f), "and starts a delta round from now");
            assertEquals(Set.of(ann, bob), ids(first.additions()));
            assertEquals(Set.of(old), ids(first.removals()));
            f.fake.journal().clear();

            SyncPlan second = f.org.planSync();
            assertEquals(0, memberReads(f), "an unchanged group is not read again");
            assertEquals(1, deltaCalls(f));
            assertEquals(first.additions(), second.additions());
            assertEquals(first.removals(), second.removals());
            assertEquals(first.protectedMembers(), second.protectedMembers());
            assertEquals(first.fingerprint(), second.fingerprint());

            // a change made outside the library: the next plan reads the group again and sees it
            f.fake.directory().addMembers(f.groupId, ann);
            f.fake.journal().clear();
            SyncPlan third = f.org.planSync();
            assertTrue(memberReads(f) >= 2);
            assertEquals(Set.of(bob), ids(third.additions()));
            assertTrue(third.unchanged().stream().map(KeptMember::directoryObjectId).anyMatch(ann::equals));

            // an owner change counts too: the new owner is protected from removal at once
            f.fake.directory().addOwners(f.groupId, old);
            SyncPlan fourth = f.org.planSync();
            assertEquals(Set.of(), ids(fourth.removals()));
            assertTrue(fourth.protectedMembers().stream().map(KeptMember::directoryObjectId).anyMatch(old::equals));

            // a team change needs no group change to show
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            f.fake.journal().clear();
            SyncPlan fifth = f.org.planSync();
            assertEquals(0, memberReads(f));
            assertEquals(Set.of(), ids(fifth.additions()));
        }
    }

    @Test
    void anApplyAndAnExpiredLinkBothLeadToAFullRead() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertTrue(f.org.applySync(plan, ApplyOptions.defaults()).isComplete());
            f.fake.journal().clear();

            SyncPlan after = f.org.planSync();
            assertTrue(memberReads(f) >= 2, "a plan after an apply reads the group afresh");
            assertFalse(after.hasChanges(), after.render());
            assertEquals(List.of(ann), f.members());

            f.fake.advanceTime(Duration.ofDays(8));
            f.fake.directory().removeMember(f.groupId, ann);
            f.fake.journal().clear();
            SyncPlan expired = f.org.planSync();
            assertTrue(memberReads(f) >= 2, "an expired delta link means a full read, not a failed plan");
            assertEquals(Set.of(ann), ids(expired.additions()));
            // state read more than an hour ago is read in full without asking its (here expired) link; expired links
            // answered 400 or 410 are in ReadLagAndDeltaTest
            assertTrue(f.fake.journal().calls(c -> c.path().startsWith("/v1.0/groups/delta")
                    && c.status() >= 400).isEmpty());
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void aTenantThatRefusesDeltaCostsOneFailedRequestAnHourAndPlansStillWork() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            f.fake.faults().add(FaultRule.on("GET", "/groups/delta").status(400).code("Request_UnsupportedQuery")
                    .message("Unsupported query.").times(FaultRule.ALWAYS).build());

            SyncPlan first = f.org.planSync();
            assertEquals(Set.of(ann), ids(first.additions()));
            assertEquals(1, deltaCalls(f), "the first plan tries delta once");
            f.fake.journal().clear();

            SyncPlan second = f.org.planSync();
            assertEquals(Set.of(ann), ids(second.additions()));
            assertEquals(0, deltaCalls(f), "delta is not tried again within the hour");
            assertTrue(memberReads(f) >= 2);

            f.fake.advanceTime(Duration.ofMinutes(61));
            f.fake.journal().clear();
            SyncPlan later = f.org.planSync();
            assertEquals(Set.of(ann), ids(later.additions()));
            assertEquals(1, deltaCalls(f), "and tried again after it");
        }
    }
}
