package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class ExtensionTest {

    static final AtomicReference<FakeGraphTenant> SEEN = new AtomicReference<>();

    @Nested
    class SharedPerClass {
        @RegisterExtension
        static FakeGraphExtension graph = FakeGraphExtension.create();

        @BeforeAll
        static void seed(FakeGraphTenant fake) {
            fake.directory().addGroup("Shared");
        }

        @Test
        void staticFieldSharesOneTenantAcrossTheClass(FakeGraphTenant fake) {
            assertSame(graph.tenant(), fake);
            assertEquals(1, fake.directory().groups().size());
        }

        @Test
        void theSharedTenantIsTheSameInEveryTest(FakeGraphTenant fake) {
            assertSame(graph.tenant(), fake);
            assertEquals("Shared", fake.directory().groups().get(0).displayName());
        }
    }

    // --- misuse fixtures, run through the JUnit launcher below (not picked up on their own: not *Test names)

    @FakeGraphTest
    static class BothAnnotationAndField {
        @RegisterExtension
        static FakeGraphExtension graph = FakeGraphExtension.create();

        @Test
        void test(FakeGraphTenant fake) {
            SEEN.set(fake);
        }
    }

    @FakeGraphTest
    static class PerTestTenantInBeforeAll {
        @BeforeAll
        static void seed(FakeGraphTenant fake) {
            SEEN.set(fake);
        }

        @Test
        void test() {
            SEEN.set(null);
        }
    }

    @FakeGraphTest
    static class ClosesAfterTest {
        @Test
        void test(FakeGraphTenant fake) {
            SEEN.set(fake);
        }
    }

    private static List<Throwable> run(Class<?> c) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(c)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary().getFailures().stream().map(TestExecutionSummary.Failure::getException)
                .toList();
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (!(c instanceof ExtensionConfigurationException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    @Test
    void annotationPlusRegisteredFieldFailsWithAPreciseMessage() {
        List<Throwable> failures = run(BothAnnotationAndField.class);
        assertEquals(1, failures.size());
        Throwable e = root(failures.get(0));
        assertTrue(e instanceof ExtensionConfigurationException, e.toString());
        assertTrue(e.getMessage().contains("Use one of them"), e.getMessage());
    }

    @Test
    void perTestTenantInBeforeAllFailsWithAPreciseMessage() {
        List<Throwable> failures = run(PerTestTenantInBeforeAll.class);
        assertEquals(1, failures.size());
        Throwable e = root(failures.get(0));
        assertTrue(e instanceof ExtensionConfigurationException, e.toString());
        assertTrue(e.getMessage().contains("@RegisterExtension static FakeGraphExtension"), e.getMessage());
    }

    @Test
    void perTestTenantIsClosedAfterTheTest() {
        assertEquals(List.of(), run(ClosesAfterTest.class));
        FakeGraphTenant used = SEEN.get();
        assertThrows(IllegalStateException.class, used::authorityHost);
    }
}
