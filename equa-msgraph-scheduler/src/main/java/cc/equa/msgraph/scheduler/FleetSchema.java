package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The scheduler's two tables, for H2 and PostgreSQL: db-scheduler's task table (one row per scheduled organization:
 * next run time, whether and by which node it is picked, heartbeat, failures, the organization's schedule as short
 * text) and the held-plan table of {@link JdbcHeldPlanStore} (one row per plan held for review, with the plan's
 * JSON). {@link FleetScheduler.Builder#createTables(boolean)} creates them if missing; a host that manages its schema
 * with a migration tool takes the statements from {@link #statements(String, String, Dialect)}.
 *
 * @since 0.2.0
 */
public final class FleetSchema {

    /** The default name of db-scheduler's task table. */
    public static final String DEFAULT_TASK_TABLE = "equa_msgraph_tasks";
    /** The default name of the held-plan table. */
    public static final String DEFAULT_HELD_PLAN_TABLE = "equa_msgraph_held_plans";

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}");

    private FleetSchema() {
    }

    /**
     * The databases whose DDL is known.
     *
     * @since 0.2.0
     */
    public enum Dialect {
        /** H2 2.x (the embedded default). */
        H2,
        /** PostgreSQL 12 or later. */
        POSTGRESQL
    }

    /**
     * Return the statements that create both tables and their indexes if they do not exist.
     *
     * @param taskTable the task table's name (letters, digits, underscores)
     * @param heldPlanTable the held-plan table's name (letters, digits, underscores)
     * @param dialect the database
     * @return the statements, in order
     * @throws IllegalArgumentException if a table name is not a plain identifier
     * @since 0.2.0
     */
    public static List<String> statements(String taskTable, String heldPlanTable, Dialect dialect) {
        String tasks = checkName(taskTable);
        String held = checkName(heldPlanTable);
        String bytes = dialect == Dialect.POSTGRESQL ? "bytea" : "varbinary(1000)";
        String text = dialect == Dialect.POSTGRESQL ? "text" : "character large object";
        String ts = "timestamp with time zone";
        return List.of(
                "create table if not exists " + tasks + " ("
                        + "task_name varchar(100) not null, "
                        + "task_instance varchar(300) not null, "
                        + "task_data " + bytes + ", "
                        + "execution_time " + ts + " not null, "
                        + "picked boolean not null, "
                        + "picked_by varchar(50), "
                        + "last_success " + ts + ", "
                        + "last_failure " + ts + ", "
                        + "consecutive_failures int, "
                        + "last_heartbeat " + ts + ", "
                        + "version bigint not null, "
                        + "priority smallint, "
                        + "primary key (task_name, task_instance))",
                "create index if not exists " + tasks + "_execution_time_idx on " + tasks + " (execution_time)",
                "create index if not exists " + tasks + "_last_heartbeat_idx on " + tasks + " (last_heartbeat)",
                "create table if not exists " + held + " ("
                        + "organization_id varchar(300) not null, "
                        + "plan_id varchar(100) not null, "
                        + "plan_created_at " + ts + " not null, "
                        + "held_at " + ts + " not null, "
                        + "fingerprint varchar(200) not null, "
                        + "additions int not null, "
                        + "removals int not null, "
                        + "owner_additions int not null, "
                        + "removal_guard_tripped boolean not null, "
                        + "plan_json " + text + " not null, "
                        + "primary key (organization_id, plan_id))");
    }

    /**
     * Create both tables in a database if they do not exist; the dialect is detected from the connection.
     *
     * @param dataSource the database
     * @param taskTable the task table's name
     * @param heldPlanTable the held-plan table's name
     * @throws MsGraphException with {@link ErrorKind#STORAGE} if the database refused, or is neither H2 nor
     *     PostgreSQL
     * @since 0.2.0
     */
    public static void create(DataSource dataSource, String taskTable, String heldPlanTable) {
        Objects.requireNonNull(dataSource, "'dataSource' must not be null");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            Dialect dialect = dialect(connection.getMetaData().getDatabaseProductName());
            for (String sql : statements(taskTable, heldPlanTable, dialect)) {
                statement.execute(sql);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw storage("create the scheduler's tables", e);
        }
    }

    static Dialect dialect(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return Dialect.POSTGRESQL;
        }
        if (name.equals("h2")) {
            return Dialect.H2;
        }
        throw new MsGraphException(new MsGraphException.Details(ErrorKind.STORAGE, "create the scheduler's tables",
                "no DDL is known for database " + productName, null, null, null,
                "create the tables yourself from FleetSchema.statements(...) adapted to your database, and build the"
                        + " scheduler with createTables(false)"), null);
    }

    static String checkName(String table) {
        Objects.requireNonNull(table, "table name must not be null");
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table name must be letters, digits and underscores: " + table);
        }
        return table;
    }

    static MsGraphException storage(String operation, SQLException e) {
        return new MsGraphException(new MsGraphException.Details(ErrorKind.STORAGE, operation,
                "the database answered " + e.getSQLState() + ": " + e.getMessage(), null, null, null,
                "check that the database is reachable and the scheduler's tables exist (FleetSchema)"), e);
    }
}
