package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** attackgm, part A: settings objects without the value, and a tenant that turns guests off after planning. */
class GuestSettingsEdgeAttackTest {

    @Test
    void aTenantSettingWithoutAllowToAddGuestsMeansTheDefaultAndTheGuestIsPlanned() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            List<String> ids = GuestFlaggingAttackTest.nineteenAndAGuest(f);
            String guest = GuestFlaggingAttackTest.guest(f);
            f.fake.faults().add(FaultRule.on("GET", "/groupSettings").status(200).body("application/json",
                    GuestFlaggingAttackTest.list(GuestFlaggingAttackTest.settingsBody("Group.Unified",
                            GuestFlaggingAttackTest.TENANT_TEMPLATE, "\"EnableGroupCreation\"", "\"false\"")))
                    .times(FaultRule.ALWAYS).build());

            SyncPlan plan = f.org.planSync();

            assertTrue(GuestFlaggingAttackTest.planned(plan, guest), plan.render());
            assertTrue(GuestFlaggingAttackTest.guestSkips(plan).isEmpty(), plan.render());
            SyncResult result = f.org.applySync(plan);
            assertTrue(result.isComplete(), result.render());
            assertTrue(f.members().containsAll(ids) && f.members().contains(guest));
        }
    }

    @Test
    void aTenantThatTurnsGuestsOffAfterPlanningFailsOnlyTheGuest() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            List<String> ids = GuestFlaggingAttackTest.nineteenAndAGuest(f);
            String guest = GuestFlaggingAttackTest.guest(f);
            SyncPlan plan = f.org.planSync();
            assertTrue(GuestFlaggingAttackTest.planned(plan, guest), plan.render());

            f.fake.hostility(Hostility.builder().guestsAllowed(false).build());
            SyncResult result = f.org.applySync(plan);

            assertEquals(19, result.applied(), result.render());
            assertEquals(1, result.failed(), result.render());
            assertEquals(guest, result.failures().get(0).change().directoryObjectId());
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
            SyncPlan again = f.org.planSync();
            assertEquals(1, GuestFlaggingAttackTest.guestSkips(again).size(), "the next plan flags it: "
                    + again.render());
        }
    }
}
