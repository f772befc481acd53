package cc.equa.msgraph.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** State entries named {@code secret.*} (the default plan-signing key) are sealed like credentials (issue 13). */
class EncryptingSettingsStoreSecretStateTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final OrganizationId GLOBEX = OrganizationId.of("globex");
    private static final String KEY = "k-0123456789abcdef:c2VjcmV0LXBsYW4ta2V5LW1hdGVyaWFsLTMyLWJ5dGVzISE";

    private final MapSettingsStore database = new MapSettingsStore();

    private EncryptingSettingsStore store(boolean acceptPlaintext) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 7);
        return EncryptingSettingsStore.builder().delegate(database).currentKey("k1", k)
                .acceptPlaintext(acceptPlaintext).build();
    }

    private static IntegrationSettings settings() {
        return IntegrationSettings.empty().withState("secret.plan.key", KEY).withState("sync.delta", "plain");
    }

    @Test
    void aSecretStateEntryIsSealedInTheDatabaseAndOpenedOnLoadWhileOtherEntriesStayAsTheyAre() {
        EncryptingSettingsStore store = store(false);
        store.save(ACME, settings());
        IntegrationSettings stored = database.rows.get(ACME);
        String sealed = stored.stateValue("secret.plan.key").orElseThrow();
        assertTrue(EncryptingSettingsStore.isSealed(sealed), sealed);
        assertFalse(sealed.contains(KEY.substring(19)));
        assertEquals("plain", stored.stateValue("sync.delta").orElseThrow());
        assertEquals(settings(), store.load(ACME).orElseThrow());
        assertEquals(KEY, store.update(ACME, s -> s.withState("sync.delta", "next")).stateValue("secret.plan.key")
                .orElseThrow());
        assertTrue(EncryptingSettingsStore.isSealed(database.rows.get(ACME).stateValue("secret.plan.key")
                .orElseThrow()));
    }

    @Test
    void aSealedEntryCopiedToAnotherOrganizationOrEntryDoesNotOpenAndAPlaintextOneIsRefused() {
        EncryptingSettingsStore store = store(false);
        store.save(ACME, settings());
        String sealed = database.rows.get(ACME).stateValue("secret.plan.key").orElseThrow();
        database.rows.put(GLOBEX, IntegrationSettings.empty().withState("secret.plan.key", sealed));
        IllegalStateException copied = assertThrows(IllegalStateException.class, () -> store.load(GLOBEX));
        assertTrue(copied.getMessage().contains("secret.plan.key"), copied.getMessage());
        assertFalse(copied.getMessage().contains(KEY));
        database.rows.put(GLOBEX, IntegrationSettings.empty().withState("secret.other", sealed));
        assertThrows(IllegalStateException.class, () -> store.load(GLOBEX));

        database.rows.put(GLOBEX, IntegrationSettings.empty().withState("secret.plan.key", KEY));
        IllegalStateException plain = assertThrows(IllegalStateException.class, () -> store.load(GLOBEX));
        assertFalse(plain.getMessage().contains(KEY), plain.getMessage());
        assertEquals(KEY, store(true).load(GLOBEX).orElseThrow().stateValue("secret.plan.key").orElseThrow(),
                "accepted while migrating");
    }
}
