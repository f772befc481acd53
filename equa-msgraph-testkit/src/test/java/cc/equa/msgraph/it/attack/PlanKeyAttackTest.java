package cc.equa.msgraph.it.attack;

import static cc.equa.msgraph.it.attack.AttackFixture.failsTyped;
import static cc.equa.msgraph.it.attack.AttackFixture.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Plan keys: corrupted in the store, shared between organizations, failing in the host, raced by two nodes. */
class PlanKeyAttackTest {

    private static final String KEY = "secret.plan.key";

    private static String stored(AttackFixture f) {
        return f.raw.load(AttackFixture.ORG).orElseThrow().stateValue(KEY).orElseThrow();
    }

    private static void store(AttackFixture f, String value) {
        f.raw.update(AttackFixture.ORG, s -> s.withState(KEY, value));
    }

    @Test
    void aCorruptedOrWeakStoredPlanKeyIsNeverUsedToSign() {
        try (AttackFixture f = new AttackFixture()) {
            String ann = f.user("ann@acme.test");
            f.member("leaver@acme.test");
            f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
            String original = f.org.planSync().toJson();
            String good = stored(f);
            int colon = good.indexOf(':');
            String id = good.substring(0, colon);
            List<String> corrupt = List.of("", ":", id + ":", id + ":AAAA", id + ":" + good.substring(colon + 1, colon + 11),
                    "garbage", id + ":!!!!notbase64!!!!", "bad id\n:" + good.substring(colon + 1),
                    id + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]),
                    good + "\u0000", id + ":" + "A".repeat(100_000));
            for (String c : corrupt) {
                store(f, c);
                f.fake.journal().clear();
                // an earlier authentic plan no longer verifies against a corrupted key
                MsGraphException e = failsTyped(() -> f.org.applySync(SyncPlan.fromJson(original)));
                assertTrue(e instanceof cc.equa.msgraph.InvalidInputException || e.kind() == ErrorKind.STORAGE,
                        "[" + c.substring(0, Math.min(40, c.length())) + "] -> " + e);
                assertEquals(0, f.writes().size());
                try {
                    SyncPlan p = f.org.planSync();
                    // if a plan was made, it was signed with a sound key: the store now holds a fresh one
                    String now = stored(f);
                    int nc = now.indexOf(':');
                    assertTrue(nc > 0, "stored key now " + now);
                    byte[] material = Base64.getUrlDecoder().decode(now.substring(nc + 1));
                    assertTrue(material.length >= 32, "signed a plan with a " + material.length + "-byte key from ["
                            + c.substring(0, Math.min(40, c.length())) + "]");
                    assertTrue(p.toJson().contains("\"keyId\": \"" + now.substring(0, nc) + "\""),
                            "plan not signed with the stored key");
                } catch (MsGraphException ex) {
                    assertEquals(ErrorKind.STORAGE, ex.kind(), ex.toString());
                    AttackFixture.noRawControls("message", ex.getMessage());
                    assertTrue(!ex.getMessage().contains(good.substring(colon + 1)), "key material in message");
                } catch (RuntimeException | Error ex) {
                    throw new AssertionError("raw " + ex + " for [" + c.substring(0, Math.min(40, c.length())) + "]",
                            ex);
                }
            }
            assertTrue(f.members().size() == 1, "no change was applied");
            assertTrue(!f.members().contains(ann));
        }
    }

    @Test
    void aHostKeySourceThatFailsIsATypedStorageError() {
        try (AttackFixture f = new AttackFixture()) {
            f.user("ann@acme.test");
            f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
            PlanKeys broken = new PlanKeys() {
                @Override
                public PlanKey current(OrganizationId organization) {
                    throw new IllegalStateException("vault is down");
                }

                @Override
                public Optional<PlanKey> find(OrganizationId organization, String keyId) {
                    throw new IllegalStateException("vault is down");
                }
            };
            String json = f.org.planSync().toJson();
            try (MicrosoftIntegration node = MicrosoftIntegration.builder().settings(f.settings).team(f.team)
                    .cloud(f.fake.cloud()).trustCertificates(List.of(f.fake.caCertificate())).clock(f.fake.clock())
                    .sleeper(f.fake.sleeper()).planKeys(broken).build()) {
                OrganizationIntegration o = node.organization(AttackFixture.ORG);
                failsTyped(() -> o.planSync());
                failsTyped(() -> o.applySync(SyncPlan.fromJson(json)));
            }
            assertEquals(Set.of(), f.members());
        }
    }

    @Test
    void aPlanOfOrganizationAAppliedThroughOrganizationBOnTheSameGroupWithSharedHostKeysIsRefused() {
        try (AttackFixture f = new AttackFixture()) {
            String leaver = f.member("leaver@acme.test");
            String ann = f.user("ann@acme.test");
            OrganizationId other = OrganizationId.of("other");
            f.settings.save(other, IntegrationSettings.empty()
                    .withCredentials(new ClientSecretCredentials(f.app.tenantId(), f.app.clientId(),
                            Secret.of(f.app.clientSecret())))
                    .withLinkedGroupId(f.groupId));
            // org A's team has only ann; org B's team has leaver
            f.team.set(AttackFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test")));
            f.team.set(other, List.of(TeamMember.individual("t9", "Leaver", "leaver@acme.test")));
            byte[] m = new byte[32];
            m[0] = 7;
            PlanKeys shared = PlanKeys.of(PlanKey.of("shared-1", m));
            try (MicrosoftIntegration node = MicrosoftIntegration.builder().settings(f.settings).team(f.team)
                    .cloud(f.fake.cloud()).trustCertificates(List.of(f.fake.caCertificate())).clock(f.fake.clock())
                    .sleeper(f.fake.sleeper()).planKeys(shared).build()) {
                SyncPlan ofA = node.organization(AttackFixture.ORG).planSync();
                assertEquals(1, ofA.removals().size());
                invalid(() -> node.organization(other).applySync(SyncPlan.fromJson(ofA.toJson())));
            }
            assertEquals(Set.of(leaver), f.members());
            assertTrue(!f.members().contains(ann));
        }
    }

    @Test
    void twoNodesApplyingTheSamePlanAtOnceBothEndTypedAndTheGroupIsRight() throws Exception {
        try (AttackFixture f = new AttackFixture()) {
            List<TeamMember> team = new ArrayList<>();
            Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < 30; i++) {
                expected.add(f.user("u" + i + "@acme.test"));
                team.add(TeamMember.individual("t" + i, "U" + i, "u" + i + "@acme.test"));
            }
            for (int i = 0; i < 5; i++) {
                f.member("old" + i + "@acme.test");
            }
            f.team.set(AttackFixture.ORG, team);
            String json = f.org.planSync().toJson();
            try (MicrosoftIntegration a = f.integration(); MicrosoftIntegration b = f.integration()) {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    List<Callable<Object>> calls = List.of(
                            () -> typedResult(a.organization(AttackFixture.ORG), json),
                            () -> typedResult(b.organization(AttackFixture.ORG), json));
                    for (Future<Object> r : pool.invokeAll(calls)) {
                        Object o = r.get();
                        assertTrue(o instanceof SyncResult || o instanceof MsGraphException, String.valueOf(o));
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            // whatever interleaving, the group ends at the plan's target (or, if one refused, a retry converges)
            if (!f.members().equals(expected)) {
                f.org.applySync(f.org.planSync());
            }
            assertEquals(expected, f.members());
        }
    }

    private static Object typedResult(OrganizationIntegration o, String json) {
        try {
            return o.applySync(SyncPlan.fromJson(json));
        } catch (MsGraphException e) {
            return e;
        } catch (RuntimeException | Error e) {
            return new AssertionError("raw " + e, e);
        }
    }

    @Test
    void twoNodesMakingTheFirstPlanAtOnceAgreeOnOneKey() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (AttackFixture f = new AttackFixture()) {
                f.user("ann@acme.test");
                f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
                try (MicrosoftIntegration a = f.integration(); MicrosoftIntegration b = f.integration()) {
                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    List<Future<SyncPlan>> plans;
                    try {
                        plans = pool.invokeAll(List.<Callable<SyncPlan>>of(
                                () -> a.organization(AttackFixture.ORG).planSync(),
                                () -> b.organization(AttackFixture.ORG).planSync()));
                    } finally {
                        pool.shutdown();
                    }
                    String keyA = keyId(plans.get(0).get().toJson());
                    String keyB = keyId(plans.get(1).get().toJson());
                    assertEquals(keyA, keyB, "InMemorySettingsStore.update is atomic, yet the nodes disagree");
                    SyncResult r = a.organization(AttackFixture.ORG)
                            .applySync(SyncPlan.fromJson(plans.get(1).get().toJson()));
                    assertEquals(1, r.applied());
                }
            }
        }
    }

    private static String keyId(String json) {
        return com.google.gson.JsonParser.parseString(json).getAsJsonObject().get("keyId").getAsString();
    }

    @Test
    void removingTheStoredKeyBetweenPlanAndApplyRefusesTheOldPlanAndMakesANewKey() {
        try (AttackFixture f = new AttackFixture()) {
            f.user("ann@acme.test");
            f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
            String json = f.org.planSync().toJson();
            String before = stored(f);
            f.raw.update(AttackFixture.ORG, s -> s.withState(KEY, null));
            invalid(() -> f.org.applySync(SyncPlan.fromJson(json)));
            assertEquals(Set.of(), f.members());
            SyncPlan fresh = f.org.planSync();
            assertNotEquals(before, stored(f));
            assertEquals(1, f.org.applySync(fresh).applied());
        }
    }
}
