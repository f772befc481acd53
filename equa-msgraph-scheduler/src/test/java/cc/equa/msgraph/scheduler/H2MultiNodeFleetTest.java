package cc.equa.msgraph.scheduler;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The multi-node contract on the embedded default database, H2 (in memory, one database per test class run). */
class H2MultiNodeFleetTest extends MultiNodeFleetContract {

    private final String url = "jdbc:h2:mem:fleet" + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1";

    @Override
    DataSource nodeDataSource() {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        return source;
    }
}
