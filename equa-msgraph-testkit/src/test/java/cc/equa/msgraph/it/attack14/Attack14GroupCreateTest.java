package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 14 item 5 on group creation: a new group may stay invisible for up to 15 minutes. */
class Attack14GroupCreateTest {

    private static final String[] ROLES = {"Group.Create", "GroupMember.ReadWrite.All", "Group.Read.All",
        "User.Read.All"};

    private static List<FakeGroup> named(A14 f, String name) {
        return f.fake.directory().groups().stream().filter(g -> g.displayName().equals(name)).toList();
    }

    /** Calls createGroup every few minutes until it links, as an impatient admin would; returns the link. */
    private static LinkedGroup keepTrying(A14 f, OrganizationIntegration org, NewGroup g, int minutesApart,
            int attempts, List<MsGraphException> errors) {
        for (int i = 0; i < attempts; i++) {
            try {
                return org.createGroup(g);
            } catch (MsGraphException e) {
                f.assertGoodError(e);
                assertNotEquals(ErrorKind.CONFLICT, e.kind(), "its own replicating group is no conflict: "
                        + e.getMessage());
                errors.add(e);
                f.fake.advanceTime(Duration.ofMinutes(minutesApart));
            }
        }
        return null;
    }

    @Test
    void aLostCreateInvisibleForFifteenMinutesNeverYieldsASecondGroup() {
        try (A14 f = new A14(Hostility.builder().newGroupInvisibleUpTo(Duration.ofMinutes(15)).seed(11).build(),
                ROLES)) {
            f.org.unlinkGroup();
            f.fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().build());
            List<MsGraphException> errors = new ArrayList<>();
            LinkedGroup linked = keepTrying(f, f.org, NewGroup.named("Cap Table"), 3, 10, errors);
            assertEquals(1, named(f, "Cap Table").size(), "groups named Cap Table: " + named(f, "Cap Table"));
            assertTrue(linked != null, "never linked: " + errors);
            assertEquals(named(f, "Cap Table").get(0).id(), linked.group().id());
        }
    }

    @Test
    void anExplicitNicknameOfItsOwnInvisibleGroupIsNoConflict() {
        try (A14 f = new A14(Hostility.builder().newGroupInvisibleUpTo(Duration.ofMinutes(15)).seed(5).build(),
                ROLES)) {
            f.org.unlinkGroup();
            f.fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().build());
            List<MsGraphException> errors = new ArrayList<>();
            LinkedGroup linked = keepTrying(f, f.org, NewGroup.named("Cap Table").mailNickname("acme-cap"), 4, 8,
                    errors);
            assertEquals(1, named(f, "Cap Table").size());
            assertTrue(linked != null, "never linked: " + errors);
            assertEquals("acme-cap", named(f, "Cap Table").get(0).mailNickname());
        }
    }

    @Test
    void aSecondNodeCreatingTheSameGroupWhileTheFirstIsInvisiblePostsNothing() {
        try (A14 f = new A14(Hostility.builder().newGroupInvisibleUpTo(Duration.ofMinutes(15)).seed(2).build(),
                ROLES)) {
            f.org.unlinkGroup();
            List<MsGraphException> errors = new ArrayList<>();
            try {
                f.org.createGroup(NewGroup.named("Cap Table"));
            } catch (MsGraphException e) {
                f.assertGoodError(e);
                errors.add(e);
            }
            int posts = f.fake.journal().count("POST", "/groups");
            try (MicrosoftIntegration other = f.integration()) {
                LinkedGroup linked = keepTrying(f, other.organization(A14.ORG), NewGroup.named("Cap Table"), 3, 8,
                        errors);
                assertTrue(linked != null, "never linked: " + errors);
                assertEquals(named(f, "Cap Table").get(0).id(), linked.group().id());
            }
            assertEquals(1, named(f, "Cap Table").size());
            assertEquals(posts, f.fake.journal().count("POST", "/groups"), "the second node posted again");
        }
    }

    @Test
    void underTheRealisticProfileACreatedGroupIsFilledRightAway() {
        for (long seed = 1; seed <= 4; seed++) {
            try (A14 f = new A14(Hostility.realistic(seed), ROLES)) {
                f.org.unlinkGroup();
                f.users("p", 25);
                f.team.set(A14.ORG, A14.teamOf("p", 25));
                LinkedGroup g = f.org.createGroup(NewGroup.named("Cap Table " + seed));
                Optional<String> id = Optional.of(g.group().id());
                SyncResult r = f.org.applySync(f.org.planSync());
                assertTrue(r.isComplete(), "seed " + seed + ": " + r.render());
                assertEquals(25, f.fake.directory().memberIds(id.get()).size());
                assertEquals(List.of(), f.fake.violations());
                assertTrue(f.org.planSync().changes().isEmpty(), "seed " + seed);
            }
        }
    }
}
