package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * attackgm, part A, a break (likely the same root cause as GuestTenantOverridesGroupBreakTest): a group's
 * Group.Unified.Guest object that holds no AllowToAddGuests value stops planning from reading the tenant's refusal.
 */
class GuestGroupObjectWithoutValueBreakTest {

    @Test
    void aGroupSettingsObjectWithoutTheValueDefersToATenantThatRefusesGuests() {
        // the group has a Group.Unified.Guest object (e.g. created for another reason) holding no AllowToAddGuests
        try (GmFixture f = new GmFixture(Hostility.builder().guestsAllowed(false).build(), GmFixture.WITH_SETTINGS)) {
            List<String> ids = GuestFlaggingAttackTest.nineteenAndAGuest(f);
            GuestFlaggingAttackTest.guest(f);
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/settings").status(200).body("application/json",
                    GuestFlaggingAttackTest.list(GuestFlaggingAttackTest.settingsBody("Group.Unified.Guest",
                            GuestFlaggingAttackTest.GROUP_GUEST_TEMPLATE)))
                    .times(FaultRule.ALWAYS).build());

            SyncPlan plan = f.org.planSync();
            SyncResult result = f.org.applySync(plan);

            assertTrue(f.members().containsAll(ids), result.render());
            assertEquals(1, GuestFlaggingAttackTest.guestSkips(plan).size(), plan.render() + "\n" + result.render());
        }
    }
}
