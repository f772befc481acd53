package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.spi.HeldPlanStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The held-plan store contract on the JDBC store over H2, and how it treats a bad row. */
class H2HeldPlanStoreTest extends HeldPlanStoreContract {

    private static final AtomicInteger TABLES = new AtomicInteger();

    /** A JDBC store on new tables of the given database. */
    static HeldPlanStore jdbc(DataSource source) {
        int n = TABLES.incrementAndGet();
        String held = "hp_held_" + n + "_" + ProcessHandle.current().pid();
        FleetSchema.create(source, "hp_tasks_" + n + "_" + ProcessHandle.current().pid(), held);
        return JdbcHeldPlanStore.create(source, held);
    }

    private static DataSource newDatabase() {
        return EmbeddedDatabase.inMemory("hp" + UUID.randomUUID().toString().replace("-", ""));
    }

    @Override
    HeldPlanStore newStore() {
        return jdbc(newDatabase());
    }

    @Test
    void aRowThatIsNotAValidPlanIsAStorageErrorNotAPlan() throws SQLException {
        DataSource source = newDatabase();
        FleetSchema.create(source, "t_tasks", "t_held");
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into t_held values ('acme', 'p', current_timestamp, current_timestamp, 'fp',"
                    + " -1, 0, 0, false, '{}')");
        }
        HeldPlanStore store = JdbcHeldPlanStore.create(source, "t_held");
        MsGraphException e = assertThrows(MsGraphException.class, () -> store.list(ACME));
        assertEquals(ErrorKind.STORAGE, e.kind());
    }
}
