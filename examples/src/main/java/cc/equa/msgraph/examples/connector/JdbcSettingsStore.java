package cc.equa.msgraph.examples.connector;

import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.ManagedIdentityCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.spi.WorkloadIdentityCredentials;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The settings SPI on a SQL database: one row per organization in table {@code msgraph_settings}. {@link #update} is
 * atomic: it locks the organization's row ({@code SELECT ... FOR UPDATE}) inside a transaction, so two concurrent
 * changes for one organization never overwrite each other.
 *
 * <p>This class stores what it is given. Wrap it in {@link cc.equa.msgraph.spi.EncryptingSettingsStore} so that the
 * {@code secret} and {@code secret_extra} columns only ever hold sealed values:
 *
 * <pre>{@code
 * SettingsStore store = EncryptingSettingsStore.builder()
 *         .delegate(new JdbcSettingsStore(dataSource))
 *         .currentKey("2026-11", keyFromYourVault)
 *         .build();
 * }</pre>
 */
public final class JdbcSettingsStore implements SettingsStore {

    private static final String COLUMNS = "org_id, kind, tenant_id, client_id, secret, secret_extra, detail, enabled,"
            + " linked_group_id, state";

    private final DataSource dataSource;

    /**
     * Create the store and its table if missing.
     *
     * @param dataSource where the table lives
     */
    public JdbcSettingsStore(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS msgraph_settings ("
                    + " org_id VARCHAR(256) PRIMARY KEY,"
                    + " kind VARCHAR(32),"
                    + " tenant_id VARCHAR(256),"
                    + " client_id VARCHAR(64),"
                    + " secret CLOB,"
                    + " secret_extra CLOB,"
                    + " detail VARCHAR(1024),"
                    + " enabled BOOLEAN NOT NULL,"
                    + " linked_group_id VARCHAR(64),"
                    + " state CLOB)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create table msgraph_settings", e);
        }
    }

    @Override
    public Optional<IntegrationSettings> load(OrganizationId organization) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, organization, false);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot load settings of organization " + organization, e);
        }
    }

    @Override
    public void save(OrganizationId organization, IntegrationSettings settings) {
        update(organization, ignored -> settings);
    }

    @Override
    public void delete(OrganizationId organization) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM msgraph_settings WHERE org_id = ?")) {
            s.setString(1, organization.value());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete settings of organization " + organization, e);
        }
    }

    @Override
    public IntegrationSettings update(OrganizationId organization, UnaryOperator<IntegrationSettings> change) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Optional<IntegrationSettings> current = read(c, organization, true);
                IntegrationSettings updated = change.apply(current.orElseGet(IntegrationSettings::empty));
                write(c, organization, updated, current.isPresent());
                c.commit();
                return updated;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update settings of organization " + organization, e);
        }
    }

    private static Optional<IntegrationSettings> read(Connection c, OrganizationId organization, boolean lock)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM msgraph_settings WHERE org_id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, organization.value());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                AppCredentials credentials = credentials(r.getString("kind"), r.getString("tenant_id"),
                        r.getString("client_id"), r.getString("secret"), r.getString("secret_extra"),
                        r.getString("detail"));
                return Optional.of(new IntegrationSettings(credentials, r.getBoolean("enabled"),
                        r.getString("linked_group_id"), decodeState(r.getString("state"))));
            }
        }
    }

    private static void write(Connection c, OrganizationId organization, IntegrationSettings settings, boolean exists)
            throws SQLException {
        String sql = exists
                ? "UPDATE msgraph_settings SET kind = ?, tenant_id = ?, client_id = ?, secret = ?, secret_extra = ?,"
                        + " detail = ?, enabled = ?, linked_group_id = ?, state = ? WHERE org_id = ?"
                : "INSERT INTO msgraph_settings (kind, tenant_id, client_id, secret, secret_extra, detail, enabled,"
                        + " linked_group_id, state, org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            String[] row = columns(settings.credentialsIfAny().orElse(null));
            for (int i = 0; i < row.length; i++) {
                s.setString(i + 1, row[i]);
            }
            s.setBoolean(7, settings.enabled());
            s.setString(8, settings.linkedGroupIdIfAny().orElse(null));
            s.setString(9, encodeState(settings.state()));
            s.setString(10, organization.value());
            s.executeUpdate();
        }
    }

    /** Return kind, tenant, client, secret, secret_extra, detail for the credentials (all null when none). */
    private static String[] columns(@Nullable AppCredentials credentials) {
        if (credentials == null) {
            return new String[6];
        }
        if (credentials instanceof ClientSecretCredentials c) {
            return new String[] {"client_secret", c.tenantId(), c.clientId(), c.clientSecret().reveal(), null, null};
        }
        if (credentials instanceof ClientCertificateCredentials c) {
            return new String[] {"client_certificate", c.tenantId(), c.clientId(), c.certificate().reveal(),
                c.passwordIfAny().map(Secret::reveal).orElse(null), c.format() + ";" + c.sendCertificateChain()};
        }
        if (credentials instanceof ManagedIdentityCredentials c) {
            return new String[] {"managed_identity", c.tenantId(), c.clientIdIfAny().orElse(null), null, null, null};
        }
        if (credentials instanceof WorkloadIdentityCredentials c) {
            return new String[] {"workload_identity", c.tenantId(), c.clientId(), null, null, c.tokenFilePath()};
        }
        throw new IllegalArgumentException("Unsupported credentials: " + credentials.getClass().getName());
    }

    private static @Nullable AppCredentials credentials(@Nullable String kind, String tenant, String client,
            @Nullable String secret, @Nullable String extra, @Nullable String detail) {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "client_secret" -> new ClientSecretCredentials(tenant, client, Secret.of(secret));
            case "client_certificate" -> {
                String[] d = detail.split(";");
                yield new ClientCertificateCredentials(tenant, client, ClientCertificateCredentials.Format.valueOf(
                        d[0]), Secret.of(secret), extra == null ? null : Secret.of(extra), Boolean.parseBoolean(d[1]));
            }
            case "managed_identity" -> new ManagedIdentityCredentials(tenant, client);
            case "workload_identity" -> new WorkloadIdentityCredentials(tenant, client, detail);
            default -> throw new IllegalStateException("Unknown credentials kind in the database: " + kind);
        };
    }

    private static String encodeState(Map<String, String> state) {
        Properties p = new Properties();
        p.putAll(state);
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static Map<String, String> decodeState(@Nullable String text) {
        Map<String, String> state = new LinkedHashMap<>();
        if (text == null) {
            return state;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.stringPropertyNames().forEach(k -> state.put(k, p.getProperty(k)));
        return state;
    }
}
