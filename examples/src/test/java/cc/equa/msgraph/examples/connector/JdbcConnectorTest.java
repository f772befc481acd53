package cc.equa.msgraph.examples.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.EncryptingSettingsStore;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The JDBC connector example: settings survive a restart, and the database never holds the plaintext secret. */
class JdbcConnectorTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");

    @Test
    void connectStoresASealedSecretThatARestartedApplicationCanUse() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);

        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All", "User.Read.All")
                    .build());
            fake.directory().addGroup("Acme Board");

            try (MicrosoftIntegration microsoft = integration(fake, sealed(db, key))) {
                ConnectionReport report = microsoft.organization(ACME).connect(
                        ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret()));
                assertTrue(report.saved(), report::render);
            }

            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                    ResultSet row = s.executeQuery("SELECT kind, client_id, secret FROM msgraph_settings")) {
                assertTrue(row.next());
                assertEquals("client_secret", row.getString("kind"));
                assertEquals(app.clientId(), row.getString("client_id"));
                String stored = row.getString("secret");
                assertTrue(EncryptingSettingsStore.isSealed(stored), stored);
                assertFalse(stored.contains(app.clientSecret()), "the database holds the plaintext secret");
                assertFalse(row.next());
            }

            // The application restarts: a new integration over the same database and key finds the credentials.
            try (MicrosoftIntegration restarted = integration(fake, sealed(db, key))) {
                ConnectionReport again = restarted.organization(ACME).testConnection();
                assertTrue(again.passed(), again::render);
            }

            // With another key, the sealed secret cannot be opened: a clear failure, never a garbled secret.
            byte[] otherKey = new byte[32];
            new SecureRandom().nextBytes(otherKey);
            SettingsStore wrongKey = EncryptingSettingsStore.builder().delegate(new JdbcSettingsStore(db))
                    .currentKey("k2", otherKey).build();
            assertThrows(RuntimeException.class, () -> wrongKey.load(ACME));
        }
    }

    @Test
    void updateKeepsTheStateAndTheLinkedGroup() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcSettingsStore store = new JdbcSettingsStore(db);
        store.update(ACME, s -> s.withLinkedGroupId("0f3c1f9e-6a2b-4c1d-9e8f-1a2b3c4d5e6f")
                .withState("sync.lastPlan", "p-1").withState("note", "a=b\nc"));
        IntegrationSettings loaded = store.load(ACME).orElseThrow();
        assertEquals(Optional.of("0f3c1f9e-6a2b-4c1d-9e8f-1a2b3c4d5e6f"), loaded.linkedGroupIdIfAny());
        assertEquals("p-1", loaded.stateValue("sync.lastPlan").orElseThrow());
        assertEquals("a=b\nc", loaded.stateValue("note").orElseThrow());
        store.delete(ACME);
        assertTrue(store.load(ACME).isEmpty());
    }

    private static SettingsStore sealed(JdbcDataSource db, byte[] key) {
        return EncryptingSettingsStore.builder().delegate(new JdbcSettingsStore(db)).currentKey("k1", key).build();
    }

    private static MicrosoftIntegration integration(FakeGraphTenant fake, SettingsStore store) {
        return MicrosoftIntegration.builder().settings(store).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate())).build();
    }
}
