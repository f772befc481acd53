package cc.equa.msgraph.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentDefaultsSettingsStoreTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    private static final String SECRET = "platform~secret.value_0123456789abcdefgh";
    private static final ClientSecretCredentials PLATFORM = ClientSecretCredentials.of(TENANT, CLIENT, SECRET);
    private static final ClientSecretCredentials OWN = ClientSecretCredentials.of(TENANT,
            "99999999-2222-3333-4444-555555555555", "own~secret");

    private final MapSettingsStore database = new MapSettingsStore();

    private static Map<String, String> env(String enabled) {
        Map<String, String> env = new HashMap<>(Map.of("MS_AUTH_CLIENT_ID", CLIENT, "MS_AUTH_TENANT_ID", TENANT,
                "MS_AUTH_SECRET", SECRET, "PATH", "/usr/bin"));
        if (enabled != null) {
            env.put("MS_AUTH_ENABLED", enabled);
        }
        return env;
    }

    @Test
    void organizationWithNothingStoredGetsTheEnvironmentCredentialsAndEnabledFlag() {
        EnvironmentDefaultsSettingsStore store = EnvironmentDefaultsSettingsStore.of(database, env("false"));
        IntegrationSettings loaded = store.load(ACME).orElseThrow();
        assertEquals(PLATFORM, loaded.credentials());
        assertFalse(loaded.enabled());
        assertNull(loaded.linkedGroupId());
        assertTrue(store.usesDefaultCredentials(ACME));
        assertTrue(store.defaultCredentials().isPresent());
        assertFalse(store.defaultEnabled());
    }

    @Test
    void enabledDefaultsToTrueAndAcceptsAnyCase() {
        assertTrue(EnvironmentDefaultsSettingsStore.of(database, env(null)).load(ACME).orElseThrow().enabled());
        assertTrue(EnvironmentDefaultsSettingsStore.of(database, env("TRUE")).load(ACME).orElseThrow().enabled());
        assertFalse(EnvironmentDefaultsSettingsStore.of(database, env("False")).defaultEnabled());
    }

    @Test
    void noEnvironmentMeansPassThrough() {
        EnvironmentDefaultsSettingsStore store = EnvironmentDefaultsSettingsStore.of(database,
                Map.of("MS_AUTH_SECRET", " "));
        assertEquals(Optional.empty(), store.load(ACME));
        store.save(ACME, IntegrationSettings.empty().withCredentials(OWN));
        assertEquals(OWN, database.rows.get(ACME).credentials());
        assertFalse(store.usesDefaultCredentials(ACME));
    }

    @Test
    void savesGoToTheDelegateWithoutCopyingThePlatformSecret() {
        EnvironmentDefaultsSettingsStore store = EnvironmentDefaultsSettingsStore.of(database, env("true"));
        IntegrationSettings linked = store.update(ACME, s -> s.withLinkedGroupId("g-1"));

        assertEquals(PLATFORM, linked.credentials());
        IntegrationSettings row = database.rows.get(ACME);
        assertNull(row.credentials(), "the platform secret must not be copied into the organization's row");
        assertEquals("g-1", row.linkedGroupId());
        assertEquals(PLATFORM, store.load(ACME).orElseThrow().credentials());

        store.save(ACME, store.load(ACME).orElseThrow().withEnabled(false));
        assertNull(database.rows.get(ACME).credentials());
        assertFalse(store.load(ACME).orElseThrow().enabled());
    }

    @Test
    void rotatedEnvironmentSecretIsFollowedByInheritingOrganizations() {
        EnvironmentDefaultsSettingsStore.of(database, env("true")).update(ACME, s -> s.withLinkedGroupId("g-1"));
        Map<String, String> rotated = env("true");
        rotated.put("MS_AUTH_SECRET", "rotated~secret");
        IntegrationSettings loaded = EnvironmentDefaultsSettingsStore.of(database, rotated).load(ACME).orElseThrow();
        assertEquals("rotated~secret", ((ClientSecretCredentials) loaded.credentials()).clientSecret().reveal());
    }

    @Test
    void organizationOwnCredentialsWin() {
        EnvironmentDefaultsSettingsStore store = EnvironmentDefaultsSettingsStore.of(database, env("true"));
        store.update(ACME, s -> s.withCredentials(OWN));
        assertEquals(OWN, database.rows.get(ACME).credentials());
        assertEquals(OWN, store.load(ACME).orElseThrow().credentials());
        assertFalse(store.usesDefaultCredentials(ACME));
    }

    @Test
    void disconnectedOrganizationStaysDisconnectedAndDeleteRestoresDefaults() {
        EnvironmentDefaultsSettingsStore store = EnvironmentDefaultsSettingsStore.of(database, env("true"));
        IntegrationSettings after = store.update(ACME, s -> s.withCredentials(null));
        assertNull(after.credentials());
        IntegrationSettings loaded = store.load(ACME).orElseThrow();
        assertNull(loaded.credentials());
        assertEquals(Map.of(), loaded.state(), "the opt-out marker is the decorator's own and is not handed out");
        assertFalse(store.usesDefaultCredentials(ACME));

        store.update(ACME, s -> s.withCredentials(OWN));
        assertEquals(OWN, store.load(ACME).orElseThrow().credentials());
        store.update(ACME, s -> s.withCredentials(PLATFORM)); // choosing the platform app again: inherit
        assertNull(database.rows.get(ACME).credentials());
        assertFalse(database.rows.get(ACME).state().containsKey("defaults.credentials"));
        assertTrue(store.usesDefaultCredentials(ACME));

        store.update(ACME, s -> s.withCredentials(null));
        store.delete(ACME);
        assertEquals(PLATFORM, store.load(ACME).orElseThrow().credentials());
    }

    @Test
    void partialEnvironmentIsRejectedNamingTheMissingVariablesButNeverTheSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvironmentDefaultsSettingsStore.of(database, Map.of("MS_AUTH_SECRET", SECRET)));
        assertTrue(e.getMessage().contains("MS_AUTH_CLIENT_ID") && e.getMessage().contains("MS_AUTH_TENANT_ID"),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
        assertThrows(IllegalArgumentException.class,
                () -> EnvironmentDefaultsSettingsStore.of(database, env("yes")));
    }

    @Test
    void valuesAreNotTrimmedSoValidationCanReportThem() {
        Map<String, String> env = env(null);
        env.put("MS_AUTH_SECRET", SECRET + "\n");
        ClientSecretCredentials loaded = (ClientSecretCredentials) EnvironmentDefaultsSettingsStore.of(database, env)
                .load(ACME).orElseThrow().credentials();
        assertEquals(SECRET + "\n", loaded.clientSecret().reveal());
        assertFalse(String.valueOf(loaded).contains(SECRET));
        assertTrue(Arrays.asList(EnvironmentDefaultsSettingsStore.CLIENT_ID, EnvironmentDefaultsSettingsStore.TENANT_ID,
                EnvironmentDefaultsSettingsStore.SECRET, EnvironmentDefaultsSettingsStore.ENABLED)
                .stream().allMatch(n -> n.startsWith("MS_AUTH_")));
    }

    @Test
    void composesOutsideTheEncryptingStoreWithoutSealingThePlatformSecret() {
        byte[] key = new byte[32];
        EncryptingSettingsStore sealed = EncryptingSettingsStore.builder().delegate(database).currentKey("k", key)
                .build();
        EnvironmentDefaultsSettingsStore store = EnvironmentDefaultsSettingsStore.of(sealed, env("true"));
        store.update(ACME, s -> s.withCredentials(OWN));
        assertTrue(EncryptingSettingsStore.isSealed(
                ((ClientSecretCredentials) database.rows.get(ACME).credentials()).clientSecret().reveal()));
        assertEquals(OWN, store.load(ACME).orElseThrow().credentials());
    }
}
