package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.testkit.Hostility;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** attackgm, part A: forged plans that move a skipped guest into the additions, with or without its MAC. */
class ForgedGuestPlanAttackTest {

    @Test
    void aSkippedGuestMovedIntoTheAdditionsIsRefusedBeforeAnyRequestWhateverIsDoneToTheMac() {
        try (GmFixture f = new GmFixture(Hostility.builder().guestsAllowed(false).build(), GmFixture.WITH_SETTINGS)) {
            GuestFlaggingAttackTest.nineteenAndAGuest(f);
            String guest = GuestFlaggingAttackTest.guest(f);
            String json = f.org.planSync().toJson();
            for (String macMode : List.of("keep", "drop", "blank")) {
                JsonObject o = JsonParser.parseString(json).getAsJsonObject();
                JsonArray skipped = o.getAsJsonArray("skipped");
                JsonObject g = null;
                for (int i = 0; i < skipped.size(); i++) {
                    if ("GUEST_NOT_ALLOWED".equals(skipped.get(i).getAsJsonObject().get("reason").getAsString())) {
                        g = skipped.get(i).getAsJsonObject();
                    }
                }
                skipped.remove(g);
                JsonObject add = new JsonObject();
                add.addProperty("id", guest);
                add.addProperty("label", GuestFlaggingAttackTest.GUEST_MAIL);
                add.addProperty("teamMemberId", "g");
                o.getAsJsonArray("additions").add(add);
                if (macMode.equals("drop")) {
                    o.remove("mac");
                } else if (macMode.equals("blank")) {
                    o.addProperty("mac", "");
                }
                String forged = o.toString();
                f.fake.journal().clear();
                assertThrows(InvalidInputException.class, () -> f.org.applySync(SyncPlan.fromJson(forged)), macMode);
                assertEquals(List.of(), f.fake.journal().calls(), macMode + ": nothing sent");
            }
            assertEquals(List.of(), f.members());
        }
    }
}
