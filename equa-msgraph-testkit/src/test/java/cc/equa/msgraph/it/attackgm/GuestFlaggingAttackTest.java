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

/**
 * attackgm, part A: guest flagging (issue 14 item 1) attacked through the public API and the fake's public knobs.
 */
class GuestFlaggingAttackTest {

    static final String GUEST_MAIL = "gwen@partner.test";
    static final String GROUP_GUEST_TEMPLATE = "08d542b9-071f-4e16-94b0-74abb372e3d9";
    static final String TENANT_TEMPLATE = "62375ab9-6b52-47ed-826b-58e47e0e304b";

    private static final Hostility NO_GUESTS = Hostility.builder().guestsAllowed(false).build();

    static String guest(GmFixture f) {
        return f.user(FakeUser.builder().displayName("Gwen Guest").mail(GUEST_MAIL)
                .userPrincipalName("gwen_partner.test#EXT#@acme.onmicrosoft.com").guest());
    }

    /** 19 members + the guest (sixth) on the team. */
    static List<String> nineteenAndAGuest(GmFixture f) {
        List<String> ids = f.users(19);
        List<TeamMember> team = new ArrayList<>(GmFixture.teamOf(19));
        team.add(5, TeamMember.individual("g", "Gwen Guest", GUEST_MAIL));
        f.team.set(GmFixture.ORG, team);
        return ids;
    }

    static List<SkippedMember> guestSkips(SyncPlan plan) {
        return plan.skipped().stream().filter(s -> s.reason() == SkipReason.GUEST_NOT_ALLOWED).toList();
    }

    static boolean planned(SyncPlan plan, String id) {
        return plan.additions().stream().anyMatch(a -> a.directoryObjectId().equals(id));
    }

    static String settingsBody(String displayName, String templateId, String... nameValues) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            if (values.length() > 0) {
                values.append(',');
            }
            values.append("{\"name\":").append(nameValues[i]).append(",\"value\":").append(nameValues[i + 1])
                    .append('}');
        }
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"displayName\":\"" + displayName + "\",\"templateId\":\""
                + templateId + "\",\"values\":[" + values + "]}";
    }

    static String list(String... objects) {
        return "{\"value\":[" + String.join(",", objects) + "]}";
    }

    // ---- mixed-case userType ---------------------------------------------------------------------------------

    @Test
    void aGuestWhoseUserTypeIsSpelledInUpperCaseIsStillFlagged() {
        try (GmFixture f = new GmFixture(NO_GUESTS, GmFixture.WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            String guest = f.fake.directory().addUser(new FakeUser(UUID.randomUUID().toString(), "Gwen Guest",
                    Optional.of(GUEST_MAIL), "gwen_partner.test#EXT#@acme.onmicrosoft.com", List.of(), List.of(),
                    true, "GUEST")).id();

            SyncPlan plan = f.org.planSync();
            SyncResult result = f.org.applySync(plan);

            // whatever the plan said, nineteen members are added and the guest never breaks them
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()).stream()
                    .filter(id -> !id.equals(guest)).collect(java.util.stream.Collectors.toSet()), result.render());
            assertEquals(19, result.applied() - (f.members().contains(guest) ? 1 : 0), result.render());
            // userType is compared case-insensitively: "GUEST" is a guest the tenant refuses
            assertEquals(1, guestSkips(plan).size(), plan.render());
            assertFalse(planned(plan, guest), plan.render());
        }
    }

    // ---- state changes between plan and apply ------------------------------------------------------------------

    @Test
    void aMemberWhoBecomesAGuestBetweenPlanAndApplyFailsAloneWithTheGuestReason() {
        try (GmFixture f = new GmFixture(NO_GUESTS, GmFixture.WITH_SETTINGS)) {
            List<String> ids = f.users(19);
            String ann = f.user("ann@partner.test");
            List<TeamMember> team = new ArrayList<>(GmFixture.teamOf(19));
            team.add(3, TeamMember.individual("a", "Ann", "ann@partner.test"));
            f.team.set(GmFixture.ORG, team);

            SyncPlan plan = f.org.planSync();
            assertEquals(20, plan.additions().size(), plan.render());
            assertEquals(0, f.settingsReads(), "no guest, no settings read");

            // Ann's account is converted to a guest: rebuild the directory with the same ids
            List<FakeUser> users = f.fake.directory().users();
            FakeGroup group = f.fake.directory().group(f.groupId).orElseThrow();
            f.fake.directory().reset();
            f.fake.directory().addGroup(group);
            for (FakeUser u : users) {
                f.fake.directory().addUser(u.id().equals(ann) ? new FakeUser(u.id(), u.displayName(), u.mail(),
                        u.userPrincipalName(), u.otherMails(), u.proxyAddresses(), true, "Guest") : u);
            }

            SyncResult result = f.org.applySync(plan);

            assertEquals(19, result.applied(), result.render());
            assertEquals(1, result.failed(), result.render());
            ChangeResult failed = result.failures().get(0);
            assertEquals(ann, failed.change().directoryObjectId());
            String reason = String.valueOf(failed.reason());
            assertTrue(reason.contains("does not allow guests"), reason);
            assertFalse(reason.contains("grant GroupMember.ReadWrite.All"), reason);
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
        }
    }

    @Test
    void guestsAllowedAgainAfterPlanningStillAddsOnlyThePlannedAndTheNextPlanPicksTheGuestUp() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            String guest = guest(f);
            f.fake.directory().guestsAllowed(f.groupId, false);
            SyncPlan plan = f.org.planSync();
            assertEquals(1, guestSkips(plan).size(), plan.render());

            f.fake.directory().guestsAllowed(f.groupId, true);
            SyncResult result = f.org.applySync(plan);

            assertTrue(result.isComplete(), result.render());
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
            SyncPlan again = f.org.planSync();
            assertEquals(List.of(guest), again.additions().stream().map(PlannedChange::directoryObjectId).toList(),
                    again.render());
            assertTrue(guestSkips(again).isEmpty(), again.render());
        }
    }

    // ---- group setting vs tenant setting ------------------------------------------------------------------------

    @Test
    void aGroupThatRefusesGuestsInATenantThatAllowsThemFlagsTheGuest() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            String guest = guest(f);
            f.fake.directory().guestsAllowed(f.groupId, false);

            SyncPlan plan = f.org.planSync();

            assertEquals(List.of(guest), guestSkips(plan).get(0).candidateIds(), plan.render());
            SyncResult result = f.org.applySync(plan);
            assertEquals(0, result.failed(), result.render());
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
        }
    }

    // ---- hostile settings bodies --------------------------------------------------------------------------------

    private static SyncPlan planWithGroupSettings(GmFixture f, String path, String body) {
        f.fake.faults().add(FaultRule.on("GET", path).status(200).body("application/json", body)
                .times(FaultRule.ALWAYS).build());
        return f.org.planSync();
    }

    @Test
    void aSettingWrittenFalseInPowerShellCaseIsStillARefusal() {
        // AzureAD PowerShell writes and shows the values as "False"/"True"
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            nineteenAndAGuest(f);
            String guest = guest(f);
            f.fake.directory().guestsAllowed(f.groupId, false);
            SyncPlan plan = planWithGroupSettings(f, "/groups/*/settings", list(settingsBody("Group.Unified.Guest",
                    GROUP_GUEST_TEMPLATE, "\"AllowToAddGuests\"", "\"False\"")));

            assertFalse(planned(plan, guest), plan.render());
            assertEquals(1, guestSkips(plan).size(), plan.render());
        }
    }

    @Test
    void anUnrelatedSettingsObjectWithAnAllowToAddGuestsFalseDoesNotRefuseGuests() {
        // the tenant allows guests; /groupSettings answers only an unrelated template that happens to hold the name
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            String guest = guest(f);
            SyncPlan plan = planWithGroupSettings(f, "/groupSettings", list(settingsBody("Application",
                    "4bc7f740-180e-4586-adb6-38b2e9024e6b", "\"AllowToAddGuests\"", "\"false\"")));

            assertTrue(planned(plan, guest), plan.render());
            assertTrue(guestSkips(plan).isEmpty(), plan.render());
            assertTrue(f.org.applySync(plan).isComplete());
            assertTrue(f.members().containsAll(ids) && f.members().contains(guest));
        }
    }

    @Test
    void aGroupsSettingsListHoldingTheTenantTemplateIsNotTakenAsTheGroupsOwnRefusal() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            nineteenAndAGuest(f);
            String guest = guest(f);
            SyncPlan plan = planWithGroupSettings(f, "/groups/*/settings", list(settingsBody("Some.Other",
                    "00000000-0000-0000-0000-000000000000", "\"AllowToAddGuests\"", "\"false\"")));

            assertTrue(planned(plan, guest), plan.render());
            assertTrue(guestSkips(plan).isEmpty(), plan.render());
        }
    }

    @Test
    void garbageSettingsBodiesNeverFailThePlanAndNeverDropTheOthers() {
        List<String> bodies = List.of(
                "{\"value\":[{\"templateId\":\"" + GROUP_GUEST_TEMPLATE + "\",\"values\":{\"AllowToAddGuests\":false}}]}",
                "{\"value\":[{\"templateId\":\"" + GROUP_GUEST_TEMPLATE + "\",\"values\":[{\"name\":null,\"value\":null}]}]}",
                "{\"value\":[{\"templateId\":\"" + GROUP_GUEST_TEMPLATE + "\",\"values\":[{\"name\":\"AllowToAddGuests\",\"value\":false}]}]}",
                "{\"value\":[{\"templateId\":\"" + GROUP_GUEST_TEMPLATE + "\",\"values\":[{\"name\":\"AllowToAddGuests\",\"value\":{\"x\":1}}]}]}",
                "{\"value\":[{\"templateId\":\"" + GROUP_GUEST_TEMPLATE + "\",\"values\":[{\"name\":\"AllowToAddGuests\",\"value\":\""
                        + "f".repeat(200_000) + "\"}]}]}",
                "{\"value\":{}}", "{\"value\":null}", "[]", "null", "{\"value\":[null,1,\"x\"]}",
                "{\"value\":[{\"templateId\":\"" + GROUP_GUEST_TEMPLATE + "\",\"values\":[{\"name\":\"AllowToAddGuests\",\"value\":\"false\"}]}],"
                        + "\"@odata.nextLink\":\"https://evil.example/steal\"}");
        for (String body : bodies) {
            try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
                List<String> ids = nineteenAndAGuest(f);
                String guest = guest(f);
                SyncPlan plan = planWithGroupSettings(f, "/groups/*/settings", body);
                String what = body.length() > 200 ? body.substring(0, 200) : body;
                assertEquals(19, plan.additions().stream().filter(a -> ids.contains(a.directoryObjectId())).count(),
                        what + ": " + plan.render());
                assertTrue(planned(plan, guest) || guestSkips(plan).size() == 1, what + ": " + plan.render());
                assertTrue(f.fake.journal().calls().stream().noneMatch(c -> c.headers().toString().contains("evil")),
                        what);
                SyncResult result = f.org.applySync(plan);
                assertTrue(f.members().containsAll(ids), what + ": " + result.render());
                assertFalse(plan.render().contains("ffffffffff"), "no raw setting value in the render");
            }
        }
    }

    @Test
    void duplicateSettingsObjectsThatDisagreeAreReadConservativelyOrAsUnknownNeverAsAllowed() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            List<String> ids = nineteenAndAGuest(f);
            String guest = guest(f);
            f.fake.directory().guestsAllowed(f.groupId, false);   // the fake refuses at apply
            SyncPlan plan = planWithGroupSettings(f, "/groups/*/settings", list(
                    settingsBody("Group.Unified.Guest", GROUP_GUEST_TEMPLATE, "\"AllowToAddGuests\"", "\"true\""),
                    settingsBody("Group.Unified.Guest", GROUP_GUEST_TEMPLATE, "\"AllowToAddGuests\"", "\"false\"")));
            SyncResult result = f.org.applySync(plan);
            // either way the nineteen are in; the guest is skipped, or planned and failing alone
            assertTrue(f.members().containsAll(ids), result.render());
            assertTrue(guestSkips(plan).size() == 1 || (planned(plan, guest) && result.failed() == 1),
                    plan.render() + result.render());
        }
    }

    @Test
    void aSettingsValueWithHostileTextIsNeverEchoedIntoThePlanOrResult() {
        try (GmFixture f = new GmFixture(NO_GUESTS, GmFixture.WITH_SETTINGS)) {
            nineteenAndAGuest(f);
            guest(f);
            String hostile = "\"false\\u202E\\n[INJECTED] grant Directory.ReadWrite.All\"";
            SyncPlan plan = planWithGroupSettings(f, "/groups/*/settings", list(settingsBody(
                    "Group.Unified.Guest\\u202E", GROUP_GUEST_TEMPLATE, "\"AllowToAddGuests\"", hostile)));
            SyncResult result = f.org.applySync(plan);
            for (String text : List.of(plan.render(), plan.toJson(), result.render())) {
                assertFalse(text.contains("INJECTED") || text.contains("\u202E"), text);
            }
        }
    }

    // ---- security group, owners, paths --------------------------------------------------------------------------

    @Test
    void aThousandAddressesWithOneGuestKeepEveryRequestSmallAndReadTheSettingsOnce() {
        try (GmFixture f = new GmFixture(NO_GUESTS, GmFixture.WITH_SETTINGS)) {
            f.users(999);
            String guest = guest(f);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 999; i++) {
                addresses.add("person" + i + "@acme.test");
            }
            addresses.add(500, GUEST_MAIL);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planAddMembers(addresses);

            assertEquals(999, plan.additions().size());
            assertEquals(List.of(guest), guestSkips(plan).get(0).candidateIds(), plan.render());
            assertTrue(f.settingsReads() <= 2, "settings read " + f.settingsReads() + " times");
            for (RecordedCall c : f.fake.journal().calls()) {
                assertTrue(c.path().length() + c.query().length() < 2048, "small request: " + c.method() + " "
                        + c.path() + " query " + c.query().length());
                assertTrue(c.body().map(String::length).orElse(0) < 200_000, c.path());
            }
            SyncResult result = f.org.applySync(plan);
            assertEquals(999, result.applied(), result.render());
            assertEquals(0, result.failed(), result.render());
        }
    }

    @Test
    void theAddMembersPathFlagsAGuestTheTenantRefuses() {
        try (GmFixture f = new GmFixture(NO_GUESTS, GmFixture.WITH_SETTINGS)) {
            String ann = f.user("ann@acme.test");
            String guest = guest(f);
            SyncPlan plan = f.org.planAddMembers(List.of("ANN@acme.test", GUEST_MAIL.toUpperCase()));
            SkippedMember s = guestSkips(plan).get(0);
            assertEquals(List.of(guest), s.candidateIds());
            assertEquals(GUEST_MAIL.toUpperCase(), s.requestedIfAny().orElseThrow(), plan.render());
            assertEquals(List.of(ann), plan.additions().stream().map(PlannedChange::directoryObjectId).toList());
        }
    }

    @Test
    void aGuestSkippedForAnotherReasonOrBeingRemovedTriggersNoSettingsRead() {
        try (GmFixture f = new GmFixture(NO_GUESTS, GmFixture.WITH_SETTINGS)) {
            f.users(5);
            // a disabled guest: skipped as ACCOUNT_DISABLED, never an addition
            f.user(FakeUser.builder().mail(GUEST_MAIL).userPrincipalName("gwen_partner.test#EXT#@acme.onmicrosoft.com")
                    .accountEnabled(false).guest());
            // a guest already in the group, to be removed
            String old = f.user(FakeUser.builder().mail("old@partner.test")
                    .userPrincipalName("old_partner.test#EXT#@acme.onmicrosoft.com").guest());
            f.fake.directory().addMembers(f.groupId, old);
            List<TeamMember> team = new ArrayList<>(GmFixture.teamOf(5));
            team.add(TeamMember.individual("g", "Gwen", GUEST_MAIL));
            f.team.set(GmFixture.ORG, team);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();
            SyncPlan removal = f.org.planRemoveMembers(List.of("old@partner.test"));

            assertEquals(5, plan.additions().size(), plan.render());
            assertTrue(guestSkips(plan).isEmpty(), plan.render());
            assertEquals(1, removal.removals().size(), removal.render());
            assertEquals(0, f.settingsReads(), "no guest is added: no setting read");
        }
    }

    @Test
    void twoGuestsCostOneSettingsReadNotOnePerGuest() {
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, GmFixture.WITH_SETTINGS)) {
            f.fake.directory().guestsAllowed(f.groupId, false);
            List<TeamMember> team = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                f.user(FakeUser.builder().mail("g" + i + "@partner.test")
                        .userPrincipalName("g" + i + "_partner.test#EXT#@acme.onmicrosoft.com").guest());
                team.add(TeamMember.individual("g" + i, "G " + i, "g" + i + "@partner.test"));
            }
            f.team.set(GmFixture.ORG, team);
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(40, guestSkips(plan).size(), plan.render());
            assertEquals(1, f.settingsReads());
            SyncResult result = f.org.applySync(plan);
            assertEquals(0, result.failed(), result.render());
            assertEquals(List.of(), f.fake.journal().writes());
        }
    }
}
