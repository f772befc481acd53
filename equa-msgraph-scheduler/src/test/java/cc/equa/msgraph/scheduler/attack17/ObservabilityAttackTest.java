package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.FleetSchema;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.scheduler.micrometer.ObservationFleetListener;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metric tags, traces, logs, toString and stored rows: no organization name, address or secret leaks. */
class ObservabilityAttackTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final String WRONG_SECRET = "wR0ng~Secret.Value_attack17-0123456789abcdef";

    private AttackWorld world;
    private AttackWorld.Runs runs;
    private final List<Observation.Context> stopped = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private ObservationRegistry registry;

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        runs = new AttackWorld.Runs();
        registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                synchronized (events) {
                    events.add(event.getName() + " / " + event.getContextualName());
                }
            }

            @Override
            public void onStop(Observation.Context context) {
                synchronized (stopped) {
                    stopped.add(context);
                }
            }
        });
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private record Fleet(AttackWorld.Org applied, AttackWorld.Org held, AttackWorld.Org failed) {
    }

    private Fleet runThree(ObservationFleetListener listener, FleetListener... more) {
        AttackWorld.Org applied = world.addOrg("acme-secretive-applied", 2, 0, 1);
        AttackWorld.Org held = world.addOrg("globex-secretive-held", 2, 1, 1);
        AttackWorld.Org failed = world.addOrg("initech-secretive-failed", 1, 0, 0);
        world.settings.save(failed.id(), world.settings.load(failed.id()).orElseThrow().withCredentials(
                new ClientSecretCredentials(failed.app().tenantId(), failed.app().clientId(),
                        Secret.of(WRONG_SECRET))));
        FleetScheduler.Builder b = world.node("obs", runs).listener(listener);
        for (FleetListener l : more) {
            b.listener(l);
        }
        FleetScheduler fleet = world.started(b);
        fleet.schedule(applied.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));
        fleet.schedule(held.id(), OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, HOUR, Duration.ZERO));
        fleet.schedule(failed.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.APPLIED, runs.first(applied.id()).outcome());
        assertEquals(SyncOutcome.HELD, runs.first(held.id()).outcome());
        SyncRun failedRun = runs.first(failed.id());
        assertEquals(SyncOutcome.FAILED, failedRun.outcome(), failedRun.toString());
        assertEquals(ErrorKind.AUTHENTICATION, failedRun.errorIfAny().orElseThrow().kind());
        AttackWorld.await(() -> {
            synchronized (stopped) {
                return stopped.size() >= 3;
            }
        }, Duration.ofSeconds(10), "three observations stopped");
        return new Fleet(applied, held, failed);
    }

    private static boolean leaks(String value) {
        return value.contains("secretive") || value.contains("@") || value.contains(".test");
    }

    @Test
    void tagsAndEventsCarryNoOrganizationOrAddressWithoutOptIn() {
        runThree(ObservationFleetListener.of(registry));
        synchronized (stopped) {
            for (Observation.Context c : stopped) {
                Set<String> keys = new java.util.HashSet<>();
                for (KeyValue kv : c.getLowCardinalityKeyValues()) {
                    keys.add(kv.getKey());
                    assertFalse(leaks(kv.getValue()), "low-cardinality tag leaks: " + kv);
                }
                assertEquals(Set.of("policy", "outcome", "error.kind"), keys);
                assertFalse(c.getHighCardinalityKeyValues().iterator().hasNext(),
                        "no high-cardinality key without opt-in: " + c.getHighCardinalityKeyValues());
                assertFalse(leaks(String.valueOf(c.getContextualName())), c.getContextualName());
            }
            Set<String> outcomes = stopped.stream().map(c -> c.getLowCardinalityKeyValue("outcome").getValue())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("APPLIED", "HELD", "FAILED"), outcomes);
        }
        synchronized (events) {
            assertFalse(events.isEmpty());
            events.forEach(e -> assertFalse(leaks(e), "event leaks: " + e));
        }
    }

    @Test
    void theOrganizationKeyIsOnlyAHighCardinalityValueWhenOptedIn() {
        Fleet f = runThree(ObservationFleetListener.withOrganizationKey(registry));
        synchronized (stopped) {
            Set<String> orgs = new java.util.HashSet<>();
            for (Observation.Context c : stopped) {
                c.getLowCardinalityKeyValues().forEach(kv -> assertFalse(leaks(kv.getValue()), kv.toString()));
                orgs.add(c.getHighCardinalityKeyValue("organization").getValue());
            }
            assertEquals(Set.of(f.applied().id().value(), f.held().id().value(), f.failed().id().value()), orgs);
        }
    }

    @Test
    void noSecretInLogsRunsErrorsObservationsOrStoredRows() {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                originalErr.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        FleetListener throwing = new FleetListener() {
            @Override
            public void syncFinished(SyncRun run) {
                throw new IllegalStateException("listener broke on " + run.outcome());
            }
        };
        Fleet f;
        System.setErr(tee);
        System.setOut(tee);
        try {
            f = runThree(ObservationFleetListener.of(registry), throwing);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        List<String> secrets = List.of(WRONG_SECRET, f.applied().app().clientSecret(), f.held().app().clientSecret(),
                f.failed().app().clientSecret());
        List<String> places = new ArrayList<>();
        synchronized (captured) {
            places.add(captured.toString(StandardCharsets.UTF_8));
        }
        runs.all().forEach(r -> places.add(r.toString()));
        runs.all().forEach(r -> r.errorIfAny().ifPresent(e -> places.add(e.getMessage() + " " + e)));
        synchronized (stopped) {
            stopped.forEach(c -> places.add(c + " " + c.getError()));
        }
        places.addAll(world.dumpTable(FleetSchema.DEFAULT_TASK_TABLE));
        places.addAll(world.dumpTable(FleetSchema.DEFAULT_HELD_PLAN_TABLE));
        assertTrue(places.get(0).contains("listener broke"), "the log was captured: " + places.get(0));
        for (String place : places) {
            for (String secret : secrets) {
                assertFalse(place.contains(secret), "a client secret leaks into: " + place);
            }
        }
    }

    /**
     * README: "no address ever, organization id only with ObservationFleetListener.withOrganizationKey". The
     * listener hands a failed run's MsGraphException to Observation.error; a tracing handler exports its message
     * (span status/exception event). Without the opt-in, that message must not carry the organization id or an
     * address.
     */
    @Test
    void aFailedRunsErrorOnTheObservationCarriesNoOrganizationOrAddressWithoutOptIn() {
        AttackWorld.Org org = world.addOrg("umbrella-secretive-corp", 2, 0, 1);
        world.hooks.put(org.id(), (id, call, real) -> {
            throw new IllegalStateException("directory timed out looking up bob@umbrella.test");
        });
        FleetScheduler fleet = world.started(world.node("obs-err", runs).listener(
                ObservationFleetListener.of(registry)));
        fleet.schedule(org.id(), OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, HOUR, Duration.ZERO));
        assertEquals(SyncOutcome.FAILED, runs.first(org.id()).outcome());
        AttackWorld.await(() -> {
            synchronized (stopped) {
                return !stopped.isEmpty();
            }
        }, Duration.ofSeconds(10), "observation stopped");
        synchronized (stopped) {
            Throwable error = stopped.get(0).getError();
            assertTrue(error != null, "the failure is on the observation");
            String exported = error.getMessage() + " " + error;
            assertFalse(exported.contains("secretive"), "organization id exported to traces without opt-in: "
                    + exported);
            assertFalse(exported.contains("@"), "address exported to traces: " + exported);
        }
    }
}
