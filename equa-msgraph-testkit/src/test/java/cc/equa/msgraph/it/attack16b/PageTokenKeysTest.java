package cc.equa.msgraph.it.attack16b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Page tokens across plan-key sources, key rotation and the organization's connection lifecycle. */
class PageTokenKeysTest extends TokenHarness {

    private static final OrganizationId ACME = OrganizationId.of("acme");

    private static PlanKey key(String id, int fill) {
        byte[] material = new byte[32];
        Arrays.fill(material, (byte) fill);
        return PlanKey.of(id, material);
    }

    /** Records every key id the library asks for. */
    private static final class RecordingKeys implements PlanKeys {
        final PlanKeys inner;
        final List<String> asked = new CopyOnWriteArrayList<>();

        RecordingKeys(PlanKeys inner) {
            this.inner = inner;
        }

        @Override
        public PlanKey current(OrganizationId organization) {
            return inner.current(organization);
        }

        @Override
        public Optional<PlanKey> find(OrganizationId organization, String keyId) {
            asked.add(keyId);
            return inner.find(organization, keyId);
        }
    }

    private static List<String> ids(OrganizationIntegration org, String token) {
        return org.groups(GroupQuery.page(token)).groups().stream().map(GroupInfo::id).toList();
    }

    @Test
    void tokenUnderCustomKeysIsRefusedByANodeWithDefaultKeysAndViceVersa() {
        MicrosoftIntegration custom = node(store, PlanKeys.of(key("vault-1", 7)));
        connect(acme);
        String fromDefault = token(acme, GroupQuery.all().pageSize(2));
        String fromCustom = token(custom.organization(ACME), GroupQuery.all().pageSize(2));
        assertTrue(ids(custom.organization(ACME), fromCustom).size() == 2);
        assertNone(notRefused(acme, List.of(fromCustom), "custom token on default node"));
        assertNone(notRefused(custom.organization(ACME), List.of(fromDefault), "default token on custom node"));
    }

    @Test
    void rotationKeepsRetiredKeysTokensAndRefusesRemovedOrReplacedKeys() {
        PlanKey k1 = key("k1", 1);
        PlanKey k2 = key("k2", 2);
        MicrosoftIntegration old = node(store, PlanKeys.of(k1));
        connect(old.organization(ACME));
        String t1 = token(old.organization(ACME), GroupQuery.all().pageSize(2));
        List<String> expected = ids(old.organization(ACME), t1);

        MicrosoftIntegration rotated = node(store, PlanKeys.of(k2, k1));
        assertEquals(expected, ids(rotated.organization(ACME), t1), "a retired key still returned must verify");
        String t2 = token(rotated.organization(ACME), GroupQuery.all().pageSize(2));
        assertNone(notRefused(old.organization(ACME), List.of(t2), "new-key token on a node without the new key"));

        MicrosoftIntegration retiredGone = node(store, PlanKeys.of(k2));
        assertNone(notRefused(retiredGone.organization(ACME), List.of(t1), "token of a removed key"));
        assertEquals(expected.size(), ids(retiredGone.organization(ACME), t2).size());

        MicrosoftIntegration sameIdOtherMaterial = node(store, PlanKeys.of(key("k1", 9)));
        assertNone(notRefused(sameIdOtherMaterial.organization(ACME), List.of(t1), "same key id, other key"));
    }

    /** PlanKeys.find promises implementations an id of 1-64 of A-Z a-z 0-9 _ . - even from a hostile token. */
    @Test
    void aHostileKeyIdInATokenNeverReachesTheHostsKeySourceOutsideItsGrammar() {
        RecordingKeys keys = new RecordingKeys(PlanKeys.of(key("vault-1", 7), key("vault-0", 6)));
        MicrosoftIntegration host = node(store, keys);
        OrganizationIntegration org = host.organization(ACME);
        connect(org);
        String token = token(org, GroupQuery.all().pageSize(2));
        String[] parts = token.split("\\.", -1);
        int keyPart = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].contains("vault-1")) {
                keyPart = i;
            }
        }
        List<String> candidates = new ArrayList<>();
        List<String> hostile = List.of("", "a".repeat(65), "a".repeat(1000), "../x", "vault 1", "vault-1\n",
                "vault-1\u0000", "vault-é", "vault-1/", "vault-1%2e", "vault-0", "*", "vault-1;drop");
        if (keyPart >= 0) {
            for (String h : hostile) {
                String[] p = parts.clone();
                p[keyPart] = parts[keyPart].replace("vault-1", h);
                candidates.add(String.join(".", p));
            }
        } else {
            // the key id is not visible: splice hostile ids in every part
            for (int i = 0; i < parts.length; i++) {
                for (String h : hostile) {
                    String[] p = parts.clone();
                    p[i] = h;
                    candidates.add(String.join(".", p));
                }
            }
        }
        keys.asked.clear();
        assertNone(notRefused(org, candidates, "key id"));
        Pattern grammar = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
        List<String> outside = keys.asked.stream().filter(id -> !grammar.matcher(id).matches()).toList();
        assertEquals(List.of(), outside, "ids outside PlanKeys.find's documented grammar were passed to the host");
    }

    @Test
    void aTokenAfterDisconnectOrDisableIsRefusedWithoutARequestAndWithoutEchoingIt() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        acme.disable();
        fake.journal().clear();
        IntegrationUnavailableException disabled = assertThrows(IntegrationUnavailableException.class,
                () -> acme.groups(GroupQuery.page(token)));
        assertFalse(disabled.getMessage().contains(token));
        acme.enable();
        assertEquals(2, acme.groups(GroupQuery.page(token)).groups().size());
        acme.disconnect();
        fake.journal().clear();
        IntegrationUnavailableException gone = assertThrows(IntegrationUnavailableException.class,
                () -> acme.groups(GroupQuery.page(token)));
        assertFalse(gone.getMessage().contains(token));
        assertEquals(0, fake.journal().calls().size(), fake.journal().calls().toString());
    }

    @Test
    void aTokenAfterReconnectingTheSameTenantStillListsTheSameDirectory() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        List<String> expected = ids(acme, token);
        acme.disconnect();
        connect(acme);
        assertEquals(expected, ids(acme, token));
    }

    @Test
    void aTokenAfterTheOrganizationsSettingsAreDeletedAndItReconnectsIsRefused() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        store.delete(ACME);
        connect(acme);
        token(acme, GroupQuery.all().pageSize(2)); // a new key for the new settings
        assertNone(notRefused(acme, List.of(token), "token of deleted settings"));
    }

    /** Two threads (and two nodes) paging the same token at once get the same page. */
    @Test
    void concurrentPagingOfOneTokenGivesTheSamePageEverywhere() throws Exception {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        List<String> expected = ids(acme, token);
        MicrosoftIntegration other = node(store, null);
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(n);
            List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                OrganizationIntegration org = (i % 2 == 0 ? microsoft : other).organization(ACME);
                results.add(pool.submit(() -> {
                    barrier.await();
                    return ids(org, token);
                }));
            }
            for (var f : results) {
                assertEquals(expected, f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * With default keys, the first listings of fresh organizations run at once on two nodes sharing the store: if
     * each node made its own key, one node's tokens would be refused by the other.
     */
    @Test
    void firstListingsRacingOnTwoNodesIssueTokensBothNodesAccept() throws Exception {
        InMemorySettingsStore shared = new InMemorySettingsStore();
        MicrosoftIntegration n1 = node(shared, null);
        MicrosoftIntegration n2 = node(shared, null);
        int orgs = 6;
        for (int i = 0; i < orgs; i++) {
            connect(n1.organization(OrganizationId.of("race" + i)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < orgs; i++) {
                OrganizationId id = OrganizationId.of("race" + i);
                java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
                var f1 = pool.submit(() -> {
                    barrier.await();
                    return token(n1.organization(id), GroupQuery.all().pageSize(2));
                });
                var f2 = pool.submit(() -> {
                    barrier.await();
                    return token(n2.organization(id), GroupQuery.all().pageSize(2));
                });
                String t1 = f1.get(60, java.util.concurrent.TimeUnit.SECONDS);
                String t2 = f2.get(60, java.util.concurrent.TimeUnit.SECONDS);
                for (MicrosoftIntegration n : List.of(n1, n2)) {
                    for (String t : List.of(t1, t2)) {
                        assertEquals(2, n.organization(id).groups(GroupQuery.page(t)).groups().size(),
                                "org " + id + ": a token of one racing node refused");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
