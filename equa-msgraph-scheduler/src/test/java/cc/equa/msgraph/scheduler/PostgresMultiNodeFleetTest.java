package cc.equa.msgraph.scheduler;

import javax.sql.DataSource;

/** The multi-node contract on a real PostgreSQL server (see {@link PostgresServer} for how it runs under root). */
class PostgresMultiNodeFleetTest extends MultiNodeFleetContract {

    @Override
    DataSource nodeDataSource() {
        return PostgresServer.shared().dataSource();
    }
}
