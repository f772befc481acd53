package cc.equa.msgraph.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run a test class with a fake Graph tenant: any test method (or {@code @BeforeEach}/{@code @AfterEach} method)
 * parameter of type {@link FakeGraphTenant} gets a fresh, started tenant for that test, closed after it.
 *
 * <pre>{@code
 * @FakeGraphTest
 * class BoardSyncTest {
 *     @Test
 *     void addsMissingMember(FakeGraphTenant fake) { ... }
 * }
 * }</pre>
 *
 * <p>The attributes configure every tenant the class gets, for the cases that need no code:
 * <pre>{@code
 * @FakeGraphTest(virtualTime = true, writeLimit = 100, writeWindow = "PT10S")
 * class ThrottledSyncTest { ... }
 * }</pre>
 * For anything else (faults, seeded directories, replication delay) customise the tenant in the test, or register
 * {@link FakeGraphExtension#create(java.util.function.UnaryOperator)} in a field.
 *
 * <p>To share one tenant across a class instead, don't use this annotation; register the extension in a static
 * field: {@code @RegisterExtension static FakeGraphExtension graph = FakeGraphExtension.create();}. Safe under
 * parallel execution: every test gets its own tenant, CA and port.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeGraphExtension.class)
public @interface FakeGraphTest {

    /**
     * Run each tenant on virtual time ({@link FakeGraphTenant.Builder#virtualTime()}): the clock moves only when
     * the code under test sleeps through the tenant's {@link FakeGraphTenant#sleeper()}, so waits for
     * {@code Retry-After} cost no wall time.
     *
     * @return whether the tenants run on virtual time
     * @since 0.2.0
     */
    boolean virtualTime() default false;

    /**
     * The write quota's limit: at most this many writes per app and tenant in any sliding {@link #writeWindow()}
     * (see {@link WriteQuota}); {@code 0}, the default, leaves writes unthrottled.
     *
     * @return the writes allowed per window, or {@code 0} for no limit
     * @since 0.2.0
     */
    int writeLimit() default 0;

    /**
     * The write quota's sliding window as an ISO-8601 duration ({@link java.time.Duration#parse(CharSequence)}),
     * such as {@code "PT150S"} (Graph's documented window); used only with {@link #writeLimit()}.
     *
     * @return the window
     * @since 0.2.0
     */
    String writeWindow() default "PT150S";

    /**
     * Run each tenant with the realistic profile ({@link FakeGraphTenant.Builder#realistic()}): every pessimistic
     * behaviour of {@link Hostility#realistic(long)}, seed 1. Best combined with {@link #virtualTime()}, since the
     * profile's read lag and replication windows run on the tenant's clock.
     *
     * @return whether the tenants use the realistic profile
     * @since 0.2.0
     */
    boolean realistic() default false;
}
