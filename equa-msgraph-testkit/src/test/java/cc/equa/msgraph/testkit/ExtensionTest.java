package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExtensionTest {

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

    @Nested
    @FakeGraphTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class FreshPerTest {
        static final AtomicReference<FakeGraphTenant> PREVIOUS = new AtomicReference<>();
        FakeGraphTenant fromBeforeEach;

        @BeforeEach
        void before(FakeGraphTenant fake) {
            fromBeforeEach = fake;
        }

        @Test
        @Order(1)
        void beforeEachAndTestSeeTheSameTenant(FakeGraphTenant fake) {
            assertSame(fromBeforeEach, fake);
            PREVIOUS.set(fake);
        }

        @Test
        @Order(2)
        void thePreviousTestsTenantWasClosed(FakeGraphTenant fake) {
            FakeGraphTenant previous = PREVIOUS.get();
            assertNotSame(previous, fake);
            assertThrows(IllegalStateException.class, previous::authorityHost);
        }
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class InstanceField {
        @RegisterExtension
        FakeGraphExtension graph = FakeGraphExtension.create(b -> b.virtualTime());

        @Test
        void instanceFieldGivesAFreshCustomizedTenant(FakeGraphTenant fake) {
            assertSame(graph.tenant(), fake);
            assertTrue(fake.virtualTime());
        }
    }

    // --- misuse fixtures: driven directly through the extension API below

    @FakeGraphTest
    static class BothAnnotationAndField {
        @RegisterExtension
        static FakeGraphExtension graph = FakeGraphExtension.create();

        void test(FakeGraphTenant fake) {
            fake.close();
        }
    }

    static class TwoFields {
        @RegisterExtension
        static FakeGraphExtension one = FakeGraphExtension.create();
        @RegisterExtension
        static FakeGraphExtension two = FakeGraphExtension.create();

        void test(FakeGraphTenant fake) {
            fake.close();
        }
    }

    @FakeGraphTest
    static class PerTestTenantInBeforeAll {
        static void seed(FakeGraphTenant fake) {
            fake.close();
        }
    }

    private static ParameterContext parameter(Class<?> c, String method) throws NoSuchMethodException {
        Method m = c.getDeclaredMethod(method, FakeGraphTenant.class);
        ParameterContext pc = mock(ParameterContext.class);
        when(pc.getParameter()).thenReturn(m.getParameters()[0]);
        when(pc.getDeclaringExecutable()).thenReturn((java.lang.reflect.Executable) m);
        return pc;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ExtensionContext context(Class<?> c, Optional<Method> testMethod) {
        ExtensionContext ec = mock(ExtensionContext.class);
        when(ec.getRequiredTestClass()).thenReturn((Class) c);
        when(ec.getTestMethod()).thenReturn(testMethod);
        return ec;
    }

    @Test
    void annotationPlusRegisteredFieldFailsWithAPreciseMessage() throws Exception {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> new FakeGraphExtension().supportsParameter(parameter(BothAnnotationAndField.class, "test"),
                        context(BothAnnotationAndField.class, Optional.empty())));
        assertTrue(e.getMessage().contains("Use one of them"), e.getMessage());
        assertTrue(e.getMessage().contains("'graph'"), e.getMessage());
    }

    @Test
    void twoRegisteredFieldsFailWithAPreciseMessage() throws Exception {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> TwoFields.one.supportsParameter(parameter(TwoFields.class, "test"),
                        context(TwoFields.class, Optional.empty())));
        assertTrue(e.getMessage().contains("more than one field ([one, two])"), e.getMessage());
    }

    @Test
    void perTestTenantInBeforeAllFailsWithAPreciseMessage() throws Exception {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> new FakeGraphExtension().resolveParameter(parameter(PerTestTenantInBeforeAll.class, "seed"),
                        context(PerTestTenantInBeforeAll.class, Optional.empty())));
        assertTrue(e.getMessage().contains("@RegisterExtension static FakeGraphExtension"), e.getMessage());
    }

    @Test
    void tenantOutsideATestIsAnIllegalState() {
        assertThrows(IllegalStateException.class, () -> FakeGraphExtension.create().tenant());
    }
}
