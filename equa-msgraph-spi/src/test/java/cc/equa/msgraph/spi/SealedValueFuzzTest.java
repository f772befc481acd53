package cc.equa.msgraph.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.spi.SealedSettingsException.Problem;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Whatever a stored sealed value looks like, {@link EncryptingSettingsStore} fails with its one documented type,
 * {@link SealedSettingsException}, naming the organization and the field and never echoing the value.
 */
class SealedValueFuzzTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String NONCE = B64.encodeToString(new byte[12]);

    private final MapSettingsStore database = new MapSettingsStore();
    private final EncryptingSettingsStore store = EncryptingSettingsStore.builder().delegate(database)
            .currentKey("k1", key(1)).retiredKey("k0", key(2)).build();

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private void putStored(String value) {
        database.rows.put(ACME, IntegrationSettings.empty()
                .withCredentials(ClientSecretCredentials.of(TENANT, CLIENT, value)));
    }

    private SealedSettingsException refused(String stored) {
        putStored(stored);
        SealedSettingsException e = assertThrows(SealedSettingsException.class, () -> store.load(ACME), stored);
        assertEquals(ACME, e.organization());
        assertEquals("clientSecret", e.field());
        assertTrue(e.getMessage().contains("acme") && e.getMessage().contains("clientSecret"), e.getMessage());
        int cut = stored.lastIndexOf(':');
        if (cut >= 0 && stored.length() - cut > 4) {
            assertFalse(e.getMessage().contains(stored.substring(cut + 1)), e.getMessage());
        }
        assertNoLineBreakOrInvisible(e.getMessage());
        // The update path opens the same way.
        SealedSettingsException viaUpdate = assertThrows(SealedSettingsException.class,
                () -> store.update(ACME, UnaryOperator.identity()), stored);
        assertEquals(e.problem(), viaUpdate.problem());
        return e;
    }

    private static void assertNoLineBreakOrInvisible(String text) {
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            assertFalse(type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR, () -> String.format("U+%04X in %s", cp, text));
        });
    }

    @Test
    void ciphertextShorterThanItsTagIsATypedFailureNotAProviderException() {
        for (int n : new int[] {0, 1, 5, 15}) {
            SealedSettingsException e = refused("msgraph-sealed:v1:k1:" + NONCE + ":" + B64.encodeToString(new byte[n]));
            assertEquals(Problem.DOES_NOT_OPEN, e.problem(), "length " + n);
            assertEquals("k1", e.keyId().orElseThrow());
        }
    }

    @Test
    void everyKindOfBrokenEnvelopeHasItsProblem() {
        String body = B64.encodeToString(new byte[40]);
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:").problem());
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:v1:k1:" + NONCE).problem());
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:v2:k1:" + NONCE + ":" + body).problem());
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:v1:k1:!!!:" + body).problem());
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:v1:k1:" + NONCE + ":%%%%").problem());
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:v1:k1:AAAA:" + body).problem());
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:v1:k1:" + NONCE + ":" + body + ":extra").problem());
        // A key id that is not one (line break, bidi control) is never echoed.
        SealedSettingsException forged = refused("msgraph-sealed:v1:k1\nremove all:" + NONCE + ":" + body);
        assertEquals(Problem.MALFORMED, forged.problem());
        assertTrue(forged.keyId().isEmpty());
        assertEquals(Problem.MALFORMED, refused("msgraph-sealed:v1:\u202Ek1:" + NONCE + ":" + body).problem());
        SealedSettingsException unknown = refused("msgraph-sealed:v1:k9:" + NONCE + ":" + body);
        assertEquals(Problem.UNKNOWN_KEY, unknown.problem());
        assertEquals("k9", unknown.keyId().orElseThrow());
        assertEquals(Problem.DOES_NOT_OPEN, refused("msgraph-sealed:v1:k0:" + NONCE + ":" + body).problem());
        assertEquals(Problem.PLAINTEXT, refused("plain-secret-value").problem());
    }

    @Test
    void aValueSealedForAnotherOrganizationDoesNotOpen() {
        OrganizationId globex = OrganizationId.of("globex");
        store.save(globex, IntegrationSettings.empty()
                .withCredentials(ClientSecretCredentials.of(TENANT, CLIENT, "the-secret-value")));
        String sealed = ((ClientSecretCredentials) database.rows.get(globex).credentials()).clientSecret().reveal();
        assertEquals(Problem.DOES_NOT_OPEN, refused(sealed).problem());
    }

    @Test
    void randomAndMutatedSealedValuesNeverThrowAnythingElse() {
        store.save(ACME, IntegrationSettings.empty()
                .withCredentials(ClientSecretCredentials.of(TENANT, CLIENT, "the-secret-value")));
        String good = ((ClientSecretCredentials) database.rows.get(ACME).credentials()).clientSecret().reveal();
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String alphabet = "AZaz09-_:=+/!%\n\u202E\u0000\u00e9\uD800";
        int opened = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder v = new StringBuilder(good);
            switch (random.nextInt(4)) {
                case 0 -> v.setLength(random.nextInt(v.length() + 1));
                case 1 -> {
                    for (int j = 1 + random.nextInt(3); j > 0 && v.length() > 0; j--) {
                        v.setCharAt(random.nextInt(v.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                case 2 -> v.insert(random.nextInt(v.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
                default -> {
                    v.setLength("msgraph-sealed:".length());
                    for (int j = random.nextInt(80); j > 0; j--) {
                        v.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            }
            putStored(v.toString());
            try {
                store.load(ACME);
                opened++;
            } catch (SealedSettingsException expected) {
                assertNoLineBreakOrInvisible(expected.getMessage());
            } catch (RuntimeException other) {
                fail("seed " + seed + ", value " + v + ": " + other, other);
            }
        }
        assertTrue(opened < 3000, "some mutations must be refused");
    }
}
