package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.MemberKind;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** attackgm, part A, a break: a group setting true hides a tenant refusal from the plan. */
class GuestTenantOverridesGroupBreakTest {

    private static final Hostility NO_GUESTS = Hostility.builder().guestsAllowed(false).build();

    @Test
    void aGroupSettingThatAllowsGuestsDoesNotOverrideATenantThatRefusesThem() {
        // the fake (and its parity table) say a group's true cannot allow what the tenant forbids
        try (GmFixture f = new GmFixture(NO_GUESTS, GmFixture.WITH_SETTINGS)) {
            List<String> ids = GuestFlaggingAttackTest.nineteenAndAGuest(f);
            String guest = GuestFlaggingAttackTest.guest(f);
            f.fake.directory().guestsAllowed(f.groupId, true);

            SyncPlan plan = f.org.planSync();
            SyncResult result = f.org.applySync(plan);

            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()), result.render());
            assertFalse(f.members().contains(guest));
            // issue 14: the plan flags a guest the group OR the tenant refuses, up front
            assertEquals(1, GuestFlaggingAttackTest.guestSkips(plan).size(), "tenant refuses guests, group says true: " + plan.render()
                    + "\n" + result.render());
            assertEquals(0, result.failed(), result.render());
        }
    }

}
