package cc.equa.msgraph.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Sealed values are a stored format: values sealed before {@link AppCredentials#clientId()} existed (recorded
 * below, sealed with 32 bytes of 7 under key id "golden") must still open. The associated data binds organization,
 * credential kind, tenant and client id; a change to how any of them is encoded fails here, not in a customer's
 * database.
 */
class SealedFormatCompatibilityTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";

    private final MapSettingsStore database = new MapSettingsStore();

    private EncryptingSettingsStore store() {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 7);
        return EncryptingSettingsStore.builder().delegate(database).currentKey("golden", k).build();
    }

    @Test
    void aClientSecretSealedByEarlierCodeStillOpens() {
        database.rows.put(ACME, IntegrationSettings.empty().withCredentials(ClientSecretCredentials.of(TENANT, CLIENT,
                "msgraph-sealed:v1:golden:26f4bf1_pYQAzUcU:E5i2sj8WS5pgFUYQYp0LEO579qhwTfbBfkO1TAw")));

        ClientSecretCredentials opened = (ClientSecretCredentials) store().load(ACME).orElseThrow().credentials();

        assertEquals("golden-secret", opened.clientSecret().reveal());
    }

    @Test
    void aCertificateAndPasswordSealedByEarlierCodeStillOpen() {
        database.rows.put(ACME, IntegrationSettings.empty().withCredentials(ClientCertificateCredentials.pkcs12(TENANT,
                CLIENT, "msgraph-sealed:v1:golden:sKOBy-WslBcQ_zQi:Wa9QqftHtHBo8TKR60wtZL4ricqw-jyx",
                "msgraph-sealed:v1:golden:wEZq0EfS354-Kmnj:V2PmMsf7ST6lgm1CyW44ab1gd_P1XPft3OiUa-05Qg")));

        ClientCertificateCredentials opened =
                (ClientCertificateCredentials) store().load(ACME).orElseThrow().credentials();

        assertEquals("Z29sZGVu", opened.certificate().reveal());
        assertEquals("golden-password", opened.password().reveal());
    }
}
