package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * attackgm, part B, a break: a {@code $batch} answered 503 as a whole (its items never ran) is reported as the outer
 * 503 plus one 503 BATCH_ITEM event per carried item, so per-item metrics count server errors Graph never gave
 * ("one request inside a $batch, with its own status"), and the item events no longer match what the fake ran.
 */
class GraphEventsPhantomItemsBreakTest {

    @Test
    void aBatchRefusedAsAWholeReportsNoItemStatusesGraphNeverGave() {
        GraphRequestEventsAttackTest.Recorder r = new GraphRequestEventsAttackTest.Recorder();
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, r, null, GmFixture.LEAST)) {
            f.users(7);
            f.team.set(GmFixture.ORG, GmFixture.teamOf(7));
            f.fake.faults().add(FaultRule.on("POST", "/$batch").status(503).retryAfter(Duration.ofSeconds(3))
                    .times(1).build());
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(7, plan.additions().size(), plan.render());
            List<GraphRequestEvent> batches = r.of(GraphRequestEvent.Kind.REQUEST).stream()
                    .filter(e -> e.resource().equals("/$batch")).toList();
            assertTrue(batches.stream().anyMatch(e -> e.status() == 503), "the outer 503 is heard: " + batches);
            int ran = f.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.BATCH_ITEM).size();
            assertEquals(ran, r.of(GraphRequestEvent.Kind.BATCH_ITEM).size(),
                    "one item event per item Graph ran (" + ran + "), heard " + r.of(GraphRequestEvent.Kind.BATCH_ITEM));
        }
    }
}
