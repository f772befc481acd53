package cc.equa.msgraph.it.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.EncryptingSettingsStore;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.SealedSettingsException;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A stored secret that cannot be opened (short, garbled, unknown key, sealed for another organization) reaches the
 * caller as an {@link MsGraphException} of kind STORAGE saying to check the key ring or re-enter the credentials,
 * with the {@link SealedSettingsException} as its cause, before any request and without changing what is stored.
 */
class SealedSettingsFailureTest {

    static final OrganizationId ACME = OrganizationId.of("sealed-acme");

    static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void anUnreadableSealedSecretIsAStorageErrorWithRemediationBeforeAnyRequest() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            FakeApp app = ConnectFixture.app(fake, "Group.Read.All");
            InMemorySettingsStore database = new InMemorySettingsStore();
            EncryptingSettingsStore store = EncryptingSettingsStore.builder().delegate(database)
                    .currentKey("k1", key(1)).build();
            String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[12]);
            store.save(OrganizationId.of("other-org"), IntegrationSettings.empty()
                    .withCredentials(ConnectFixture.credentials(app)));
            String otherOrgs = ((ClientSecretCredentials) database.load(OrganizationId.of("other-org")).orElseThrow()
                    .credentials()).clientSecret().reveal();
            Map<String, String> stored = Map.of(
                    "shorter than its tag", "msgraph-sealed:v1:k1:" + nonce + ":AAAA",
                    "garbled Base64", "msgraph-sealed:v1:k1:!!!:???",
                    "unknown key id", "msgraph-sealed:v1:k7:" + nonce + ":" + "A".repeat(40),
                    "sealed for another organization", otherOrgs,
                    "truncated", "msgraph-sealed:v1:k1");
            try (MicrosoftIntegration microsoft = ConnectFixture.integration(fake, store, new RecordingAuditSink())) {
                OrganizationIntegration org = microsoft.organization(ACME);
                List<Consumer<OrganizationIntegration>> calls = List.of(OrganizationIntegration::status,
                        OrganizationIntegration::planSync, OrganizationIntegration::members,
                        OrganizationIntegration::testConnection, OrganizationIntegration::disable);
                for (Map.Entry<String, String> e : stored.entrySet()) {
                    IntegrationSettings row = IntegrationSettings.empty().withCredentials(ClientSecretCredentials.of(
                            app.tenantId(), app.clientId(), e.getValue())).withLinkedGroupId("g-1");
                    database.save(ACME, row);
                    for (Consumer<OrganizationIntegration> call : calls) {
                        fake.journal().clear();
                        MsGraphException thrown = assertThrows(MsGraphException.class, () -> call.accept(org),
                                e.getKey());
                        assertEquals(ErrorKind.STORAGE, thrown.kind(), e.getKey() + ": " + thrown.getMessage());
                        assertInstanceOf(SealedSettingsException.class, thrown.getCause(), e.getKey());
                        String remediation = thrown.remediation();
                        assertTrue(remediation.contains("key ring") && remediation.contains("enter the credentials"),
                                remediation);
                        assertTrue(thrown.getMessage().contains("cannot be decrypted"), thrown.getMessage());
                        assertFalse(thrown.getMessage().contains(e.getValue()), thrown.getMessage());
                        assertTrue(fake.journal().calls().isEmpty(), e.getKey() + ": no request");
                        assertEquals(row, database.load(ACME).orElseThrow(), "nothing stored changed");
                    }
                }
            }
        }
    }
}
