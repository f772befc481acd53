package cc.equa.msgraph.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link FakeGraphTest}: starts fake tenants, injects them as {@link FakeGraphTenant}
 * parameters and closes them.
 *
 * <ul>
 *   <li>{@code @FakeGraphTest} (or {@code @ExtendWith(FakeGraphExtension.class)}): a fresh tenant per test.</li>
 *   <li>{@code @RegisterExtension static FakeGraphExtension graph = FakeGraphExtension.create();}: one tenant for
 *       the whole class, also available as {@link #tenant()} and injectable into {@code @BeforeAll}.</li>
 *   <li>{@code @RegisterExtension FakeGraphExtension graph = FakeGraphExtension.create();} (instance field): a fresh
 *       tenant per test, available as {@link #tenant()}.</li>
 * </ul>
 *
 * <p>Misuse (both the annotation and a registered field, two registered fields, a per-test tenant asked for in
 * {@code @BeforeAll}) fails with an {@link ExtensionConfigurationException} saying what to change.
 *
 * @since 0.1.0
 */
public final class FakeGraphExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FakeGraphExtension.class);
    private static final String KEY = "fake-graph-tenant";

    private final boolean programmatic;
    private final UnaryOperator<FakeGraphTenant.Builder> customizer;
    private volatile @Nullable FakeGraphTenant shared;
    private volatile @Nullable FakeGraphTenant perTest;

    /**
     * The constructor JUnit uses for {@code @ExtendWith}/{@link FakeGraphTest}: a fresh default tenant per test.
     * Use {@link #create()} in a {@code @RegisterExtension} field.
     *
     * @since 0.1.0
     */
    public FakeGraphExtension() {
        this(false, UnaryOperator.identity());
    }

    private FakeGraphExtension(boolean programmatic, UnaryOperator<FakeGraphTenant.Builder> customizer) {
        this.programmatic = programmatic;
        this.customizer = customizer;
    }

    /**
     * Create an extension for a {@code @RegisterExtension} field, with default tenants.
     *
     * @return the extension
     * @since 0.1.0
     */
    public static FakeGraphExtension create() {
        return new FakeGraphExtension(true, UnaryOperator.identity());
    }

    /**
     * Create an extension for a {@code @RegisterExtension} field whose tenants are built with a customized builder,
     * e.g. {@code b -> b.virtualTime().writeQuota(WriteQuota.of(10, Duration.ofSeconds(1)))}.
     *
     * @param customizer changes the builder
     * @return the extension
     * @since 0.1.0
     */
    public static FakeGraphExtension create(UnaryOperator<FakeGraphTenant.Builder> customizer) {
        return new FakeGraphExtension(true, Objects.requireNonNull(customizer));
    }

    /**
     * Return the tenant of a registered extension: the class's shared tenant for a static field, the current test's
     * tenant for an instance field.
     *
     * @return the running tenant
     * @throws IllegalStateException outside a test, or for the annotation-driven extension
     * @since 0.1.0
     */
    public FakeGraphTenant tenant() {
        FakeGraphTenant t = shared != null ? shared : perTest;
        if (t == null) {
            throw new IllegalStateException("No fake Graph tenant is running: tenant() works inside tests of a class "
                    + "with a @RegisterExtension FakeGraphExtension field");
        }
        return t;
    }

    private FakeGraphTenant startTenant(ExtensionContext context) {
        FakeGraphTenant.Builder builder = FakeGraphTenant.builder();
        if (!programmatic) {
            configure(builder, context);
        }
        return customizer.apply(builder).build().start();
    }

    /** Apply the {@link FakeGraphTest} attributes of the test class (or an enclosing class) to the builder. */
    private static void configure(FakeGraphTenant.Builder builder, ExtensionContext context) {
        Optional<FakeGraphTest> found = Optional.empty();
        for (Class<?> c = context.getRequiredTestClass(); c != null && found.isEmpty(); c = c.getEnclosingClass()) {
            found = AnnotationSupport.findAnnotation(c, FakeGraphTest.class);
        }
        if (found.isEmpty()) {
            return;
        }
        FakeGraphTest a = found.get();
        if (a.virtualTime()) {
            builder.virtualTime();
        }
        if (a.realistic()) {
            builder.realistic();
        }
        if (a.writeLimit() < 0) {
            throw new ExtensionConfigurationException("@FakeGraphTest(writeLimit = " + a.writeLimit() + ") on "
                    + context.getRequiredTestClass().getName() + ": the limit must be 0 (no quota) or positive.");
        }
        Duration window;
        try {
            window = Duration.parse(a.writeWindow());
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@FakeGraphTest(writeWindow = \"" + a.writeWindow() + "\") on "
                    + context.getRequiredTestClass().getName() + " is not an ISO-8601 duration; write it like "
                    + "\"PT150S\" or \"PT1M\".", e);
        }
        if (window.isZero() || window.isNegative()) {
            throw new ExtensionConfigurationException("@FakeGraphTest(writeWindow = \"" + a.writeWindow() + "\") on "
                    + context.getRequiredTestClass().getName() + ": the window must be positive.");
        }
        if (a.writeLimit() > 0) {
            builder.writeQuota(WriteQuota.of(a.writeLimit(), window));
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (programmatic) {
            checkFields(context.getRequiredTestClass());
            FakeGraphTenant t = startTenant(context);
            shared = t;
            context.getStore(NS).put(KEY, t);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (programmatic) {
            FakeGraphTenant t = shared;
            shared = null;
            context.getStore(NS).remove(KEY);
            if (t != null) {
                t.close();
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (programmatic && shared == null) {
            perTest = perTestTenant(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FakeGraphTenant t = context.getStore(NS).remove(KEY + "#" + context.getUniqueId(), FakeGraphTenant.class);
        if (t != null) {
            t.close();
        }
        if (programmatic && shared == null) {
            perTest = null;
        }
    }

    private FakeGraphTenant perTestTenant(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent(KEY + "#" + context.getUniqueId(), k -> startTenant(context),
                FakeGraphTenant.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() != FakeGraphTenant.class) {
            return false;
        }
        Class<?> testClass = extensionContext.getRequiredTestClass();
        List<Field> fields = registeredFields(testClass);
        if (!programmatic && !fields.isEmpty()) {
            throw new ExtensionConfigurationException("Test class " + testClass.getName() + " uses @FakeGraphTest "
                    + "(or @ExtendWith(FakeGraphExtension.class)) and registers FakeGraphExtension in field '"
                    + fields.get(0).getName() + "'. Use one of them: remove @FakeGraphTest to use the field's "
                    + "tenant, or remove the field for a fresh tenant per test.");
        }
        if (programmatic) {
            checkFields(testClass);
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        FakeGraphTenant s = shared;
        if (s != null) {
            return s;
        }
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ExtensionConfigurationException("A FakeGraphTenant can't be injected into "
                    + parameterContext.getDeclaringExecutable() + ": it runs outside a single test, but "
                    + (programmatic ? "this FakeGraphExtension is registered in an instance field"
                            : "@FakeGraphTest gives each test its own tenant")
                    + ". For a tenant shared by the class, declare "
                    + "'@RegisterExtension static FakeGraphExtension graph = FakeGraphExtension.create();'.");
        }
        return perTestTenant(extensionContext);
    }

    private static void checkFields(Class<?> testClass) {
        List<Field> fields = registeredFields(testClass);
        if (fields.size() > 1) {
            throw new ExtensionConfigurationException("Test class " + testClass.getName() + " registers "
                    + "FakeGraphExtension in more than one field (" + fields.stream().map(Field::getName).toList()
                    + "); FakeGraphTenant parameters would be ambiguous. Keep one field and call tenant() on it, or "
                    + "start further tenants with FakeGraphTenant.builder().");
        }
    }

    private static List<Field> registeredFields(Class<?> testClass) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == FakeGraphExtension.class && f.isAnnotationPresent(RegisterExtension.class)) {
                    out.add(f);
                }
            }
        }
        for (Class<?> c = testClass.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == FakeGraphExtension.class && f.isAnnotationPresent(RegisterExtension.class)
                        && Modifier.isStatic(f.getModifiers())) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
