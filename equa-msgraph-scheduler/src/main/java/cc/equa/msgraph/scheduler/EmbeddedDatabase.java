package cc.equa.msgraph.scheduler;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded default database: H2, in memory or in a file. A file database serves the nodes of one machine (H2's
 * automatic mixed mode is not used); several machines need a database server such as PostgreSQL.
 *
 * @since 0.2.0
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    /**
     * Return an in-memory H2 database shared by everything in this JVM that uses the same name, kept until the JVM
     * exits.
     *
     * @param name the database's name (letters, digits, underscores)
     * @return the data source
     * @throws IllegalArgumentException if the name is not a plain identifier
     * @since 0.2.0
     */
    public static DataSource inMemory(String name) {
        return h2("jdbc:h2:mem:" + FleetSchema.checkName(name) + ";DB_CLOSE_DELAY=-1");
    }

    /**
     * Return an H2 database in a file, which survives restarts.
     *
     * @param file the database file's path, without H2's {@code .mv.db} suffix
     * @return the data source
     * @since 0.2.0
     */
    public static DataSource file(Path file) {
        return h2("jdbc:h2:file:" + Objects.requireNonNull(file, "'file' must not be null").toAbsolutePath());
    }

    static DataSource privateInMemory() {
        return inMemory("equa_fleet_" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static DataSource h2(String url) {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        return source;
    }
}
