package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** attackgm: a listener that throws while a wait is announced must not shorten the wait (no early retry). */
class ThrowingListenerWaitAttackTest {

    @Test
    void aListenerThrowingInWaitStartedDoesNotSkipTheRetryAfterWait() {
        GraphRequestListener hostile = new GraphRequestListener() {
            @Override
            public void requestCompleted(GraphRequestEvent event) {
            }

            @Override
            public void waitStarted(GraphWait wait) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void waitEnded(GraphWait wait) {
                throw new IllegalStateException("boom");
            }
        };
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, hostile, null, GmFixture.LEAST)) {
            f.users(4);
            f.team.set(GmFixture.ORG, GmFixture.teamOf(4));
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").status(429)
                    .retryAfter(Duration.ofSeconds(7)).times(2).build());
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(4, plan.additions().size(), plan.render());
            List<RecordedCall> reads = f.fake.journal().calls("GET", "/groups/*/members");
            assertEquals(List.of(429, 429, 200), reads.stream().map(RecordedCall::status).toList());
            for (int i = 1; i < reads.size(); i++) {
                Duration gap = Duration.between(reads.get(i - 1).time(), reads.get(i).time());
                assertTrue(gap.compareTo(Duration.ofSeconds(7)) >= 0, "retry " + i + " after " + gap);
            }
        }
    }

    @Test
    void aGuestAlreadyInTheGroupOnTheAddMembersPathReadsNoSetting() {
        try (GmFixture f = new GmFixture(Hostility.builder().guestsAllowed(false).build(), GmFixture.WITH_SETTINGS)) {
            String guest = f.user(FakeUser.builder().mail(GuestFlaggingAttackTest.GUEST_MAIL)
                    .userPrincipalName("gwen_partner.test#EXT#@acme.onmicrosoft.com").guest());
            f.fake.directory().addMembers(f.groupId, guest);
            f.user("ann@acme.test");
            f.fake.journal().clear();

            SyncPlan plan = f.org.planAddMembers(List.of(GuestFlaggingAttackTest.GUEST_MAIL, "ann@acme.test"));

            assertEquals(1, plan.additions().size(), plan.render());
            assertTrue(GuestFlaggingAttackTest.guestSkips(plan).isEmpty(), plan.render());
            assertEquals(0, f.settingsReads());
        }
    }
}
