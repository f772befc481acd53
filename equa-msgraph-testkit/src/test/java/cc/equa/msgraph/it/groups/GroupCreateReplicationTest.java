package cc.equa.msgraph.it.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.ReplicationDelay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 5: a new group may stay invisible to reads for minutes (up to 15 per a field report). Creation never
 * moves on to another nickname, and never posts again, while its own group may still be replicating.
 */
class GroupCreateReplicationTest {

    private static List<FakeGroup> named(GroupsFixture fx, String name) {
        return fx.directory().groups().stream().filter(g -> g.displayName().equals(name)).toList();
    }

    @Test
    void aLostCreateWhoseGroupStaysInvisibleNeverMovesOnToAnotherNickname() {
        try (GroupsFixture fx = new GroupsFixture()) {
            fx.fake.replicationDelay(ReplicationDelay.duration(Duration.ofMinutes(5)));
            fx.fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().build());
            Instant before = fx.fake.clock().instant();
            NotFoundException e = assertThrows(NotFoundException.class,
                    () -> fx.org.createGroup(NewGroup.named("Acme Board")));
            Duration waited = Duration.between(before, fx.fake.clock().instant());
            assertTrue(waited.compareTo(Duration.ofSeconds(100)) >= 0 && waited.compareTo(Duration.ofMinutes(3)) <= 0,
                    "looked for its group for about two minutes, waited " + waited);
            assertTrue(e.remediation().contains("again"), e.remediation());
            assertEquals(1, named(fx, "Acme Board").size(), "no second group (no 'acme-board-2')");
            assertEquals(2, fx.fake.journal().count("POST", "/groups"), "the lost create and its repost only");
            assertTrue(fx.settings().stateValue("groups.pendingCreate").isPresent(), "the marker stays");

            fx.fake.advanceTime(Duration.ofMinutes(5));
            LinkedGroup linked = fx.org.createGroup(NewGroup.named("Acme Board"));
            assertEquals(named(fx, "Acme Board").get(0).id(), linked.group().id());
            assertEquals(1, named(fx, "Acme Board").size());
            assertEquals(2, fx.fake.journal().count("POST", "/groups"), "the retry posted nothing");
            assertTrue(fx.settings().stateValue("groups.pendingCreate").isEmpty());
        }
    }

    @Test
    void aRetryWhileTheLostGroupIsStillInvisibleLooksForItBeforePostingAgain() {
        try (GroupsFixture fx = new GroupsFixture()) {
            fx.fake.hostility(Hostility.builder().newGroupInvisibleUpTo(Duration.ofSeconds(90)).build());
            fx.fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().times(FaultRule.ALWAYS)
                    .build());
            assertThrows(RuntimeException.class, () -> fx.org.createGroup(NewGroup.named("Acme Board")));
            int posts = fx.fake.journal().count("POST", "/groups");
            fx.fake.faults().clear();
            LinkedGroup linked = fx.org.createGroup(NewGroup.named("Acme Board"));
            assertEquals(1, named(fx, "Acme Board").size());
            assertEquals(named(fx, "Acme Board").get(0).id(), linked.group().id());
            assertEquals(posts, fx.fake.journal().count("POST", "/groups"), "the retry posted nothing");
        }
    }

    @Test
    void aCreatedGroupInvisibleForTwoMinutesIsLinkedByTheNextAttemptByItsId() {
        try (GroupsFixture fx = new GroupsFixture()) {
            fx.fake.replicationDelay(ReplicationDelay.duration(Duration.ofMinutes(4)));
            assertThrows(NotFoundException.class, () -> fx.org.createGroup(NewGroup.named("Acme Board")));
            String marker = fx.settings().stateValue("groups.pendingCreate").orElseThrow();
            String id = named(fx, "Acme Board").get(0).id();
            assertTrue(marker.endsWith(id), "the marker holds the new group's id");
            fx.fake.journal().clear();
            fx.fake.advanceTime(Duration.ofMinutes(2).plus(fx.fake.hostility().newGroupInvisibleUpTo()));
            LinkedGroup linked = fx.org.createGroup(NewGroup.named("Acme Board"));
            assertEquals(id, linked.group().id());
            assertEquals(0, fx.fake.journal().count("POST", "/groups"));
            assertEquals(0, fx.fake.journal().count("GET", "/groups"), "read by id, not looked up by nickname");
        }
    }
}
