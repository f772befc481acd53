package cc.equa.msgraph.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptingSettingsStoreTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    private static final String SECRET = "s3cr3t~Value.With-Chars_0123456789abcdef";

    private final MapSettingsStore database = new MapSettingsStore();

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private EncryptingSettingsStore store() {
        return EncryptingSettingsStore.builder().delegate(database).currentKey("k1", key(1)).build();
    }

    private static IntegrationSettings withSecret() {
        return IntegrationSettings.empty().withCredentials(ClientSecretCredentials.of(TENANT, CLIENT, SECRET))
                .withLinkedGroupId("g-1");
    }

    private String storedSecret(OrganizationId org) {
        return ((ClientSecretCredentials) database.rows.get(org).credentials()).clientSecret().reveal();
    }

    @Test
    void databaseNeverHoldsThePlaintextSecretAndLoadOpensIt() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());

        String stored = storedSecret(ACME);
        assertTrue(stored.startsWith("msgraph-sealed:v1:k1:"), stored);
        assertFalse(stored.contains(SECRET));
        assertFalse(database.rows.get(ACME).toString().contains(SECRET));
        IntegrationSettings loaded = store.load(ACME).orElseThrow();
        assertEquals(withSecret(), loaded);
        assertEquals(SECRET, ((ClientSecretCredentials) loaded.credentials()).clientSecret().reveal());
    }

    @Test
    void everySealUsesAFreshNonce() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());
        String first = storedSecret(ACME);
        store.save(ACME, withSecret());
        assertNotEquals(first, storedSecret(ACME));
    }

    @Test
    void tamperedCiphertextIsDetected() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());
        String sealed = storedSecret(ACME);
        String[] parts = sealed.split(":");
        byte[] body = Base64.getUrlDecoder().decode(parts[4]);
        body[0] ^= 1;
        String tampered = String.join(":", parts[0], parts[1], parts[2], parts[3],
                Base64.getUrlEncoder().withoutPadding().encodeToString(body));
        database.rows.put(ACME, withSecret().withCredentials(ClientSecretCredentials.of(TENANT, CLIENT, tampered)));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.load(ACME));
        assertTrue(e.getMessage().contains("altered"), e.getMessage());
        assertTrue(e.getMessage().contains("clientSecret"), e.getMessage());
        assertFalse(e.getMessage().contains(tampered));
    }

    @Test
    void truncatedEnvelopeIsDetected() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());
        String sealed = storedSecret(ACME);
        database.rows.put(ACME, withSecret().withCredentials(
                ClientSecretCredentials.of(TENANT, CLIENT, sealed.substring(0, sealed.lastIndexOf(':')))));
        assertThrows(IllegalStateException.class, () -> store.load(ACME));
    }

    @Test
    void sealedSecretCopiedToAnotherOrganizationIsRefused() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());
        database.rows.put(GLOBEX, database.rows.get(ACME));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.load(GLOBEX));
        assertTrue(e.getMessage().contains("globex"), e.getMessage());
        assertTrue(e.getMessage().contains("another organization"), e.getMessage());
        assertEquals(SECRET, ((ClientSecretCredentials) store.load(ACME).orElseThrow().credentials())
                .clientSecret().reveal());
    }

    @Test
    void sealedSecretMovedNextToAnotherClientIdIsRefused() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());
        String sealed = storedSecret(ACME);
        database.rows.put(ACME, withSecret().withCredentials(
                ClientSecretCredentials.of(TENANT, "99999999-2222-3333-4444-555555555555", sealed)));
        assertThrows(IllegalStateException.class, () -> store.load(ACME));
    }

    @Test
    void rotationOpensOldSecretsAndResealsUnderTheCurrentKey() {
        store().save(ACME, withSecret());
        EncryptingSettingsStore rotated = EncryptingSettingsStore.builder().delegate(database)
                .currentKey("k2", key(2)).retiredKey("k1", key(1)).build();

        assertEquals(withSecret(), rotated.load(ACME).orElseThrow());
        assertTrue(storedSecret(ACME).startsWith("msgraph-sealed:v1:k1:"));
        rotated.reseal(ACME);
        assertTrue(storedSecret(ACME).startsWith("msgraph-sealed:v1:k2:"), storedSecret(ACME));

        EncryptingSettingsStore onlyNew = EncryptingSettingsStore.builder().delegate(database)
                .currentKey("k2", key(2)).build();
        assertEquals(withSecret(), onlyNew.load(ACME).orElseThrow());
        rotated.reseal(GLOBEX); // nothing stored: nothing written
        assertFalse(database.rows.containsKey(GLOBEX));
    }

    @Test
    void unknownKeyIdIsNamed() {
        store().save(ACME, withSecret());
        EncryptingSettingsStore other = EncryptingSettingsStore.builder().delegate(database)
                .currentKey("k9", key(9)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.load(ACME));
        assertTrue(e.getMessage().contains("'k1'"), e.getMessage());
    }

    @Test
    void wrongKeyUnderTheSameIdIsDetected() {
        store().save(ACME, withSecret());
        EncryptingSettingsStore other = EncryptingSettingsStore.builder().delegate(database)
                .currentKey("k1", key(7)).build();
        assertThrows(IllegalStateException.class, () -> other.load(ACME));
    }

    @Test
    void plaintextOnLoadIsRefusedUnlessMigrating() {
        database.rows.put(ACME, withSecret());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store().load(ACME));
        assertTrue(e.getMessage().contains("not sealed"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));

        EncryptingSettingsStore migrating = EncryptingSettingsStore.builder().delegate(database)
                .currentKey("k1", key(1)).acceptPlaintext(true).build();
        assertEquals(withSecret(), migrating.load(ACME).orElseThrow());
        migrating.reseal(ACME);
        assertTrue(EncryptingSettingsStore.isSealed(storedSecret(ACME)));
        assertEquals(withSecret(), store().load(ACME).orElseThrow());
    }

    @Test
    void certificateMaterialAndPasswordAreSealed() {
        EncryptingSettingsStore store = store();
        ClientCertificateCredentials cert = ClientCertificateCredentials.pkcs12(TENANT, CLIENT, "UEtDUzEyYnl0ZXM=",
                "pfx-password");
        store.save(ACME, IntegrationSettings.empty().withCredentials(cert));

        ClientCertificateCredentials stored = (ClientCertificateCredentials) database.rows.get(ACME).credentials();
        assertTrue(EncryptingSettingsStore.isSealed(stored.certificate().reveal()));
        assertTrue(EncryptingSettingsStore.isSealed(stored.password().reveal()));
        assertEquals(cert, store.load(ACME).orElseThrow().credentials());
    }

    @Test
    void credentialsWithoutSecretsAndEmptySettingsPassThrough() {
        EncryptingSettingsStore store = store();
        ManagedIdentityCredentials mi = new ManagedIdentityCredentials(TENANT, null);
        store.save(ACME, IntegrationSettings.empty().withCredentials(mi));
        assertEquals(mi, database.rows.get(ACME).credentials());
        store.save(GLOBEX, IntegrationSettings.empty());
        assertEquals(IntegrationSettings.empty(), store.load(GLOBEX).orElseThrow());
    }

    @Test
    void updateSealsAndReturnsTheOpenedResult() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());
        IntegrationSettings result = store.update(ACME, s -> s.withEnabled(false));
        assertFalse(result.enabled());
        assertEquals(SECRET, ((ClientSecretCredentials) result.credentials()).clientSecret().reveal());
        assertTrue(EncryptingSettingsStore.isSealed(storedSecret(ACME)));
        assertFalse(database.rows.get(ACME).enabled());
    }

    @Test
    void savingAnAlreadySealedValueIsRefused() {
        EncryptingSettingsStore store = store();
        store.save(ACME, withSecret());
        IntegrationSettings raw = database.rows.get(ACME);
        assertThrows(IllegalArgumentException.class, () -> store.save(GLOBEX, raw));
    }

    @Test
    void builderChecksKeysAndRequiredParts() {
        assertThrows(IllegalArgumentException.class,
                () -> EncryptingSettingsStore.builder().currentKey("k1", new byte[15]));
        assertThrows(IllegalArgumentException.class,
                () -> EncryptingSettingsStore.builder().currentKey("bad id", key(1)));
        assertThrows(IllegalArgumentException.class,
                () -> EncryptingSettingsStore.builder().currentKey("k1", key(1)).retiredKey("k1", key(2)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EncryptingSettingsStore.builder().build());
        assertTrue(e.getMessage().contains("delegate") && e.getMessage().contains("current key"), e.getMessage());
        assertEquals("k1", store().currentKeyId());
        assertEquals(Map.of(), IntegrationSettings.empty().state());
    }
}
