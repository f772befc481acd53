package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** attackgm, part B, a break: a dropped connection that OkHttp repeats underneath is one event, not two, and its repeat is no retry. */
class GraphEventsDroppedConnectionBreakTest {

    @Test
    void aDroppedConnectionIsHeardAsARequestWithoutAnswerAndItsRepeatAsARetry() {
        GraphRequestEventsAttackTest.Recorder r = new GraphRequestEventsAttackTest.Recorder();
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, r, null, GmFixture.LEAST)) {
            f.users(5);
            f.team.set(GmFixture.ORG, GmFixture.teamOf(5));
            f.fake.faults().add(FaultRule.on("GET", "/groups/*/members").disconnect().times(1).build());
            f.fake.journal().clear();

            SyncPlan plan = f.org.planSync();

            assertEquals(5, plan.additions().size(), plan.render());
            List<RecordedCall> reads = f.fake.journal().calls("GET", "/groups/*/members");
            List<GraphRequestEvent> heard = r.of(GraphRequestEvent.Kind.REQUEST).stream()
                    .filter(e -> e.resource().equals("/groups/{id}/members")).toList();
            assertEquals(2, reads.size(), "the fake saw the dropped request and its repeat");
            assertEquals(List.of(-1, 200), reads.stream().map(RecordedCall::status).toList());
            assertEquals(reads.size(), heard.size(), "one event per request the fake saw: " + heard);
            assertEquals(0, heard.get(0).status(), heard.toString());
            assertTrue(heard.get(1).retry(), "the repeat is a retry: " + heard);
        }
    }

}
