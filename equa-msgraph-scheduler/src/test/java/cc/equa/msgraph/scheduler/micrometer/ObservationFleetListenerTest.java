package cc.equa.msgraph.scheduler.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.TestFleets;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The observations of a full plan and apply (the sync, its changes, its Graph requests by status, its throttling
 * waits), and of a held plan, with Micrometer's test registry.
 */
class ObservationFleetListenerTest {

    @Test
    void aPlanAndApplyIsOneObservationWithAnEventPerChangeAndLowCardinalityTags() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        List<String> events = new CopyOnWriteArrayList<>();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                events.add(event.getName());
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        try (TestFleets.World world = TestFleets.world()) {
            TestFleets.Org withinGuard = world.addOrg(1, 3, 1, 1);      // +2 -1, applied
            TestFleets.Org review = world.addOrg(2, 2, 0, 0);           // +2, held
            MicrosoftIntegration microsoft = world.integration();
            TestFleets.Recorder runs = new TestFleets.Recorder();
            try (FleetScheduler fleet = FleetScheduler.builder().integration(microsoft)
                    .listener(ObservationFleetListener.of(registry)).listener(runs)
                    .pollingInterval(Duration.ofMillis(50)).start()) {
                fleet.schedule(withinGuard.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD,
                        Duration.ofHours(1), Duration.ZERO));
                runs.await(withinGuard.id());
                fleet.schedule(review.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING,
                        Duration.ofHours(1), Duration.ZERO));
                runs.await(review.id());
            }
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo(ObservationFleetListener.SYNC, 2);
            assertThat(registry).hasAnObservationWithAKeyValue("outcome", "APPLIED");
            assertThat(registry).hasAnObservationWithAKeyValue("outcome", "HELD");
            assertThat(registry).hasAnObservationWithAKeyValue("policy", "APPLY_WITHIN_GUARD");
            assertThat(registry).hasAnObservationWithAKeyValue("error.kind", "none");
            assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
            assertThat(registry).forAllObservationsWithNameEqualTo(ObservationFleetListener.SYNC,
                    o -> o.doesNotHaveHighCardinalityKeyValueWithKey("organization"));
            assertEquals(2, stopped.size(), "both observations stopped");
            assertEquals(2, events.stream().filter("change.add.applied"::equals).count(), events.toString());
            assertEquals(1, events.stream().filter("change.remove.applied"::equals).count(), events.toString());
            assertEquals(1, events.stream().filter(ObservationFleetListener.HELD_EVENT::equals).count());
            stopped.forEach(c -> c.getAllKeyValues().forEach(kv ->
                    assertFalse(kv.getValue().contains("@"), "no address in a tag: " + kv)));
        }
    }

    @Test
    void theOrganizationIdIsAHighCardinalityKeyOnlyWhenTheHostOptsIn() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (TestFleets.World world = TestFleets.world()) {
            TestFleets.Org org = world.addOrg(3, 1, 0, 0);
            TestFleets.Recorder runs = new TestFleets.Recorder();
            try (FleetScheduler fleet = FleetScheduler.builder().integration(world.integration())
                    .listener(ObservationFleetListener.withOrganizationKey(registry)).listener(runs)
                    .pollingInterval(Duration.ofMillis(50)).start()) {
                fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, Duration.ofHours(1),
                        Duration.ZERO));
                runs.await(org.id());
            }
            assertThat(registry).hasSingleObservationThat()
                    .hasBeenStarted().hasBeenStopped()
                    .hasHighCardinalityKeyValue("organization", "org-3")
                    .doesNotHaveLowCardinalityKeyValueWithKey("organization");
        }
    }

    @Test
    void theGraphRequestsOfAPlanAndApplyAreObservedByStatusWithTemplatesOnly() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        ObservationFleetListener observed = ObservationFleetListener.of(registry);
        try (TestFleets.World world = TestFleets.world()) {
            TestFleets.Org org = world.addOrg(4, 3, 1, 1);              // +2 -1, applied
            TestFleets.Recorder runs = new TestFleets.Recorder();
            try (FleetScheduler fleet = FleetScheduler.builder().integration(world.integration(observed.graphRequests()))
                    .listener(observed).listener(runs).pollingInterval(Duration.ofMillis(50)).start()) {
                fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, Duration.ofHours(1),
                        Duration.ZERO));
                assertEquals("APPLIED", runs.await(org.id()).outcome().name());
            }
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo(ObservationFleetListener.SYNC, 1);
            assertThat(registry).hasObservationWithNameEqualTo(ObservationGraphRequestListener.REQUEST).that()
                    .hasBeenStarted().hasBeenStopped();
            assertThat(registry).forAllObservationsWithNameEqualTo(ObservationGraphRequestListener.REQUEST,
                    o -> o.hasLowCardinalityKeyValueWithKey("method")
                            .hasLowCardinalityKeyValueWithKey("resource").hasLowCardinalityKeyValue("status.class", "2xx")
                            .hasLowCardinalityKeyValue("outcome", "SUCCESS").hasLowCardinalityKeyValue("failure", "NONE")
                            .hasLowCardinalityKeyValue("retry", "false"));
            // the member read, and the writes in a $batch whose items are observed with their own status
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationGraphRequestListener.REQUEST)
                    .hasLowCardinalityKeyValue("method", "GET")
                    .hasLowCardinalityKeyValue("resource", "/groups/{id}/members")
                    .hasLowCardinalityKeyValue("status", "200"));
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationGraphRequestListener.REQUEST)
                    .hasLowCardinalityKeyValue("method", "POST").hasLowCardinalityKeyValue("resource", "/$batch")
                    .hasHighCardinalityKeyValueWithKey("batch.items"));
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationGraphRequestListener.BATCH_ITEM)
                    .hasLowCardinalityKeyValue("method", "DELETE")
                    .hasLowCardinalityKeyValue("resource", "/groups/{id}/members/{id}/$ref")
                    .hasLowCardinalityKeyValue("status", "204"));
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationGraphRequestListener.BATCH_ITEM)
                    .hasLowCardinalityKeyValue("method", "PATCH").hasLowCardinalityKeyValue("resource", "/groups/{id}")
                    .hasLowCardinalityKeyValue("status", "204"));
            assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
            assertThat(registry).hasHandledContextsThatSatisfy(contexts -> {
                List<Observation.Context> graph = contexts.stream()
                        .filter(c -> c.getName().startsWith("equa.msgraph.graph.")).collect(Collectors.toList());
                assertFalse(graph.isEmpty());
                graph.forEach(c -> c.getAllKeyValues().forEach(kv -> {
                    assertFalse(kv.getValue().contains("@") || kv.getValue().contains("?"), "no address: " + kv);
                    assertFalse(kv.getValue().matches(".*[0-9a-f]{8}-[0-9a-f]{4}-.*"), "no id: " + kv);
                }));
                assertTrue(graph.stream().noneMatch(c -> c.getName().equals(ObservationGraphRequestListener.WAIT)),
                        "nothing throttled, nothing waited");
            });
        }
    }

    @Test
    void aFourTwentyNineIsAThrottledItemAndARetryAfterWaitIsObserved() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        ObservationFleetListener observed = ObservationFleetListener.of(registry);
        try (TestFleets.World world = TestFleets.world()) {
            TestFleets.Org org = world.addOrg(5, 30, 0, 0);             // +30: two binds
            world.writeQuota(1, Duration.ofSeconds(15));                 // Graph takes one write per 15 s
            TestFleets.Recorder runs = new TestFleets.Recorder();
            try (FleetScheduler fleet = FleetScheduler.builder().integration(world.integration(observed.graphRequests()))
                    .listener(observed).listener(runs).pollingInterval(Duration.ofMillis(50)).start()) {
                fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, Duration.ofHours(1),
                        Duration.ZERO));
                assertEquals("APPLIED", runs.await(org.id()).outcome().name());
            }
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationGraphRequestListener.BATCH_ITEM)
                    .hasLowCardinalityKeyValue("method", "PATCH").hasLowCardinalityKeyValue("status", "429")
                    .hasLowCardinalityKeyValue("status.class", "4xx").hasLowCardinalityKeyValue("outcome", "THROTTLED"));
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationGraphRequestListener.WAIT)
                    .hasLowCardinalityKeyValue("reason", "RETRY_AFTER").hasHighCardinalityKeyValueWithKey("wait.ms"));
            assertThat(registry).hasObservationWithNameEqualTo(ObservationGraphRequestListener.WAIT).that()
                    .hasBeenStarted().hasBeenStopped();
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(ObservationGraphRequestListener.BATCH_ITEM)
                    .hasLowCardinalityKeyValue("method", "PATCH").hasLowCardinalityKeyValue("status", "204")
                    .hasLowCardinalityKeyValue("retry", "true"));
            assertThat(registry).forAllObservationsWithNameEqualTo(ObservationGraphRequestListener.WAIT,
                    o -> o.doesNotHaveLowCardinalityKeyValueWithKey("wait.ms"));
            assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
        }
    }
}
