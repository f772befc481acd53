package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link HeldPlanStore} in a database table shared by every node (H2 or PostgreSQL; schema in
 * {@link FleetSchema}). Rows read back are validated into {@link HeldPlan} values (a row that does not fit is an
 * error, not a plan); the plan JSON itself is validated again by {@code SyncPlan.fromJson} when a plan is confirmed.
 *
 * @since 0.2.0
 */
public final class JdbcHeldPlanStore implements HeldPlanStore {

    private static final String COLUMNS = "organization_id, plan_id, plan_created_at, held_at, fingerprint, additions,"
            + " removals, owner_additions, removal_guard_tripped, plan_json";

    private final DataSource dataSource;
    private final String table;

    private JdbcHeldPlanStore(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    /**
     * Create a store on the default table ({@link FleetSchema#DEFAULT_HELD_PLAN_TABLE}), which must exist.
     *
     * @param dataSource the database
     * @return the store
     * @since 0.2.0
     */
    public static JdbcHeldPlanStore create(DataSource dataSource) {
        return create(dataSource, FleetSchema.DEFAULT_HELD_PLAN_TABLE);
    }

    /**
     * Create a store on a given table, which must exist.
     *
     * @param dataSource the database
     * @param table the table's name (letters, digits, underscores)
     * @return the store
     * @throws IllegalArgumentException if the table name is not a plain identifier
     * @since 0.2.0
     */
    public static JdbcHeldPlanStore create(DataSource dataSource, String table) {
        return new JdbcHeldPlanStore(Objects.requireNonNull(dataSource, "'dataSource' must not be null"),
                FleetSchema.checkName(table));
    }

    /**
     * {@inheritDoc}
     *
     * @throws MsGraphException with {@link cc.equa.msgraph.ErrorKind#STORAGE} if the database fails
     */
    @Override
    public void put(HeldPlan plan) {
        Objects.requireNonNull(plan, "'plan' must not be null");
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("delete from " + table
                    + " where organization_id = ? and plan_id = ?");
                    PreparedStatement insert = c.prepareStatement("insert into " + table + " (" + COLUMNS
                            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, plan.organization().value());
                delete.setString(2, plan.planId());
                delete.executeUpdate();
                insert.setString(1, plan.organization().value());
                insert.setString(2, plan.planId());
                insert.setObject(3, utc(plan.planCreatedAt()));
                insert.setObject(4, utc(plan.heldAt()));
                insert.setString(5, plan.fingerprint());
                insert.setInt(6, plan.additions());
                insert.setInt(7, plan.removals());
                insert.setInt(8, plan.ownerAdditions());
                insert.setBoolean(9, plan.removalGuardTripped());
                insert.setString(10, plan.planJson());
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw FleetSchema.storage("store a held plan", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws MsGraphException with {@link cc.equa.msgraph.ErrorKind#STORAGE} if the database fails or a row is
     *     invalid
     */
    @Override
    public Optional<HeldPlan> latest(OrganizationId organization) {
        return list(organization).stream().findFirst();
    }

    /**
     * {@inheritDoc}
     *
     * @throws MsGraphException with {@link cc.equa.msgraph.ErrorKind#STORAGE} if the database fails or the row is
     *     invalid
     */
    @Override
    public Optional<HeldPlan> get(OrganizationId organization, String planId) {
        Objects.requireNonNull(planId, "'planId' must not be null");
        List<HeldPlan> found = query("select " + COLUMNS + " from " + table
                + " where organization_id = ? and plan_id = ?", organization, planId);
        return found.stream().findFirst();
    }

    /**
     * {@inheritDoc}
     *
     * @throws MsGraphException with {@link cc.equa.msgraph.ErrorKind#STORAGE} if the database fails or a row is
     *     invalid
     */
    @Override
    public List<HeldPlan> list(OrganizationId organization) {
        return query("select " + COLUMNS + " from " + table
                + " where organization_id = ? order by held_at desc, plan_id", organization, null);
    }

    /**
     * {@inheritDoc}
     *
     * @throws MsGraphException with {@link cc.equa.msgraph.ErrorKind#STORAGE} if the database fails
     */
    @Override
    public boolean remove(OrganizationId organization, String planId) {
        Objects.requireNonNull(planId, "'planId' must not be null");
        return update("delete from " + table + " where organization_id = ? and plan_id = ?", organization, planId)
                > 0;
    }

    /**
     * {@inheritDoc}
     *
     * @throws MsGraphException with {@link cc.equa.msgraph.ErrorKind#STORAGE} if the database fails
     */
    @Override
    public int removeAll(OrganizationId organization) {
        return update("delete from " + table + " where organization_id = ?", organization, null);
    }

    private int update(String sql, OrganizationId organization, @Nullable String planId) {
        Objects.requireNonNull(organization, "'organization' must not be null");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, organization.value());
            if (planId != null) {
                s.setString(2, planId);
            }
            int n = s.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n;
        } catch (SQLException e) {
            throw FleetSchema.storage("remove held plans", e);
        }
    }

    private List<HeldPlan> query(String sql, OrganizationId organization, @Nullable String planId) {
        Objects.requireNonNull(organization, "'organization' must not be null");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, organization.value());
            if (planId != null) {
                s.setString(2, planId);
            }
            List<HeldPlan> plans = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    plans.add(row(r));
                }
            }
            return List.copyOf(plans);
        } catch (SQLException e) {
            throw FleetSchema.storage("read held plans", e);
        }
    }

    private HeldPlan row(ResultSet r) throws SQLException {
        try {
            return new HeldPlan(OrganizationId.of(r.getString(1)), r.getString(2),
                    instant(r.getObject(3, OffsetDateTime.class)), instant(r.getObject(4, OffsetDateTime.class)),
                    r.getString(5), r.getInt(6), r.getInt(7), r.getInt(8), r.getBoolean(9), r.getString(10));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("invalid held-plan row in " + table + ": " + e.getMessage(), "22000", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return Objects.requireNonNull(time, "timestamp").toInstant();
    }

    /**
     * Describe the store by its table.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "JdbcHeldPlanStore[" + table + "]";
    }
}
