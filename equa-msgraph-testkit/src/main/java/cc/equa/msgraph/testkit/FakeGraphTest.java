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
}
