package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ApplyOptions.lease: a process that lost its claim on the work sends nothing more (fix17, attack17 item 4). */
class ApplyLeaseTest {

    private static List<String> members(SyncFixture f, int n) {
        List<String> mails = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mails.add("m" + i + "@acme.test");
            ids.add(f.user("m" + i + "@acme.test"));
        }
        f.fake.directory().addMembers(f.groupId, ids.toArray(String[]::new));
        return mails;
    }

    @Test
    void aLeaseLostBeforeTheFirstWriteSendsNothing() {
        try (SyncFixture f = new SyncFixture()) {
            SyncPlan plan = f.org.planRemoveMembers(members(f, 3));
            int writes = f.fake.journal().writes().size();
            MsGraphException e = assertThrows(MsGraphException.class, () -> f.org.applySync(plan,
                    ApplyOptions.builder().lease(() -> false).build()));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertEquals(writes, f.fake.journal().writes().size(), "no write after the lease was lost");
            assertEquals(3, f.members().size());
        }
    }

    @Test
    void aLeaseLostBetweenTwoWriteBatchesStopsBeforeTheSecond() {
        try (SyncFixture f = new SyncFixture()) {
            SyncPlan plan = f.org.planRemoveMembers(members(f, 30));
            AtomicInteger asked = new AtomicInteger();
            int writes = f.fake.journal().writes().size();
            MsGraphException e = assertThrows(MsGraphException.class, () -> f.org.applySync(plan,
                    ApplyOptions.builder().allowMassRemoval(true).lease(() -> asked.incrementAndGet() == 1).build()));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertEquals(2, asked.get(), "asked before each of the two write batches");
            assertEquals(20, f.fake.journal().writes().size() - writes, "one $batch of 20 removals, then none");
            assertEquals(10, f.members().size(), "the first 20 removals went out, the last 10 did not");
        }
    }
}
