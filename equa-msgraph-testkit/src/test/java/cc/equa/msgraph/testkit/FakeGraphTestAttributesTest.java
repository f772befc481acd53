package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.core.requests.middleware.GraphTelemetryHandler;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.http.middleware.RetryHandler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.mockito.Mockito;

/** The {@link FakeGraphTest} attributes configure each tenant without an instance-field extension. */
class FakeGraphTestAttributesTest {

    /** A Graph client without the SDK's retry handler, so a 429 reaches the test instead of a wall-clock wait. */
    static GraphServiceClient noRetries(FakeGraphTenant fake, FakeApp app) {
        return Sdk.graph(fake, app, b -> {
            b.interceptors().removeIf(i -> i instanceof RetryHandler || i instanceof GraphTelemetryHandler);
            return b;
        });
    }

    @Nested
    @FakeGraphTest(virtualTime = true, writeLimit = 1, writeWindow = "PT60S")
    class Configured {
        @Test
        void virtualTimeAndTheWriteQuotaApplyToTheInjectedTenant(FakeGraphTenant fake) {
            assertTrue(fake.virtualTime());
            FakeGroup g = fake.directory().addGroup("Board");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            FakeUser bob = fake.directory().addUser("bob@contoso.com");
            GraphServiceClient graph = noRetries(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
            graph.groups().byGroupId(g.id()).members().ref().post(MembersTest.ref(ann.id()));
            ODataError throttled = assertThrows(ODataError.class,
                    () -> graph.groups().byGroupId(g.id()).members().ref().post(MembersTest.ref(bob.id())));
            assertEquals(429, throttled.getResponseStatusCode());
            assertEquals(List.of(ann.id()), fake.directory().memberIds(g.id()));

            // the window is on virtual time: moving the clock past it lets the next write through
            fake.advanceTime(Duration.ofSeconds(61));
            graph.groups().byGroupId(g.id()).members().ref().post(MembersTest.ref(bob.id()));
            assertEquals(List.of(204, 429, 204), fake.journal().writes().stream().map(RecordedCall::status).toList());
        }
    }

    @Nested
    @FakeGraphTest
    class Defaults {
        @Test
        void noVirtualTimeAndNoQuotaByDefault(FakeGraphTenant fake) {
            assertFalse(fake.virtualTime());
            FakeGroup g = fake.directory().addGroup("Board");
            GraphServiceClient graph = noRetries(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
            for (int i = 0; i < 5; i++) {
                FakeUser u = fake.directory().addUser("user" + i + "@contoso.com");
                graph.groups().byGroupId(g.id()).members().ref().post(MembersTest.ref(u.id()));
            }
            assertEquals(5, fake.journal().writes().size());
            assertTrue(fake.journal().writes().stream().allMatch(c -> c.status() == 204));
        }
    }

    @FakeGraphTest(writeLimit = -1)
    static class NegativeLimit {
    }

    @FakeGraphTest(writeLimit = 10, writeWindow = "150 seconds")
    static class BadWindow {
    }

    @FakeGraphTest(writeLimit = 10, writeWindow = "PT0S")
    static class ZeroWindow {
    }

    @Test
    void invalidAttributesFailWithAConfigurationErrorThatSaysWhatToWrite() {
        assertTrue(misuse(NegativeLimit.class).getMessage().contains("must be 0 (no quota) or positive"));
        assertTrue(misuse(BadWindow.class).getMessage().contains("is not an ISO-8601 duration; write it like"));
        assertTrue(misuse(ZeroWindow.class).getMessage().contains("the window must be positive"));
    }

    private static ExtensionConfigurationException misuse(Class<?> testClass) {
        ExtensionContext context = Mockito.mock(ExtensionContext.class, Mockito.RETURNS_DEEP_STUBS);
        Mockito.<Class<?>>when(context.getRequiredTestClass()).thenReturn(testClass);
        Mockito.when(context.getUniqueId()).thenReturn("[test:" + testClass.getSimpleName() + "]");
        Mockito.when(context.getTestMethod()).thenReturn(Optional.of(anyMethod()));
        Mockito.when(context.getStore(Mockito.any()).getOrComputeIfAbsent(Mockito.anyString(), Mockito.any(),
                Mockito.eq(FakeGraphTenant.class))).thenAnswer(inv -> {
                    java.util.function.Function<String, FakeGraphTenant> f = inv.getArgument(1);
                    return f.apply(inv.getArgument(0));
                });
        return assertThrows(ExtensionConfigurationException.class,
                () -> new FakeGraphExtension().resolveParameter(Mockito.mock(ParameterContext.class), context));
    }

    private static Method anyMethod() {
        try {
            return FakeGraphTestAttributesTest.class.getDeclaredMethod("anyMethod");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
