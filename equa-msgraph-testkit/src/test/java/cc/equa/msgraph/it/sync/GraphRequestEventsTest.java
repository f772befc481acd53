package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.it.connect.LogCapture;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The request hook ({@link GraphRequestListener}) through the real SDK against the fake: every HTTP request and every
 * {@code $batch} item of a plan and apply is reported with the status the fake journaled, under a resource template
 * that holds no id or address; a 429 of the fake's write quota shows as a throttled item and a Retry-After wait; the
 * write pacer's holds show as write-quota waits; a listener that throws breaks nothing.
 */
class GraphRequestEventsTest {

    /** What a template may hold: Graph's words, {@code {id}} and {@code word({key})}; nothing else. */
    private static final Pattern TEMPLATE = Pattern.compile("(/([A-Za-z.$]+|\\{id\\}|[A-Za-z.]+\\(\\{key\\}\\)))+");

    /** Records everything it hears. */
    static final class Recorder implements GraphRequestListener {
        final List<GraphRequestEvent> events = new CopyOnWriteArrayList<>();
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<GraphWait> waits = new CopyOnWriteArrayList<>();
        final List<GraphWait> ended = new CopyOnWriteArrayList<>();

        @Override
        public void requestCompleted(GraphRequestEvent event) {
            events.add(event);
        }

        @Override
        public void requestStarted(String method, String resource) {
            started.add(method + " " + resource);
        }

        @Override
        public void waitStarted(GraphWait wait) {
            waits.add(wait);
        }

        @Override
        public void waitEnded(GraphWait wait) {
            ended.add(wait);
        }

        List<GraphRequestEvent> of(GraphRequestEvent.Kind kind) {
            return events.stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
        }
    }

    private static MicrosoftIntegration.Builder integration(SyncFixture f) {
        return MicrosoftIntegration.builder().settings(f.settings).team(f.team).audit(f.audit).cloud(f.fake.cloud())
                .trustCertificates(List.of(f.fake.caCertificate())).clock(f.fake.clock()).sleeper(f.fake.sleeper());
    }

    /** 30 users in the directory; the group holds person20..29; the team is person0..24: +20 -5. */
    private static List<String> twentyInFiveOut(SyncFixture f) {
        List<String> ids = SyncScenariosTest.usersFor(f, 30);
        f.fake.directory().addMembers(f.groupId, ids.subList(20, 30));
        f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(25));
        return ids;
    }

    /** The journal's calls of a kind as "METHOD template STATUS" counts, templated by replacing the known ids. */
    private static Map<String, Long> journaled(SyncFixture f, RecordedCall.Kind kind, List<String> ids) {
        return f.fake.journal().calls(c -> c.kind() == kind).stream().map(c -> {
            String path = c.path().replaceFirst("^/v1\\.0", "");
            for (String id : ids) {
                path = path.replace(id, "{id}");
            }
            return c.method() + " " + path.replace(f.groupId, "{id}") + " " + c.status();
        }).collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> heard(List<GraphRequestEvent> events) {
        return events.stream().map(e -> e.method() + " " + e.resource() + " " + e.status())
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    @Test
    void aPlanAndApplyReportsEveryRequestAndBatchItemAsTheFakeSawItWithoutIdsOrAddresses() {
        try (SyncFixture f = new SyncFixture()) {
            List<String> ids = twentyInFiveOut(f);
            Recorder recorder = new Recorder();
            f.fake.journal().clear();
            try (MicrosoftIntegration microsoft = integration(f).requestListener(recorder).build()) {
                OrganizationIntegration org = microsoft.organization(SyncFixture.ORG);
                SyncPlan plan = org.planSync();
                SyncResult result = org.applySync(plan);
                assertTrue(result.isComplete(), result.render());
                assertEquals(25, result.applied(), result.render());
            }

            List<String> everything = new ArrayList<>(ids);
            everything.add(f.groupId);
            everything.add(f.app.tenantId());
            everything.add(f.app.clientId());
            for (GraphRequestEvent e : recorder.events) {
                assertTrue(TEMPLATE.matcher(e.resource()).matches(), "a template: " + e);
                assertFalse(e.resource().contains("@") || e.resource().contains("?"), e.toString());
                for (String id : everything) {
                    assertFalse(e.resource().contains(id), "no id in " + e);
                }
                assertFalse(e.toString().contains("acme.test"), e.toString());
            }
            List<GraphRequestEvent> requests = recorder.of(GraphRequestEvent.Kind.REQUEST);
            List<GraphRequestEvent> items = recorder.of(GraphRequestEvent.Kind.BATCH_ITEM);
            // every HTTP request and every $batch item the fake answered was heard, with the status it answered
            assertEquals(journaled(f, RecordedCall.Kind.GRAPH, ids), heard(requests));
            assertEquals(journaled(f, RecordedCall.Kind.BATCH_ITEM, ids), heard(items));
            assertEquals(requests.size(), recorder.started.size(), "each request started once");
            assertEquals(requests.stream().map(e -> e.method() + " " + e.resource()).collect(Collectors.toList()),
                    recorder.started, "started and completed pair up, in order");
            // the $batch requests carried exactly the items heard
            List<GraphRequestEvent> batches = requests.stream().filter(e -> e.resource().equals("/$batch"))
                    .collect(Collectors.toList());
            assertFalse(batches.isEmpty(), recorder.events.toString());
            assertTrue(batches.stream().allMatch(e -> e.method().equals("POST") && e.batchItems() > 0
                    && e.batchItems() <= 20), batches.toString());
            assertEquals(items.size(), batches.stream().mapToInt(GraphRequestEvent::batchItems).sum());
            assertTrue(requests.stream().filter(e -> !e.resource().equals("/$batch"))
                    .allMatch(e -> e.batchItems() == 0), requests.toString());
            // the removals: one DELETE of the membership reference each, answered 204
            assertEquals(5, items.stream().filter(e -> e.method().equals("DELETE")
                    && e.resource().equals("/groups/{id}/members/{id}/$ref") && e.status() == 204).count(),
                    items.toString());
            // under the realistic profile a least-privilege bind is refused (403) and the engine sends $refs instead:
            // that refusal, heard as the fake journaled it (compared above), is the only answer that is not 2xx
            boolean strictBinds = Boolean.getBoolean("equa.it.realistic") || Boolean.getBoolean("equa.fake.realistic");
            assertTrue(recorder.events.stream().filter(e -> !(strictBinds
                    && e.kind() == GraphRequestEvent.Kind.BATCH_ITEM && e.method().equals("PATCH")
                    && e.status() == 403)).allMatch(e -> e.outcome()
                    == GraphRequestEvent.Outcome.SUCCESS && e.statusClass().equals("2xx") && !e.retry()
                    && e.failure() == GraphRequestEvent.Failure.NONE), recorder.events.toString());
            assertEquals(List.of(), recorder.waits, "nothing throttled, nothing waited");
        }
    }

    @Test
    void aFourTwentyNineFromTheWriteQuotaIsAThrottledItemARetryAfterWaitAndARetry() {
        try (SyncFixture f = new SyncFixture()) {
            // Graph's quota is smaller than the library assumes (another app shares it): Graph's 429s decide
            f.fake.writeQuota(WriteQuota.of(10, Duration.ofSeconds(15)));
            List<String> leavers = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                leavers.add(f.user("leaver" + i + "@acme.test"));
                addresses.add("leaver" + i + "@acme.test");
            }
            f.fake.directory().addMembers(f.groupId, leavers);
            Recorder recorder = new Recorder();
            try (MicrosoftIntegration microsoft = integration(f).requestListener(recorder).build()) {
                OrganizationIntegration org = microsoft.organization(SyncFixture.ORG);
                SyncPlan plan = org.planRemoveMembers(addresses);
                f.fake.journal().clear();
                SyncResult result = org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());
                assertTrue(result.isComplete(), result.render());
            }
            assertEquals(List.of(), f.members());

            long journaled429 = f.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.BATCH_ITEM
                    && c.status() == 429).size();
            List<GraphRequestEvent> throttled = recorder.events.stream()
                    .filter(e -> e.outcome() == GraphRequestEvent.Outcome.THROTTLED).collect(Collectors.toList());
            assertTrue(journaled429 > 0, "the fake throttled");
            assertEquals(journaled429, throttled.size(), recorder.events.toString());
            assertTrue(throttled.stream().allMatch(e -> e.kind() == GraphRequestEvent.Kind.BATCH_ITEM
                    && e.method().equals("DELETE") && e.statusClass().equals("4xx")), throttled.toString());
            // Graph's Retry-After was waited for, and reported before and after the wait
            List<GraphWait> retryAfter = recorder.waits.stream()
                    .filter(w -> w.reason() == GraphWait.Reason.RETRY_AFTER).collect(Collectors.toList());
            assertFalse(retryAfter.isEmpty(), recorder.waits.toString());
            assertTrue(retryAfter.stream().allMatch(w -> w.duration().compareTo(Duration.ZERO) > 0), retryAfter.toString());
            assertEquals(recorder.waits, recorder.ended, "every wait ends");
            // the throttled removals were sent again, and reported as retries that succeeded
            assertTrue(recorder.events.stream().anyMatch(e -> e.kind() == GraphRequestEvent.Kind.BATCH_ITEM
                    && e.retry() && e.status() == 204), recorder.events.toString());
            assertTrue(recorder.events.stream().anyMatch(e -> e.kind() == GraphRequestEvent.Kind.REQUEST
                    && e.resource().equals("/$batch") && e.retry()), "a $batch carrying a retried item is a retry");
        }
    }

    @Test
    void theWritePacersHoldsAreWriteQuotaWaitsAndNothingIsThrottled() {
        try (SyncFixture f = new SyncFixture()) {
            List<String> ids = SyncScenariosTest.usersFor(f, 30);
            f.team.set(SyncFixture.ORG, SyncScenariosTest.teamOf(30));
            Recorder recorder = new Recorder();
            // the library paces itself to 1 write per 15 s: 30 additions (two binds) must wait for the window
            try (MicrosoftIntegration microsoft = integration(f).writeQuota(1, Duration.ofSeconds(15))
                    .requestListener(recorder).build()) {
                OrganizationIntegration org = microsoft.organization(SyncFixture.ORG);
                SyncResult result = org.applySync(org.planSync());
                assertTrue(result.isComplete(), result.render());
            }
            assertEquals(new HashSet<>(ids), new HashSet<>(f.members()));
            List<GraphWait> paced = recorder.waits.stream().filter(w -> w.reason() == GraphWait.Reason.WRITE_QUOTA)
                    .collect(Collectors.toList());
            assertFalse(paced.isEmpty(), recorder.waits.toString());
            assertTrue(paced.stream().allMatch(w -> w.duration().compareTo(Duration.ofSeconds(15)) <= 0
                    && !w.duration().isZero()), paced.toString());
            assertEquals(recorder.waits, recorder.ended);
            assertTrue(recorder.events.stream().noneMatch(e -> e.outcome() == GraphRequestEvent.Outcome.THROTTLED),
                    recorder.events.toString());
        }
    }

    @Test
    void aListenerThatThrowsBreaksNothingAndIsReportedOnceWithoutItsMessage() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        BiConsumer<String, String> previous = LogCapture.tap;
        LogCapture.tap = (logger, line) -> {
            if (previous != null) {
                previous.accept(logger, line);
            }
            if (logger.startsWith("cc.equa.msgraph") && line.startsWith("WARN")) {
                warnings.add(line);
            }
        };
        try (SyncFixture f = new SyncFixture()) {
            List<String> ids = twentyInFiveOut(f);
            f.fake.writeQuota(WriteQuota.of(10, Duration.ofSeconds(15)));    // waits too
            GraphRequestListener hostile = new GraphRequestListener() {
                @Override
                public void requestCompleted(GraphRequestEvent event) {
                    throw new IllegalStateException("secret-in-listener-message");
                }

                @Override
                public void requestStarted(String method, String resource) {
                    throw new IllegalStateException("secret-in-listener-message");
                }

                @Override
                public void waitStarted(GraphWait wait) {
                    throw new IllegalStateException("secret-in-listener-message");
                }

                @Override
                public void waitEnded(GraphWait wait) {
                    throw new IllegalStateException("secret-in-listener-message");
                }
            };
            try (MicrosoftIntegration microsoft = integration(f).requestListener(hostile).build()) {
                OrganizationIntegration org = microsoft.organization(SyncFixture.ORG);
                SyncResult result = org.applySync(org.planSync());
                assertTrue(result.isComplete(), result.render());
                assertEquals(25, result.applied(), result.render());
            }
            assertEquals(new HashSet<>(ids.subList(0, 25)), new HashSet<>(f.members()));
        } finally {
            LogCapture.tap = previous;
        }
        List<String> fromListener = warnings.stream().filter(l -> l.contains("request listener"))
                .collect(Collectors.toList());
        assertEquals(1, fromListener.size(), warnings.toString());
        assertTrue(fromListener.get(0).contains("IllegalStateException"), fromListener.toString());
        assertFalse(fromListener.get(0).contains("secret-in-listener-message"), fromListener.toString());
    }
}
