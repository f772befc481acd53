package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.RecordedCall;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad configuration is refused with InvalidInputException before the database or Graph is touched. */
class ConfigurationAttackTest {

    private AttackWorld world;
    private final AtomicInteger connections = new AtomicInteger();
    private DataSource counting;

    @BeforeEach
    void setUp() {
        world = new AttackWorld();
        counting = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(world.db, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private InvalidInputException refused(UnaryOperator<FleetScheduler.Builder> bad) {
        FleetScheduler.Builder b = FleetScheduler.builder().integration(world.integration()).dataSource(counting);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> world.started(bad.apply(b)));
        assertEquals(0, connections.get(), "no database connection before the settings are valid");
        assertEquals(List.of(), world.fake.journal().calls(c -> c.kind() != RecordedCall.Kind.OTHER));
        return e;
    }

    private static Set<String> fields(InvalidInputException e) {
        return e.problems().stream().map(InvalidInputException.FieldProblem::field).collect(Collectors.toSet());
    }

    @Test
    void zeroNegativeAndSubSecondIntervalsAreRefused() {
        refused(b -> b.interval(Duration.ZERO));
        refused(b -> b.interval(Duration.ofSeconds(-40)));
        refused(b -> b.interval(Duration.ofMillis(999)).jitter(Duration.ZERO));
    }

    @Test
    void jitterAboveTheIntervalOrNegativeIsRefused() {
        refused(b -> b.interval(Duration.ofMinutes(1)).jitter(Duration.ofMinutes(2)));
        refused(b -> b.jitter(Duration.ofSeconds(-1)));
    }

    @Test
    void everyBadSettingIsNamedAtOnce() {
        InvalidInputException e = refused(b -> b.interval(Duration.ZERO).threads(0).node(" ")
                .heartbeat(Duration.ofSeconds(1), 1).retryAfterFailure(Duration.ofSeconds(-1))
                .shutdownMaxWait(Duration.ofSeconds(-1)));
        assertTrue(fields(e).containsAll(Set.of("interval/jitter", "threads", "node", "pollingInterval/heartbeat",
                "retryAfterFailure", "shutdownMaxWait")), fields(e).toString());
        refused(b -> b.threads(257));
        refused(b -> b.node("n".repeat(51)));
        refused(b -> b.pollingInterval(Duration.ZERO));
        refused(b -> b.heartbeat(Duration.ofMillis(-1), 4));
    }

    @Test
    void aMissingIntegrationIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FleetScheduler.builder().dataSource(counting).start());
        assertTrue(fields(e).contains("integration"));
        assertEquals(0, connections.get());
    }

    @Test
    void nullSettingsAreRefusedAtTheSetter() {
        FleetScheduler.Builder b = FleetScheduler.builder();
        assertThrows(NullPointerException.class, () -> b.listener(null));
        assertThrows(NullPointerException.class, () -> b.interval(null));
        assertThrows(NullPointerException.class, () -> b.policy(null));
        assertThrows(IllegalArgumentException.class, () -> b.tables("t; drop table x", "h"));
        assertThrows(IllegalArgumentException.class, () -> b.tables("tasks", "held\" --"));
        assertEquals(0, connections.get());
    }

    @Test
    void aScheduleWithAnIntervalOrJitterBeyondAnyDateIsATypedErrorNotAnOverflow() {
        FleetScheduler fleet = world.started(FleetScheduler.builder().integration(world.integration())
                .dataSource(world.db).pollingInterval(Duration.ofMillis(50)));
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        OrganizationSchedule absurd = OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING, forever, forever);
        try {
            fleet.schedule(OrganizationId.of("forever"), absurd);
        } catch (MsGraphException expected) {
            return;                                            // InvalidInputException is one; so is STORAGE
        } catch (RuntimeException e) {
            fail("schedule() let an untyped " + e + " reach the caller", e);
        }
        assertTrue(fleet.scheduleOf(OrganizationId.of("forever")).isPresent());
    }

    @Test
    void aBuilderIntervalBeyondAnyDateIsRefusedAtStart() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        try {
            FleetScheduler fleet = world.started(FleetScheduler.builder().integration(world.integration())
                    .dataSource(counting).interval(forever).jitter(forever));
            fleet.schedule(OrganizationId.of("forever2"));
        } catch (InvalidInputException expected) {
            return;
        } catch (RuntimeException e) {
            fail("an absurd interval let an untyped " + e + " reach the caller", e);
        }
    }

    @Test
    void heartbeatTimesMissedThatOverflowsIsATypedError() {
        try {
            world.started(FleetScheduler.builder().integration(world.integration()).dataSource(counting)
                    .heartbeat(Duration.ofSeconds(Long.MAX_VALUE / 2), Integer.MAX_VALUE));
        } catch (InvalidInputException expected) {
            assertEquals(0, connections.get());
        } catch (RuntimeException e) {
            fail("an absurd heartbeat let an untyped " + e + " reach the caller", e);
        }
    }

    /** Node names go to picked_by, SyncRun and every log line about a sync; OrganizationId refuses the same. */
    @Test
    void aNodeNameWithLineBreaksOrBidiControlsIsRefused() {
        refused(b -> b.node("node-a\n[main] INFO forged log line"));
        refused(b -> b.node("node-\u202Eevil"));
    }
}
