package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.RemovalGuard;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.plan.Fingerprints;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanCodec;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.TeamMember;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanCodecTest {

    static SyncPlan samplePlan() {
        SyncOptions options = SyncOptions.builder().mode(SyncMode.MIRROR).roles(List.of("Admin", "Board"))
                .invitationStatuses(Set.of(InvitationStatus.JOINED, InvitationStatus.REGISTERED))
                .removalGuard(new RemovalGuard(5, 20)).build();
        List<TeamMember> team = List.of(
                TeamMember.individual("t1", "Ann \"Quotes\" Ünïcode", "ann@contoso.com").withRoles(Set.of("Admin")),
                TeamMember.individual("t2", "Bob", null).withRoles(Set.of("Admin")),
                TeamMember.entity("t3", "Fund", null));
        GroupState group = new GroupState("g-1", List.of(PlannerTest.member("u9", "old@contoso.com"),
                PlannerTest.member("owner", "o@contoso.com")), Set.of("owner"), "app");
        PlanContent c = PlannerTest.plan(options, team, List.of(PlannerTest.user("u1", "ann@contoso.com")), group);
        return SyncPlan.fromJson(PlanCodec.encode(c));
    }

    @Test
    void planSurvivesAJsonRoundTripUnchanged() {
        SyncPlan plan = samplePlan();
        SyncPlan back = SyncPlan.fromJson(plan.toJson());
        assertEquals(plan, back);
        assertEquals(plan.toJson(), back.toJson());
        assertEquals(plan.options(), back.options());
        assertEquals(plan.additions(), back.additions());
        assertEquals(plan.removals(), back.removals());
        assertEquals(plan.skipped(), back.skipped());
        assertEquals(plan.protectedMembers(), back.protectedMembers());
        assertEquals(plan.fingerprint(), back.fingerprint());
        assertEquals(plan.createdAt(), back.createdAt());
        assertEquals(1, plan.additions().size());
        assertEquals(1, plan.removals().size());
        JsonObject json = JsonParser.parseString(plan.toJson()).getAsJsonObject();
        assertEquals(1, json.get("version").getAsInt());
        assertEquals("equa-msgraph.sync-plan", json.get("format").getAsString());
    }

    @Test
    void keyOrderDoesNotMatterButEditedContentIsRefused() {
        SyncPlan plan = samplePlan();
        JsonObject json = JsonParser.parseString(plan.toJson()).getAsJsonObject();
        JsonObject reordered = new JsonObject();
        List<String> keys = new java.util.ArrayList<>(json.keySet());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reordered.add(k, json.get(k)));
        assertEquals(plan, SyncPlan.fromJson(reordered.toString()));

        JsonObject edited = json.deepCopy();
        edited.getAsJsonArray("removals").get(0).getAsJsonObject().addProperty("id", "someone-else");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SyncPlan.fromJson(edited.toString()));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertEquals("digest", e.problems().get(0).field());
    }

    @Test
    void otherVersionsAndGarbageAreRefusedWithAFieldName() {
        JsonObject json = JsonParser.parseString(samplePlan().toJson()).getAsJsonObject();
        json.addProperty("version", 4);
        assertEquals("version", assertThrows(InvalidInputException.class,
                () -> SyncPlan.fromJson(json.toString())).problems().get(0).field());
        assertEquals("json", assertThrows(InvalidInputException.class,
                () -> SyncPlan.fromJson("{not json")).problems().get(0).field());
        assertEquals("format", assertThrows(InvalidInputException.class,
                () -> SyncPlan.fromJson("{}")).problems().get(0).field());
    }

    @Test
    void plansWithOwnerRolesAreVersionTwoAndRoundTripWhilePlansWithoutKeepTheVersionOneForm() {
        SyncOptions options = SyncOptions.builder().ownerRoles(Set.of("Admin")).build();
        List<TeamMember> team = List.of(
                TeamMember.individual("t1", "Ann", "ann@contoso.com").withRoles(Set.of("Admin")));
        GroupState group = new GroupState("g-1", List.of(), Set.of(), "app");
        SyncPlan plan = SyncPlan.fromJson(PlanCodec.encode(PlannerTest.plan(options, team,
                List.of(PlannerTest.user("u1", "ann@contoso.com")), group)));
        JsonObject json = JsonParser.parseString(plan.toJson()).getAsJsonObject();
        assertEquals(2, json.get("version").getAsInt());
        assertEquals("Admin", json.getAsJsonObject("options").getAsJsonArray("ownerRoles").get(0).getAsString());
        assertEquals(1, json.getAsJsonArray("ownerAdditions").size());
        SyncPlan back = SyncPlan.fromJson(plan.toJson());
        assertEquals(plan, back);
        assertEquals(Set.of("Admin"), back.options().ownerRoles());
        assertEquals(plan.ownerAdditions(), back.ownerAdditions());
        assertEquals(PlannedChange.Action.ADD_OWNER, back.ownerAdditions().get(0).action());
        assertEquals(2, back.changes().size());

        JsonObject v1 = JsonParser.parseString(samplePlan().toJson()).getAsJsonObject();
        assertEquals(1, v1.get("version").getAsInt());
        assertFalse(v1.getAsJsonObject("options").has("ownerRoles"));
        assertFalse(v1.has("ownerAdditions"));

        JsonObject dropped = json.deepCopy();
        dropped.remove("ownerAdditions");
        assertEquals("digest", assertThrows(InvalidInputException.class,
                () -> SyncPlan.fromJson(dropped.toString())).problems().get(0).field());
    }

    @Test
    void aPlanWrittenByTheReleasedVersionStillReadsUnchangedAndIsNotStale() throws Exception {
        // written by equa-msgraph-core 0.1.0 (api-baseline/0.1.0) for this team and group
        String json;
        try (var in = PlanCodecTest.class.getResourceAsStream("plan-0.1.0.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        SyncPlan plan = SyncPlan.fromJson(json);
        assertEquals(json, plan.toJson());
        assertEquals(Set.of(), plan.options().ownerRoles());
        assertEquals(List.of(), plan.ownerAdditions());
        assertEquals(List.of("u1"), plan.additions().stream().map(PlannedChange::directoryObjectId).toList());
        List<TeamMember> team = List.of(
                TeamMember.individual("t1", "Ann", "ann@contoso.com").withRoles(Set.of("Admin")),
                TeamMember.individual("t2", "Bob", null).withRoles(Set.of("Admin")));
        List<cc.equa.msgraph.SkippedMember> out = new java.util.ArrayList<>();
        List<Planner.Candidate> candidates = Planner.candidates(team, plan.options(), out);
        assertEquals(PlanAccess.content(plan).teamFingerprint(), Planner.teamFingerprint(candidates, out),
                "the same team must fingerprint the same, or every plan saved by 0.1.0 would be stale");
    }

    @Test
    void renderShowsAReadableTable() {
        String text = samplePlan().render();
        assertTrue(text.contains("1 to add, 1 to remove"), text);
        assertTrue(text.contains("ACTION  MEMBER"), text);
        assertTrue(text.contains("add     ann@contoso.com"), text);
        assertTrue(text.contains("remove  old@contoso.com"), text);
        assertTrue(text.contains("no e-mail address in Equa"), text);
        assertTrue(text.contains("an entity, not a person"), text);
        assertTrue(text.contains("group owner: never removed"), text);
        assertFalse(text.contains("secret"));
    }

    @Test
    void digestIsTheSha256OfTheCompactBodyInUtf8SoPlansSavedEarlierStillRead() {
        SyncOptions options = SyncOptions.defaults();
        List<TeamMember> team = List.of(TeamMember.individual("t1", "Zo\u00eb \uD83D\uDE00 \u4e2d\u6587",
                "zoe@contoso.com"));
        GroupState group = new GroupState("g-1", List.of(PlannerTest.member("u9", "\u00e9lodie@contoso.com")),
                Set.of(), "app");
        String json = PlanCodec.encode(PlannerTest.plan(options, team,
                List.of(PlannerTest.user("u1", "zoe@contoso.com")), group));
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        String digest = o.remove("digest").getAsString();
        String compact = new com.google.gson.GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(o);
        assertEquals("sha256:" + Fingerprints.sha256(compact), digest);
        assertEquals(json, SyncPlan.fromJson(json).toJson());
        assertEquals(Fingerprints.sha256("a\u00e9\nb\nc"), Fingerprints.ofLines(List.of("c", "b", "a\u00e9")));
    }

    @Test
    void aDirectPlansSkippedEntriesCarryTheRequestInTheUnchangedJsonShape() {
        GroupState group = new GroupState("g-1", List.of(), Set.of(), "app");
        List<String> requested = List.of(" Ghost@Contoso.com ", "not an address");
        PlanContent c = Planner.addMembers(PlannerTest.HEADER, SyncOptions.defaults(), requested,
                UserMatcher.resolveAll(List.of("ghost@contoso.com"), List.of(), SyncOptions.defaults().matchRules()),
                group);
        String json = PlanCodec.encode(c);

        JsonObject skipped = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("skipped").get(0)
                .getAsJsonObject();
        assertEquals(Set.of("teamMemberId", "displayName", "email", "reason", "candidates"), skipped.keySet(),
                "the entry is the one 0.1.0 wrote: the request is the entry's teamMemberId, covered by the seal");
        assertEquals("Ghost@Contoso.com", skipped.get("teamMemberId").getAsString());
        SyncPlan back = SyncPlan.fromJson(json);
        assertEquals(List.of("Ghost@Contoso.com", "not an address"), back.skipped().stream()
                .map(s -> s.requestedIfAny().orElseThrow()).toList());
        assertEquals(c.skipped(), back.skipped());
        assertEquals(json, back.toJson());
        assertTrue(samplePlan().skipped().stream().allMatch(s -> s.requestedIfAny().isEmpty()),
                "a team sync's skipped members are team members, not requests");
    }
}
