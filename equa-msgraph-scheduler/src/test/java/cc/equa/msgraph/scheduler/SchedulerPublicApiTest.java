package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApiSurface;
import cc.equa.msgraph.InvalidInputException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's public API: no vendor type (Graph, Azure, OkHttp, and here also db-scheduler, H2, Micrometer
 * outside the micrometer package) in a public signature, public classes final, packages null-marked, and bad
 * settings rejected with every problem named.
 */
class SchedulerPublicApiTest {

    private static final List<String> ALSO_FORBIDDEN = List.of("com.github.kagkarlsson", "org.h2", "io.micrometer");

    @Test
    void publicSignaturesMentionNoVendorType() {
        List<Class<?>> types = ApiSurface.publicTypes("cc.equa.msgraph.scheduler");
        assertTrue(types.contains(FleetScheduler.class), types.toString());
        assertEquals(Set.of(), ApiSurface.leaks(types));
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : types) {
            for (Method m : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                List<Class<?>> mentioned = new ArrayList<>(List.of(m.getParameterTypes()));
                mentioned.add(m.getReturnType());
                for (Class<?> c : mentioned) {
                    if (ALSO_FORBIDDEN.stream().anyMatch(c.getName()::startsWith)) {
                        leaks.add(type.getSimpleName() + "." + m.getName() + ": " + c.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void publicClassesAreFinalAndPackagesNullMarked() throws Exception {
        for (String pkg : List.of("cc.equa.msgraph.scheduler", "cc.equa.msgraph.scheduler.micrometer")) {
            for (Class<?> type : ApiSurface.publicTypes(pkg)) {
                if (!(type.isInterface() || type.isEnum() || type.isRecord())) {
                    assertTrue(Modifier.isFinal(type.getModifiers()), type.getName() + " should be final");
                }
            }
        }
        Set<String> packages = ApiSurface.packagesOf(FleetScheduler.class);
        assertTrue(packages.contains("cc.equa.msgraph.scheduler.internal"), packages.toString());
        for (String pkg : packages) {
            assertTrue(Class.forName(pkg + ".package-info").isAnnotationPresent(NullMarked.class), pkg);
        }
    }

    @Test
    void badSettingsAreRejectedTogetherBeforeAnythingStarts() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FleetScheduler.builder()
                .interval(Duration.ofMillis(10)).threads(0).node("").start());
        List<String> fields = e.problems().stream().map(InvalidInputException.FieldProblem::field).toList();
        assertEquals(List.of("integration", "interval/jitter", "threads", "node"), fields);
    }

    @Test
    void organizationSchedulesAndTaskDataAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> OrganizationSchedule.of(SyncPolicy.REVIEW_EVERYTHING,
                Duration.ofMinutes(1), Duration.ofMinutes(2)));
        assertThrows(IllegalArgumentException.class, () -> FleetSchema.statements("x; drop table y", "h",
                FleetSchema.Dialect.H2));
        assertFalse(FleetSchema.statements("t", "h", FleetSchema.Dialect.POSTGRESQL).isEmpty());
    }
}
