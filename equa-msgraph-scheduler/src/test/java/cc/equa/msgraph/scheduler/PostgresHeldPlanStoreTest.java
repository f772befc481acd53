package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.spi.HeldPlanStore;

/** The held-plan store contract on the JDBC store over a real PostgreSQL server. */
class PostgresHeldPlanStoreTest extends HeldPlanStoreContract {

    @Override
    HeldPlanStore newStore() {
        return H2HeldPlanStoreTest.jdbc(PostgresServer.shared().dataSource());
    }
}
