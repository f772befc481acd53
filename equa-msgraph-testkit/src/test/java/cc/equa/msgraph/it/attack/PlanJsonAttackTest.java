package cc.equa.msgraph.it.attack;

import static cc.equa.msgraph.it.attack.AttackFixture.failsTyped;
import static cc.equa.msgraph.it.attack.AttackFixture.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Plan JSON as raw text an attacker controls: duplicate keys, escaped field names, BOMs, trailing garbage, deep
 * nesting, huge inputs and odd numbers. Every one must end as an InvalidInputException (or the authentic plan) and
 * never change the group.
 */
class PlanJsonAttackTest {

    /** A mirror plan that removes one leaver, with the guard tripped at 15 of 20. */
    private static String guardedPlan(AttackFixture f) {
        List<TeamMember> team = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            f.member("m" + i + "@acme.test");
            if (i < 5) {
                team.add(TeamMember.individual("t" + i, "M" + i, "m" + i + "@acme.test"));
            }
        }
        f.team.set(AttackFixture.ORG, team);
        SyncPlan plan = f.org.planSync();
        assertTrue(plan.removalGuardTripped());
        return plan.toJson();
    }

    /** Apply text as a plan; it must be refused or applied harmlessly, never remove past the guard. */
    private static void applyMustNotRemove(AttackFixture f, String json) {
        Set<String> before = f.members();
        f.fake.journal().clear();
        try {
            SyncPlan p = SyncPlan.fromJson(json);
            SyncResult r = f.org.applySync(p, ApplyOptions.defaults());
            assertEquals(0, r.applied(), "an edited plan applied changes: " + r.render());
        } catch (MsGraphException e) {
            // refused: fine
        } catch (RuntimeException | Error e) {
            throw new AssertionError("raw " + e.getClass().getName() + " escaped: " + e.getMessage(), e);
        }
        assertEquals(before, f.members(), "members changed");
        assertEquals(List.of(), f.writes(), "writes were sent");
    }

    @Test
    void duplicateGuardKeyEitherOrderNeverBypassesTheGuard() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            int at = json.indexOf("\"guard\"");
            assertTrue(at > 0, json);
            // the forged guard first, the authentic one last; and the other way round
            String forgedGuard = "\"guard\": {\"tripped\": false, \"limit\": 1000, \"reason\": null},";
            applyMustNotRemove(f, json.substring(0, at) + forgedGuard + json.substring(at));
            int close = json.lastIndexOf('}');
            applyMustNotRemove(f, json.substring(0, close) + ", " + forgedGuard.substring(0, forgedGuard.length() - 1)
                    + "}");
            // a field name spelled with unicode escapes
            applyMustNotRemove(f, json.substring(0, close) + ", \"\\u0067uard\": {\"tripped\": false}}");
        }
    }

    @Test
    void duplicateMacKeyIdAndVersionKeysAreRefused() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            int close = json.lastIndexOf('}');
            for (String extra : List.of("\"mac\": \"AAAA\"", "\"keyId\": \"other\"", "\"version\": 2",
                    "\"version\": 3", "\"organization\": \"acme\"")) {
                applyMustNotRemove(f, json.substring(0, close) + ", " + extra + "}");
            }
        }
    }

    @Test
    void bomTrailingGarbageAndCommentsAreTypedErrors() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            for (String bad : List.of("\uFEFF" + json, json + "garbage", json + "}", json + " {}", json + "\u0000",
                    "/*x*/" + json, json.replace("\"version\"", "'version'"), json.substring(0, json.length() / 2),
                    "", " ", "null", "[]", "1", "\"x\"", "{}", "{\"version\": 3}")) {
                applyMustNotRemove(f, bad);
            }
        }
    }

    @Test
    void deepNestingAndHugeInputsAreTypedErrorsNotStackOverflows() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            int close = json.lastIndexOf('}');
            String deep = "[".repeat(200_000) + "]".repeat(200_000);
            applyMustNotRemove(f, json.substring(0, close) + ", \"x\": " + deep + "}");
            applyMustNotRemove(f, deep);
            String deepObj = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
            applyMustNotRemove(f, deepObj);
            String huge = json.substring(0, close) + ", \"pad\": \"" + "A".repeat(20_000_000) + "\"}";
            applyMustNotRemove(f, huge);
        }
    }

    @Test
    void versionAndNumbersOfEveryShapeAreRefusedStrictly() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            for (String v : List.of("\"3\"", "3.0", "3e0", "30e-1", "-3", "4294967299", "1e400", "NaN", "true", "null",
                    "[3]", "{\"v\":3}", "0x3", "03", "99999999999999999999999999999999")) {
                String edited = json.replaceFirst("\"version\": *[0-9]+", "\"version\": " + v);
                assertTrue(!edited.equals(json), "version not found in " + json);
                MsGraphException e = failsTyped(() -> f.org.applySync(SyncPlan.fromJson(edited)));
                assertTrue(e instanceof InvalidInputException, v + " -> " + e);
            }
            assertEquals(20, f.members().size());
        }
    }

    @Test
    void everyTopLevelFieldReplacedByEveryWrongTypeIsATypedRefusal() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
            List<String> shapes = List.of("null", "1", "-1", "1.5", "1e309", "true", "\"x\"", "[]", "{}",
                    "[null]", "[1]", "[{}]", "[{\"id\":null}]", "{\"tripped\":\"no\"}", "\"\\u202e\"",
                    "9223372036854775808");
            for (String field : o.keySet()) {
                for (String shape : shapes) {
                    com.google.gson.JsonObject copy = o.deepCopy();
                    copy.add(field, com.google.gson.JsonParser.parseString(shape));
                    applyMustNotRemove(f, copy.toString());
                    // and nested fields one level down
                }
                if (o.get(field).isJsonObject()) {
                    for (String sub : o.getAsJsonObject(field).keySet()) {
                        for (String shape : shapes) {
                            com.google.gson.JsonObject copy = o.deepCopy();
                            copy.getAsJsonObject(field).add(sub, com.google.gson.JsonParser.parseString(shape));
                            applyMustNotRemove(f, copy.toString());
                        }
                    }
                }
                if (o.get(field).isJsonArray() && o.getAsJsonArray(field).size() > 0
                        && o.getAsJsonArray(field).get(0).isJsonObject()) {
                    for (String sub : o.getAsJsonArray(field).get(0).getAsJsonObject().keySet()) {
                        for (String shape : shapes) {
                            com.google.gson.JsonObject copy = o.deepCopy();
                            copy.getAsJsonArray(field).get(0).getAsJsonObject()
                                    .add(sub, com.google.gson.JsonParser.parseString(shape));
                            applyMustNotRemove(f, copy.toString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRefusedPlansErrorMessageEchoesNoRawControlCharacters() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
            for (String field : List.of("keyId", "organization", "groupId", "mac", "format", "planId", "kind",
                    "mode")) {
                com.google.gson.JsonObject copy = o.deepCopy();
                copy.addProperty(field, "x\n  remove everyone@acme.test\u202e\u001b[2J" + "y".repeat(5000));
                MsGraphException e = failsTyped(() -> f.org.applySync(SyncPlan.fromJson(copy.toString())));
                AttackFixture.noRawControls(field + " message", e.getMessage());
                AttackFixture.noRawControls(field + " toString", e.toString());
                assertTrue(e.getMessage().length() < 4000, field + ": message of " + e.getMessage().length());
                if (e instanceof InvalidInputException ii) {
                    ii.problems().forEach(p -> AttackFixture.noRawControls(field + " problem", p.toString()));
                }
            }
        }
    }

    @Test
    void anAuthenticPlanReplayedAfterTheGroupChangedRemovesNobodyReAdded() {
        try (AttackFixture f = new AttackFixture()) {
            String ann = f.member("ann@acme.test");
            String leaver = f.member("leaver@acme.test");
            f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
            String json = f.org.planSync().toJson();
            f.org.applySync(SyncPlan.fromJson(json));
            assertEquals(Set.of(ann), f.members());
            // the leaver rejoins the Equa team and is re-added
            f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"),
                    TeamMember.individual("t2", "Leaver", "leaver@acme.test"));
            f.org.applySync(f.org.planSync());
            assertEquals(Set.of(ann, leaver), f.members());
            // the old, authentic plan is replayed, even asking to replan
            f.fake.journal().clear();
            try {
                f.org.applySync(SyncPlan.fromJson(json));
            } catch (MsGraphException e) {
                // stale: fine
            }
            try {
                f.org.applySync(SyncPlan.fromJson(json), ApplyOptions.builder().replanIfStale(true).build());
            } catch (MsGraphException e) {
                // fine
            }
            assertEquals(Set.of(ann, leaver), f.members(), "the replay removed someone on the team");
        }
    }

    @Test
    void aPlanWithAnEmptyMacOrKeyIdOrNoneIsRefused() {
        try (AttackFixture f = new AttackFixture()) {
            String json = guardedPlan(f);
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
            for (String field : List.of("mac", "keyId")) {
                for (String v : List.of("", " ", "\u0000")) {
                    com.google.gson.JsonObject copy = o.deepCopy();
                    copy.addProperty(field, v);
                    copy.getAsJsonObject("guard").addProperty("tripped", false);
                    invalid(() -> f.org.applySync(SyncPlan.fromJson(copy.toString())));
                }
                com.google.gson.JsonObject copy = o.deepCopy();
                copy.remove(field);
                copy.getAsJsonObject("guard").addProperty("tripped", false);
                invalid(() -> f.org.applySync(SyncPlan.fromJson(copy.toString())));
            }
            assertEquals(20, f.members().size());
        }
    }
}
