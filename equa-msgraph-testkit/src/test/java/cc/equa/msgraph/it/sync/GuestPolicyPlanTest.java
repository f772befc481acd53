package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 1, the planning side: where the app may read the Microsoft 365 group settings, a guest the group (or
 * the tenant) does not accept is shown in the plan up front, as skipped with its own reason, instead of failing at
 * apply; where it may not, the guest is planned as before and the apply reports it alone. Through the real SDK
 * against the fake's guest policy and its {@code GET /groups/{id}/settings} and {@code GET /groupSettings}.
 */
class GuestPolicyPlanTest {

    /** Least privilege for a sync (issue 16), which reads no settings object beyond a group's own. */
    private static final String[] LEAST = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};
    /** Least privilege plus the tenant-wide setting (GroupSettings.Read.All reads both). */
    private static final String[] WITH_SETTINGS = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All",
        "GroupSettings.Read.All"};
    /** Neither the group's nor the tenant's setting is readable. */
    private static final String[] NO_SETTINGS = {"GroupMember.ReadWrite.All", "User.Read.All"};

    private static final String GUEST_MAIL = "gwen@partner.test";

    /** Nineteen members and one guest (the sixth) on the team; returns the members' ids. */
    private static List<String> nineteenAndAGuest(SyncFixture f) {
        List<String> ids = SyncScenariosTest.usersFor(f, 19);
        List<TeamMember> team = new ArrayList<>(SyncScenariosTest.teamOf(19));
        team.add(5, TeamMember.individual("g", "Gwen Guest", GUEST_MAIL));
        f.team.set(SyncFixture.ORG, team);
        return ids;
    }

    private static String guest(SyncFixture f) {
        return f.user(FakeUser.builder().displayName("Gwen Guest").mail(GUEST_MAIL)
                .userPrincipalName("gwen_partner.test#EXT#@acme.onmicrosoft.com").guest());
    }

    private static SkippedMember onlyGuestSkip(SyncPlan plan) {
        List<SkippedMember> guests = plan.skipped().stream()
                .filter(s -> s.reason() == SkipReason.GUEST_NOT_ALLOWED).toList();
        assertEquals(1, guests.size(), plan.render());
        return guests.get(0);
    }

    private static int settingsReads(SyncFixture f) {
        return f.fake.journal().count("GET", "/groupSettings") + f.fake.journal().count("GET", "/groups/*/settings");
    }

    @Test
    void aTenantThatRefusesGuestsShowsTheGuestAsSkippedUpFrontAndTheOthersAreAdded() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false).build(), WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            String guest = guest(f);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(19, plan.additions().size(), plan.render());
            assertTrue(plan.additions().stream().noneMatch(a -> a.directoryObjectId().equals(guest)),
                    plan.render());
            SkippedMember skipped = onlyGuestSkip(plan);
            assertEquals("g", skipped.teamMemberId());
            assertEquals("Gwen Guest", skipped.displayName());
            assertEquals(GUEST_MAIL, skipped.emailIfAny().orElseThrow());
            assertEquals(List.of(guest), skipped.candidateIds());
            String text = plan.render();
            assertTrue(text.contains("guest") && text.contains("does not allow guests"), text);
            assertEquals(1, f.fake.journal().count("GET", "/groups/*/settings"), "the group's setting first");
            assertEquals(1, f.fake.journal().count("GET", "/groupSettings"), "then the tenant's");

            SyncResult result = f.org.applySync(plan);

            assertTrue(result.isComplete(), result.render());
            assertEquals(19, result.applied(), result.render());
            assertEquals(0, result.failed(), result.render());
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
            assertTrue(f.fake.journal().writes().stream().allMatch(c -> c.status() < 300),
                    "no write was refused: the guest was never sent");
        }
    }

    @Test
    void aGroupSettingThatRefusesGuestsSkipsARequestedGuestWithoutReadingTheTenantSetting() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().build(), LEAST)) {
            String ann = f.user("ann@acme.test");
            String guest = guest(f);
            f.fake.directory().guestsAllowed(f.groupId, false);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planAddMembers(List.of("ann@acme.test", " " + GUEST_MAIL + " "));

            assertEquals(List.of(ann), plan.additions().stream().map(a -> a.directoryObjectId()).toList(),
                    plan.render());
            SkippedMember skipped = onlyGuestSkip(plan);
            assertEquals(GUEST_MAIL, skipped.requestedIfAny().orElseThrow());
            assertEquals(List.of(guest), skipped.candidateIds());
            assertTrue(plan.render().contains("the group does not allow guests"), plan.render());
            assertEquals(1, f.fake.journal().count("GET", "/groups/*/settings"));
            assertEquals(0, f.fake.journal().count("GET", "/groupSettings"),
                    "the group's own refusal settles it; the tenant's setting is not read");

            SyncResult result = f.org.applySync(plan);

            assertTrue(result.isComplete(), result.render());
            assertEquals(List.of(ann), f.members());
        }
    }

    @Test
    void unreadableSettingsPlanTheGuestAndTheApplyReportsItAloneWhileNineteenOthersAreAdded() {
        // neither setting readable, or the group's readable (none set) but not the tenant's: guests stay "unknown"
        for (String[] roles : List.of(NO_SETTINGS, LEAST)) {
            try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false).build(), roles)) {
                List<String> ids = nineteenAndAGuest(f);
                String guest = guest(f);
                f.fake.journal().clear();

                SyncPlan plan = f.org.planSync();

                String who = String.join(",", roles);
                assertEquals(20, plan.additions().size(), who + ": " + plan.render());
                assertTrue(plan.skipped().isEmpty(), who + ": " + plan.render());
                List<RecordedCall> reads = f.fake.journal().calls(c -> c.path().endsWith("/settings")
                        || c.path().endsWith("/groupSettings"));
                assertEquals(403, reads.get(reads.size() - 1).status(), who + ": the last settings read was refused");

                SyncResult result = f.org.applySync(plan);

                assertEquals(19, result.applied(), who + ": " + result.render());
                assertEquals(1, result.failed(), who + ": " + result.render());
                ChangeResult failed = result.failures().get(0);
                assertEquals(guest, failed.change().directoryObjectId());
                String reason = String.valueOf(failed.reason());
                assertTrue(reason.contains("does not allow guests"), reason);
                assertFalse(reason.contains("grant GroupMember.ReadWrite.All"), reason);
                assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
            }
        }
    }

    @Test
    void aPlanWithoutGuestsReadsNoSettingAtAll() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false).build(), WITH_SETTINGS)) {
            SyncScenariosTest.usersFor(f, 25);
            String guest = guest(f);
            f.fake.directory().addMembers(f.groupId, guest); // a guest already in the group is no addition
            List<TeamMember> team = new ArrayList<>(SyncScenariosTest.teamOf(25));
            team.add(TeamMember.individual("g", "Gwen Guest", GUEST_MAIL));
            f.team.set(SyncFixture.ORG, team);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(25, plan.additions().size(), plan.render());
            assertEquals(0, settingsReads(f), "no guest to add, so no setting is read");
            assertEquals(0, f.fake.journal().count("GET", "/groups/" + f.groupId),
                    "nor the group's type");
        }
    }

    @Test
    void aSecurityGroupTakesGuestsWhateverTheMicrosoft365SettingsSay() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false).build(), WITH_SETTINGS)) {
            String security = f.fake.directory().addGroup(FakeGroup.builder("Acme Security").security()
                    .build()).id();
            IntegrationSettings s = f.settings.load(SyncFixture.ORG).orElseThrow();
            f.settings.save(SyncFixture.ORG, s.withLinkedGroupId(security));
            String guest = guest(f);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("g", "Gwen Guest", GUEST_MAIL)));
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(List.of(guest), plan.additions().stream().map(a -> a.directoryObjectId()).toList(),
                    plan.render());
            assertEquals(0, settingsReads(f), "Microsoft 365 group settings do not apply to a security group");
            assertTrue(f.org.applySync(plan).isComplete());
            assertEquals(List.of(guest), f.fake.directory().memberIds(security));
        }
    }

    @Test
    void theNewReasonSurvivesThePlanJsonAndAnEditedReasonIsRefused() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false).build(), WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            guest(f);
            SyncPlan plan = f.org.planSync();
            String json = plan.toJson();

            SyncPlan back = SyncPlan.fromJson(json);

            assertEquals(plan, back);
            assertEquals(onlyGuestSkip(plan), onlyGuestSkip(back));
            assertEquals(json, back.toJson());
            assertThrows(InvalidInputException.class, () -> SyncPlan.fromJson(ForgedPlanTest.edit(json,
                    o -> guestEntry(o).addProperty("reason", "GUEST_NOT_ALLOWED_ANYWAY"))));
            SyncResult result = f.org.applySync(back);
            assertEquals(19, result.applied(), result.render());
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
        }
    }

    @Test
    void aPlanEditedToAddTheSkippedGuestIsRefusedBeforeAnyWrite() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false).build(), WITH_SETTINGS)) {
            nineteenAndAGuest(f);
            String guest = guest(f);
            String json = f.org.planSync().toJson();

            String readded = ForgedPlanTest.edit(json, o -> {
                JsonObject entry = guestEntry(o);
                o.getAsJsonArray("skipped").remove(entry);
                o.getAsJsonArray("additions").add(ForgedPlanTest.entry(guest, GUEST_MAIL, "g"));
            });

            ForgedPlanTest.assertRefused(f, readded, ApplyOptions.defaults());
            assertEquals(List.of(), f.members());
        }
    }

    @Test
    void aGuestPlannedWhileAllowedAndRefusedByApplyTimeFailsAloneWithItsOwnReason() {
        try (SyncFixture f = new SyncFixture(Hostility.builder().build(), WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            String guest = guest(f);
            SyncPlan plan = f.org.planSync();
            assertEquals(20, plan.additions().size(), plan.render());
            // an administrator turns guests off for the group between review and apply
            f.fake.directory().guestsAllowed(f.groupId, false);

            SyncResult result = f.org.applySync(plan);

            assertEquals(19, result.applied(), result.render());
            assertEquals(1, result.failed(), result.render());
            assertEquals(guest, result.failures().get(0).change().directoryObjectId());
            assertTrue(String.valueOf(result.failures().get(0).reason()).contains("does not allow guests"));
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
        }
    }

    @Test
    void aFailedOrUnreadableSettingNeverFailsThePlanAndLeavesTheGuestPlanned() {
        String nonsense = "{\"value\":[{\"id\":\"s1\",\"displayName\":\"Group.Unified\",\"templateId\":"
                + "\"62375ab9-6b52-47ed-826b-58e47e0e304b\",\"values\":[{\"name\":\"AllowToAddGuests\","
                + "\"value\":\"no\\u202Eway\"}]}]}";
        List<FaultRule> faults = List.of(
                FaultRule.on("GET", "/groupSettings").status(200).body("application/json", nonsense).build(),
                FaultRule.on("GET", "/groups/*/settings").status(500).times(1000).build(),
                FaultRule.on("GET", "/groupSettings").status(429).retryAfter(java.time.Duration.ofSeconds(1))
                        .times(1000).build());
        for (FaultRule fault : faults) {
            try (SyncFixture f = new SyncFixture(Hostility.builder().guestsAllowed(false).build(), WITH_SETTINGS)) {
                nineteenAndAGuest(f);
                String guest = guest(f);
                f.fake.faults().add(fault);

                SyncPlan plan = f.org.planSync();

                assertEquals(20, plan.additions().size(), fault + ": " + plan.render());
                assertTrue(plan.additions().stream().anyMatch(a -> a.directoryObjectId().equals(guest)));
                assertTrue(plan.skipped().isEmpty(), fault + ": " + plan.render());
            }
        }
    }

    private static JsonObject guestEntry(JsonObject plan) {
        JsonArray skipped = plan.getAsJsonArray("skipped");
        for (int i = 0; i < skipped.size(); i++) {
            JsonObject e = skipped.get(i).getAsJsonObject();
            if ("GUEST_NOT_ALLOWED".equals(e.get("reason").getAsString())) {
                return e;
            }
        }
        throw new AssertionError("no guest entry in " + plan);
    }
}
