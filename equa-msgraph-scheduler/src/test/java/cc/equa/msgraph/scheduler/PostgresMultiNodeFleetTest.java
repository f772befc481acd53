package cc.equa.msgraph.scheduler;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The multi-node contract on a real PostgreSQL server (see {@link PostgresServer} for how it runs under root). */
class PostgresMultiNodeFleetTest extends MultiNodeFleetContract {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    DataSource nodeDataSource() {
        return server.dataSource();
    }
}
