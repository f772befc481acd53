package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.RemovalGuard;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanAuthenticator;
import cc.equa.msgraph.internal.plan.PlanCodec;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.plan.StoredPlanKeys;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.spi.TeamMember;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Plan authentication (issue 13): HMAC over the canonical content, key ids and rotation, strict reading. */
class PlanAuthenticationTest {

    static final OrganizationId ACME = OrganizationId.of("acme");
    static final String OP = "Apply a test plan";
    static final byte[] K1 = bytes(1);
    static final byte[] K2 = bytes(2);

    static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    /** A mirror plan with additions, removals, unchanged, skipped (with candidates), protected and owner additions. */
    static PlanContent mirrorContent() {
        SyncOptions options = SyncOptions.builder().mode(SyncMode.MIRROR).roles(List.of("Admin", "Board"))
                .invitationStatuses(Set.of(InvitationStatus.JOINED, InvitationStatus.REGISTERED))
                .removalGuard(new RemovalGuard(5, 20)).ownerRoles(Set.of("Admin")).build();
        List<TeamMember> team = List.of(
                TeamMember.individual("t1", "Ann", "ann@contoso.com").withRoles(Set.of("Admin")),
                TeamMember.individual("t2", "Bob", null).withRoles(Set.of("Admin")),
                TeamMember.individual("t4", "Dee", "dee@contoso.com").withRoles(Set.of("Board")),
                TeamMember.individual("t5", "Eve", "eve@contoso.com").withRoles(Set.of("Board")),
                TeamMember.entity("t3", "Fund", null));
        GroupState group = new GroupState("g-1", List.of(PlannerTest.member("u9", "old@contoso.com"),
                PlannerTest.member("u4", "dee@contoso.com"), PlannerTest.member("owner", "o@contoso.com")),
                Set.of("owner"), "app");
        PlanContent c = PlannerTest.plan(options, team, List.of(PlannerTest.user("u1", "ann@contoso.com"),
                PlannerTest.user("u4", "dee@contoso.com"), PlannerTest.user("e1", "eve@contoso.com"),
                PlannerTest.user("e2", "eve@contoso.com")), group);
        assertFalse(c.additions().isEmpty() || c.removals().isEmpty() || c.unchanged().isEmpty()
                || c.protectedMembers().isEmpty() || c.ownerAdditions().isEmpty(), c.toString());
        assertTrue(c.skipped().stream().anyMatch(s -> !s.candidateIds().isEmpty()), c.skipped().toString());
        return c;
    }

    /** An additive plan, so that members not on the team are kept (notInTeam) rather than removed. */
    static PlanContent additiveContent() {
        SyncOptions options = SyncOptions.builder().mode(SyncMode.ADDITIVE).build();
        GroupState group = new GroupState("g-1", List.of(PlannerTest.member("u9", "old@contoso.com")), Set.of(),
                "app");
        PlanContent c = PlannerTest.plan(options, List.of(TeamMember.individual("t1", "Ann", "ann@contoso.com")),
                List.of(PlannerTest.user("u1", "ann@contoso.com")), group);
        assertFalse(c.notInTeam().isEmpty(), c.toString());
        return c;
    }

    static PlanAuthenticator auth(PlanKey current, PlanKey... retired) {
        return new PlanAuthenticator(PlanKeys.of(current, retired));
    }

    static String signedJson(PlanContent c, PlanAuthenticator a) {
        return a.seal(ACME, PlanAccess.create(c), OP).toJson();
    }

    /** Read and verify; return the refusal's field, or null if the plan was accepted. */
    static String refusal(String json, PlanAuthenticator a) {
        try {
            a.verify(ACME, SyncPlan.fromJson(json));
            return null;
        } catch (InvalidInputException e) {
            return e.problems().get(0).field();
        }
    }

    @Test
    void aSignedPlanCarriesItsKeyIdAndMacButNeverTheKeyAndVerifiesAfterARoundTrip() {
        PlanAuthenticator a = auth(PlanKey.of("k1", K1));
        SyncPlan plan = a.seal(ACME, PlanAccess.create(mirrorContent()), OP);
        String json = plan.toJson();
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(3, o.get("version").getAsInt());
        assertEquals("k1", o.get("keyId").getAsString());
        assertTrue(o.get("mac").getAsString().matches("hmac-sha256:[0-9a-f]{64}"), json);
        assertFalse(o.has("digest"));
        for (String form : List.of(HexFormat.of().formatHex(K1), Base64.getEncoder().encodeToString(K1),
                Base64.getUrlEncoder().withoutPadding().encodeToString(K1))) {
            assertFalse(json.contains(form));
            assertFalse(plan.toString().contains(form));
            assertFalse(plan.render().contains(form));
        }
        assertFalse(PlanKey.of("k1", K1).toString().contains(HexFormat.of().formatHex(K1)));
        SyncPlan back = SyncPlan.fromJson(json);
        assertEquals(plan, back);
        assertEquals(json, back.toJson());
        a.verify(ACME, back);
        a.verify(ACME, plan);
    }

    @Test
    void anEditOfAnyValueInAnyPartOfThePlanIsRefusedAndNoAcceptedEditChangesItsMeaning() {
        PlanAuthenticator a = auth(PlanKey.of("k1", K1));
        int edits = 0;
        int harmless = 0;
        for (PlanContent c : List.of(mirrorContent(), additiveContent())) {
            String json = signedJson(c, a);
            assertEquals(null, refusal(json, a));
            JsonObject original = JsonParser.parseString(json).getAsJsonObject();
            List<Consumer<JsonObject>> mutations = new ArrayList<>();
            collect(original, new ArrayList<>(), mutations);
            for (Consumer<JsonObject> m : mutations) {
                JsonObject edited = original.deepCopy();
                m.accept(edited);
                if (edited.equals(original)) {
                    continue;
                }
                String field = refusal(edited.toString(), a);
                if (field == null) {
                    // accepted only if the edit has no effect at all: an unknown field, a set member repeated
                    assertEquals(c, PlanAccess.content(SyncPlan.fromJson(edited.toString())),
                            "an edited plan was accepted with another meaning: " + edited);
                    harmless++;
                } else {
                    edits++;
                }
            }
        }
        assertTrue(edits > 100, "only " + edits + " edits refused (" + harmless + " without effect)");
    }

    /** One mutation per leaf value, and per array an element dropped and one duplicated. */
    static void collect(JsonElement e, List<Object> path, List<Consumer<JsonObject>> out) {
        if (e instanceof JsonObject o) {
            for (String k : o.keySet()) {
                List<Object> p = new ArrayList<>(path);
                p.add(k);
                collect(o.get(k), p, out);
            }
            List<Object> p = List.copyOf(path);
            out.add(root -> ((JsonObject) at(root, p)).addProperty("injected", "x"));
        } else if (e instanceof JsonArray arr) {
            for (int i = 0; i < arr.size(); i++) {
                List<Object> p = new ArrayList<>(path);
                p.add(i);
                collect(arr.get(i), p, out);
            }
            List<Object> p = List.copyOf(path);
            if (!arr.isEmpty()) {
                out.add(root -> ((JsonArray) at(root, p)).remove(0));
                out.add(root -> ((JsonArray) at(root, p)).add(((JsonArray) at(root, p)).get(0).deepCopy()));
            }
        } else {
            List<Object> p = List.copyOf(path);
            out.add(root -> set(root, p, mutate(e)));
        }
    }

    static JsonElement mutate(JsonElement leaf) {
        if (leaf instanceof JsonNull) {
            return new JsonPrimitive("someone");
        }
        JsonPrimitive p = (JsonPrimitive) leaf;
        if (p.isBoolean()) {
            return new JsonPrimitive(!p.getAsBoolean());
        }
        if (p.isNumber()) {
            return new JsonPrimitive(p.getAsLong() + 1);
        }
        String s = p.getAsString();
        // flip one character so an id stays id-shaped and a time stays a time
        char last = s.isEmpty() ? 'x' : s.charAt(s.length() - 1);
        char other = Character.isDigit(last) ? (char) ('0' + (last - '0' + 1) % 10) : last == 'a' ? 'b' : 'a';
        return new JsonPrimitive(s.isEmpty() ? "x" : s.substring(0, s.length() - 1) + other);
    }

    static JsonElement at(JsonElement root, List<Object> path) {
        JsonElement e = root;
        for (Object step : path) {
            e = step instanceof String k ? e.getAsJsonObject().get(k) : e.getAsJsonArray().get((Integer) step);
        }
        return e;
    }

    static void set(JsonObject root, List<Object> path, JsonElement value) {
        JsonElement parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof String k) {
            parent.getAsJsonObject().add(k, value);
        } else {
            parent.getAsJsonArray().set((Integer) last, value);
        }
    }

    @Test
    void aPlanSignedWithAnotherKeyOrForAnotherOrganizationOrNotAtAllIsRefused() {
        String json = signedJson(mirrorContent(), auth(PlanKey.of("k1", K1)));
        assertEquals("mac", refusal(json, auth(PlanKey.of("k1", K2))), "same id, another key");
        assertEquals("keyId", refusal(json, auth(PlanKey.of("k2", K2))), "unknown key id");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> auth(PlanKey.of("k1", K1))
                .verify(OrganizationId.of("other"), SyncPlan.fromJson(json)));
        assertEquals("organization", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("Plan again") || e.getMessage().contains("plan again"), e.getMessage());

        SyncPlan unsigned = SyncPlan.fromJson(PlanCodec.encode(mirrorContent()));
        InvalidInputException legacy = assertThrows(InvalidInputException.class,
                () -> auth(PlanKey.of("k1", K1)).verify(ACME, unsigned));
        assertEquals("mac", legacy.problems().get(0).field());
        assertTrue(legacy.getMessage().contains("Plan again"), legacy.getMessage());
        assertThrows(InvalidInputException.class,
                () -> auth(PlanKey.of("k1", K1)).verify(ACME, PlanAccess.create(mirrorContent())),
                "a plan made in memory without a seal is not applied either");
    }

    @Test
    void rotationSignsWithTheNewKeyAndStillVerifiesUntilTheOldKeyIsRetired() {
        String old = signedJson(mirrorContent(), auth(PlanKey.of("k1", K1)));
        PlanAuthenticator rotated = auth(PlanKey.of("k2", K2), PlanKey.of("k1", K1));
        assertEquals(null, refusal(old, rotated));
        String fresh = signedJson(mirrorContent(), rotated);
        assertEquals("k2", JsonParser.parseString(fresh).getAsJsonObject().get("keyId").getAsString());
        assertEquals(null, refusal(fresh, rotated));
        PlanAuthenticator retired = auth(PlanKey.of("k2", K2));
        assertEquals("keyId", refusal(old, retired));
        assertEquals(null, refusal(fresh, retired));
        assertThrows(IllegalArgumentException.class, () -> PlanKeys.of(PlanKey.of("k1", K1), PlanKey.of("k1", K2)));
        assertThrows(IllegalArgumentException.class, () -> PlanKey.of("k1", new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> PlanKey.of("bad id", K1));
    }

    @Test
    void theVersionIsExactlyASupportedIntegerAndCoveredByTheMac() {
        PlanAuthenticator a = auth(PlanKey.of("k1", K1));
        JsonObject o = JsonParser.parseString(signedJson(mirrorContent(), a)).getAsJsonObject();
        List<String> bad = List.of("\"1\"", "\"3\"", "1.9", "3.0", "1e0", "4294967297", "4294967299", "-1", "0", "4",
                "\"abc\"", "null", "true", "[3]", "{}", "99999999999999999999999999");
        for (String v : bad) {
            String json = o.toString().replace("\"version\":3", "\"version\":" + v);
            assertNotEquals(o.toString(), json);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> SyncPlan.fromJson(json), v);
            assertEquals("version", e.problems().get(0).field(), v);
        }
        JsonObject missing = o.deepCopy();
        missing.remove("version");
        assertEquals("version", assertThrows(InvalidInputException.class,
                () -> SyncPlan.fromJson(missing.toString())).problems().get(0).field());
        // downgrading an authenticated plan to an unkeyed version loses its authentication
        JsonObject downgraded = o.deepCopy();
        downgraded.addProperty("version", 2);
        downgraded.addProperty("digest", "sha256:" + "0".repeat(64));
        assertEquals("digest", assertThrows(InvalidInputException.class,
                () -> SyncPlan.fromJson(downgraded.toString())).problems().get(0).field());
    }

    @Test
    void garbageOfAnyShapeIsAnInvalidInputExceptionAndNothingElse() {
        String json = signedJson(mirrorContent(), auth(PlanKey.of("k1", K1)));
        List<String> inputs = new ArrayList<>(List.of("", " ", "null", "[]", "1", "\"s\"", "{", "{}}", "{}",
                "{\"format\":{}}", "{\"format\":[\"equa-msgraph.sync-plan\"]}", "{'format':'x'}",
                "{format:\"equa-msgraph.sync-plan\"}", "[".repeat(100_000), "{\"a\":".repeat(50_000),
                json + " trailing", json + "{}", json.replaceFirst("\\{", "{/* c */"), json.replace("\n}", ",\n}"),
                json.replace("\"version\": 3", "\"version\": NaN"), "\u0000"));
        for (int cut = 0; cut < json.length(); cut += 97) {
            inputs.add(json.substring(0, cut));
        }
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        List<Object> paths = new ArrayList<>();
        List<Consumer<JsonObject>> ignored = new ArrayList<>();
        collectPaths(o, new ArrayList<>(), paths);
        for (Object p : paths) {
            @SuppressWarnings("unchecked")
            List<Object> path = (List<Object>) p;
            for (JsonElement v : List.of(JsonNull.INSTANCE, new JsonPrimitive(1), new JsonPrimitive("x"),
                    new JsonArray(), new JsonObject(), new JsonPrimitive(true), new JsonPrimitive(1e300))) {
                JsonObject edited = o.deepCopy();
                set(edited, path, v);
                inputs.add(edited.toString());
            }
            JsonObject removed = o.deepCopy();
            JsonElement parent = at(removed, path.subList(0, path.size() - 1));
            Object last = path.get(path.size() - 1);
            if (last instanceof String k) {
                parent.getAsJsonObject().remove(k);
            } else {
                parent.getAsJsonArray().remove((int) (Integer) last);
            }
            inputs.add(removed.toString());
        }
        assertTrue(inputs.size() > 500, String.valueOf(inputs.size()));
        assertTrue(ignored.isEmpty());
        PlanAuthenticator a = auth(PlanKey.of("k1", K1));
        PlanContent original = PlanAccess.content(SyncPlan.fromJson(json));
        int refused = 0;
        for (String in : inputs) {
            try {
                SyncPlan plan = SyncPlan.fromJson(in);
                a.verify(ACME, plan);
                // only a change without effect (null for an absent optional value) may pass
                assertEquals(original, PlanAccess.content(plan), "garbage accepted: " + in);
            } catch (InvalidInputException expected) {
                refused++;
                assertFalse(expected.problems().isEmpty());
            } catch (RuntimeException | StackOverflowError other) {
                fail(other.getClass().getName() + " for " + in.substring(0, Math.min(200, in.length())), other);
            }
        }
        assertTrue(refused > inputs.size() * 9 / 10, refused + " of " + inputs.size());
    }

    static void collectPaths(JsonElement e, List<Object> path, List<Object> out) {
        if (!path.isEmpty()) {
            out.add(List.copyOf(path));
        }
        if (e instanceof JsonObject o) {
            for (String k : o.keySet()) {
                List<Object> p = new ArrayList<>(path);
                p.add(k);
                collectPaths(o.get(k), p, out);
            }
        } else if (e instanceof JsonArray arr) {
            for (int i = 0; i < arr.size(); i++) {
                List<Object> p = new ArrayList<>(path);
                p.add(i);
                collectPaths(arr.get(i), p, out);
            }
        }
    }

    /** A settings store in a map, with the default load-then-save update. */
    static final class MapStore implements SettingsStore {
        final Map<OrganizationId, IntegrationSettings> rows = new ConcurrentHashMap<>();

        @Override
        public Optional<IntegrationSettings> load(OrganizationId organization) {
            return Optional.ofNullable(rows.get(organization));
        }

        @Override
        public void save(OrganizationId organization, IntegrationSettings settings) {
            rows.put(organization, settings);
        }

        @Override
        public void delete(OrganizationId organization) {
            rows.remove(organization);
        }
    }

    @Test
    void theDefaultKeyIsOnePerOrganizationKeptInTheSettingsAndSharedByEveryNode() {
        MapStore store = new MapStore();
        store.save(ACME, IntegrationSettings.empty());
        StoredPlanKeys nodeA = new StoredPlanKeys(store);
        StoredPlanKeys nodeB = new StoredPlanKeys(store);
        PlanKey k = nodeA.current(ACME);
        assertEquals(k.id(), nodeB.current(ACME).id());
        assertEquals(k.id(), nodeA.current(ACME).id(), "created once");
        assertTrue(nodeB.find(ACME, k.id()).isPresent());
        assertEquals(Optional.empty(), nodeB.find(ACME, "k-other"));
        PlanKey other = nodeA.current(OrganizationId.of("other"));
        assertNotEquals(k.id(), other.id());
        assertEquals(Optional.empty(), nodeA.find(ACME, other.id()));
        assertFalse(store.rows.get(ACME).toString().contains(store.rows.get(ACME).stateValue(StoredPlanKeys.ENTRY)
                .orElseThrow()), "settings' toString shows state keys only");

        String json = new PlanAuthenticator(nodeA).seal(ACME, PlanAccess.create(mirrorContent()), OP).toJson();
        new PlanAuthenticator(nodeB).verify(ACME, SyncPlan.fromJson(json));
        assertFalse(json.contains(store.rows.get(ACME).stateValue(StoredPlanKeys.ENTRY).orElseThrow()
                .substring(k.id().length() + 1)));

        store.save(ACME, store.rows.get(ACME).withState(StoredPlanKeys.ENTRY, "garbage"));
        assertEquals(Optional.empty(), nodeB.find(ACME, k.id()), "an unreadable key verifies nothing");
        assertNotEquals(k.id(), nodeA.current(ACME).id(), "and is replaced by a new one");
        assertEquals("keyId", assertThrows(InvalidInputException.class,
                () -> new PlanAuthenticator(nodeB).verify(ACME, SyncPlan.fromJson(json))).problems().get(0)
                .field());
    }

    @Test
    void untrustedValuesInARefusalAreEscapedAndCut() {
        PlanAuthenticator a = auth(PlanKey.of("k1", K1));
        JsonObject o = JsonParser.parseString(signedJson(mirrorContent(), a)).getAsJsonObject();
        o.addProperty("planId", "p1\nremove ceo@acme.test\u202E" + "x".repeat(500));
        o.addProperty("organization", "other\r\nadd mallory\u2066");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> a.verify(ACME, SyncPlan.fromJson(o.toString())));
        assertEquals("organization", e.problems().get(0).field());
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r") || m.contains("\u202E") || m.contains("\u2066"), m);
        assertTrue(m.contains("\\u000a") && m.contains("\\u202e"), m);
        assertTrue(m.length() < 600, m);
    }
}
