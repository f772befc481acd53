package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeDirectoryObject;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Plan JSON is untrusted input by the time it comes back to be applied (issue 13): a plan edited after it was made is
 * refused before any request, even when the attacker recomputes the unkeyed digest of 0.1.0's format; a plan made on
 * one node applies on another node sharing the settings store.
 */
class ForgedPlanTest {

    /** Edit a plan's JSON as an attacker would, and re-digest it the way 0.1.0's format allows anyone to. */
    static String forge(String json, Consumer<JsonObject> edit) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        edit.accept(o);
        o.remove("digest");
        o.remove("mac");
        o.remove("keyId");
        if (o.get("version").getAsInt() > 2) {
            o.addProperty("version", 2); // the newest unkeyed format
        }
        String compact = new GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(o);
        try {
            o.addProperty("digest", "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(compact.getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return o.toString();
    }

    /** Edit a plan's JSON and leave its authentication as it was. */
    static String edit(String json, Consumer<JsonObject> edit) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        edit.accept(o);
        return o.toString();
    }

    static JsonObject entry(String id, String label, String teamMemberId) {
        JsonObject e = new JsonObject();
        e.addProperty("id", id);
        e.addProperty("label", label);
        e.addProperty("teamMemberId", teamMemberId);
        return e;
    }

    static Set<String> owners(SyncFixture f) {
        return f.fake.directory().owners(f.groupId).stream().map(FakeDirectoryObject::id)
                .collect(Collectors.toSet());
    }

    /** Apply the JSON through the real SDK; it must be refused with "plan again", with no request and no change. */
    static InvalidInputException assertRefused(SyncFixture f, String json, ApplyOptions options) {
        Set<String> members = Set.copyOf(f.members());
        Set<String> owners = owners(f);
        f.fake.journal().clear();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> f.org.applySync(SyncPlan.fromJson(json), options));
        assertTrue(e.getMessage().contains("Plan again"), e.getMessage());
        assertEquals(List.of(), f.fake.journal().calls(), "a refused plan sends no request at all");
        assertEquals(members, Set.copyOf(f.members()));
        assertEquals(owners, owners(f));
        return e;
    }

    @Test
    void aTrippedGuardEditedToFalseIsRefusedAndNobodyIsRemoved() {
        try (SyncFixture f = new SyncFixture()) {
            List<TeamMember> team = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = f.user("m" + i + "@acme.test");
                f.fake.directory().addMembers(f.groupId, id);
                if (i < 5) {
                    team.add(TeamMember.individual("t" + i, "M" + i, "m" + i + "@acme.test"));
                }
            }
            f.team.set(SyncFixture.ORG, team);
            SyncPlan plan = f.org.planSync();
            assertEquals(15, plan.removals().size());
            assertTrue(plan.removalGuardTripped());

            String json = plan.toJson();
            assertRefused(f, forge(json, o -> o.getAsJsonObject("guard").addProperty("tripped", false)),
                    ApplyOptions.defaults());
            assertRefused(f, edit(json, o -> o.getAsJsonObject("guard").addProperty("tripped", false)),
                    ApplyOptions.defaults());
            assertEquals(20, f.members().size());
        }
    }

    @Test
    void anOutsiderAddedToOwnerAdditionsIsRefusedAndNeverBecomesAnOwner() {
        try (SyncFixture f = new SyncFixture("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "User.Read.All")) {
            String ann = f.user("ann@acme.test");
            String outsider = f.user("mallory@elsewhere.test");
            f.fake.directory().addMembers(f.groupId, ann);
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann", "ann@acme.test").withRoles(Set.of("Admin"))));
            SyncPlan plan = f.org.planSync(SyncOptions.builder().ownerRoles(Set.of("Admin")).build());
            assertEquals(1, plan.ownerAdditions().size());

            String json = plan.toJson();
            assertRefused(f, forge(json, o -> o.getAsJsonArray("ownerAdditions")
                    .add(entry(outsider, "ann@acme.test", "t1"))), ApplyOptions.defaults());
            assertRefused(f, edit(json, o -> o.getAsJsonArray("ownerAdditions")
                    .add(entry(outsider, "ann@acme.test", "t1"))), ApplyOptions.defaults());
            assertTrue(!owners(f).contains(outsider));
        }
    }

    @Test
    void anOwnersMembershipAddedToRemovalsIsRefusedAndTheOwnerStays() {
        try (SyncFixture f = new SyncFixture()) {
            String owner = f.user("owner@acme.test");
            String ann = f.user("ann@acme.test");
            f.fake.directory().addMembers(f.groupId, owner, ann);
            f.fake.directory().addOwners(f.groupId, owner);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(List.of(), plan.removals());
            assertEquals(1, plan.protectedMembers().size());

            String json = plan.toJson();
            Consumer<JsonObject> removeOwner = o -> {
                o.getAsJsonArray("removals").add(entry(owner, "owner@acme.test", null));
                o.add("protected", new JsonArray());
            };
            assertRefused(f, forge(json, removeOwner), ApplyOptions.defaults());
            assertRefused(f, edit(json, removeOwner), ApplyOptions.defaults());
            assertTrue(f.members().contains(owner));
        }
    }

    @Test
    void aPlanOfAnotherOrganizationIsRefusedEvenWithItsOrganizationEdited() {
        try (SyncFixture f = new SyncFixture()) {
            String leaver = f.user("leaver@acme.test");
            f.fake.directory().addMembers(f.groupId, leaver);
            OrganizationId other = OrganizationId.of("other");
            f.settings.save(other, f.settings.load(SyncFixture.ORG).orElseThrow());
            f.team.set(other, List.of());
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Leaver", "leaver@acme.test")));
            SyncPlan foreign = f.microsoft.organization(other).planSync();
            assertEquals(1, foreign.removals().size());

            String json = foreign.toJson();
            assertRefused(f, json, ApplyOptions.defaults());
            assertRefused(f, edit(json, o -> o.addProperty("organization", SyncFixture.ORG.value())),
                    ApplyOptions.defaults());
            assertRefused(f, forge(json, o -> o.addProperty("organization", SyncFixture.ORG.value())),
                    ApplyOptions.defaults());
        }
    }

    @Test
    void aPlanMadeOnOneNodeAppliesOnAnotherSharingTheSettingsStore() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            String leaver = f.user("leaver@acme.test");
            f.fake.directory().addMembers(f.groupId, leaver);
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            String json = f.org.planSync().toJson();
            IntegrationSettings stored = f.settings.load(SyncFixture.ORG).orElseThrow();

            try (MicrosoftIntegration nodeB = f.integration()) {
                SyncResult result = nodeB.organization(SyncFixture.ORG).applySync(SyncPlan.fromJson(json));
                assertTrue(result.isComplete(), result.render());
                assertEquals(2, result.applied());
            }
            assertEquals(List.of(ann), f.members());
            java.util.Set<String> after = new java.util.HashSet<>(f.settings.load(SyncFixture.ORG).orElseThrow().state()
                    .keySet());
            // the one entry an apply adds is the memory of its own writes shared with other nodes (issue 14 item 5)
            assertTrue(after.remove("sync.ownWrites"), after.toString());
            assertEquals(stored.state().keySet(), after, "applying adds no plan key of its own");
        }
    }

    static MicrosoftIntegration node(SyncFixture f, PlanKeys keys) {
        return MicrosoftIntegration.builder().settings(f.settings).team(f.team).audit(f.audit).cloud(f.fake.cloud())
                .trustCertificates(List.of(f.fake.caCertificate())).clock(f.fake.clock()).sleeper(f.fake.sleeper())
                .planKeys(keys).build();
    }

    static byte[] material(int seed) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) seed);
        b[0] = (byte) (seed + 1);
        return b;
    }

    @Test
    void hostKeysRotateNewPlansUseTheNewKeyAndOlderPlansApplyUntilTheirKeyIsRetired() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            PlanKey january = PlanKey.of("2026-01", material(1));
            PlanKey february = PlanKey.of("2026-02", material(2));
            IntegrationSettings before = f.settings.load(SyncFixture.ORG).orElseThrow();
            String json;
            try (MicrosoftIntegration old = node(f, PlanKeys.of(january))) {
                json = old.organization(SyncFixture.ORG).planSync().toJson();
            }
            assertEquals(before, f.settings.load(SyncFixture.ORG).orElseThrow(),
                    "host keys are not kept in the settings");
            assertTrue(json.contains("\"keyId\": \"2026-01\""), json);

            try (MicrosoftIntegration retired = node(f, PlanKeys.of(february))) {
                f.fake.journal().clear();
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> retired.organization(SyncFixture.ORG).applySync(SyncPlan.fromJson(json)));
                assertEquals("keyId", e.problems().get(0).field());
                assertEquals(List.of(), f.fake.journal().calls());
            }
            assertRefused(f, json, ApplyOptions.defaults()); // the default key source does not know host keys

            try (MicrosoftIntegration rotated = node(f, PlanKeys.of(february, january))) {
                SyncPlan fresh = rotated.organization(SyncFixture.ORG).planSync();
                assertTrue(fresh.toJson().contains("\"keyId\": \"2026-02\""), fresh.toJson());
                SyncResult result = rotated.organization(SyncFixture.ORG).applySync(SyncPlan.fromJson(json));
                assertTrue(result.isComplete(), result.render());
            }
            assertEquals(List.of(ann), f.members());
        }
    }

    @Test
    void behindAnEncryptingStoreTheDefaultKeyIsSealedAtRestAndStillSharedByEveryNode() {
        try (SyncFixture f = new SyncFixture()) {
            String ann = f.user("ann@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            byte[] aes = material(9);
            java.util.function.Supplier<MicrosoftIntegration> node = () -> MicrosoftIntegration.builder()
                    .settings(cc.equa.msgraph.spi.EncryptingSettingsStore.builder().delegate(f.settings)
                            .currentKey("db-1", aes).acceptPlaintext(true).build())
                    .team(f.team).cloud(f.fake.cloud()).trustCertificates(List.of(f.fake.caCertificate()))
                    .clock(f.fake.clock()).sleeper(f.fake.sleeper()).build();
            String json;
            try (MicrosoftIntegration a = node.get()) {
                json = a.organization(SyncFixture.ORG).planSync().toJson();
            }
            String atRest = f.settings.load(SyncFixture.ORG).orElseThrow().stateValue("secret.plan.key")
                    .orElseThrow();
            assertTrue(cc.equa.msgraph.spi.EncryptingSettingsStore.isSealed(atRest), "the key is sealed at rest");
            try (MicrosoftIntegration b = node.get()) {
                assertTrue(b.organization(SyncFixture.ORG).applySync(SyncPlan.fromJson(json)).isComplete());
            }
            assertEquals(List.of(ann), f.members());
        }
    }
}
