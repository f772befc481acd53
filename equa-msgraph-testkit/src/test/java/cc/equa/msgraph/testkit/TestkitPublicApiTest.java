package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApiSurface;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * Guards the testkit's public API like core's: no OkHttp, MockWebServer, Graph SDK, Kiota or Azure type in a public
 * signature, public classes final, every package null-marked. Uses core's {@code ApiSurface} (core's test jar).
 */
class TestkitPublicApiTest {

    @Test
    void publicSignaturesMentionNoVendorType() {
        List<Class<?>> types = ApiSurface.publicTypes("cc.equa.msgraph.testkit");
        assertTrue(types.contains(FakeGraphTenant.class), types.toString());
        assertEquals(Set.of(), ApiSurface.leaks(types), "vendor types leak into the testkit's public API");
    }

    @Test
    void publicClassesAreFinal() {
        for (Class<?> type : ApiSurface.publicTypes("cc.equa.msgraph.testkit")) {
            if (type.isInterface() || type.isEnum() || type.isRecord() || type.isAnnotation()) {
                continue;
            }
            assertTrue(Modifier.isFinal(type.getModifiers()), type.getName() + " should be final");
        }
    }

    @Test
    void everyPackageIsNullMarked() throws Exception {
        Set<String> packages = ApiSurface.packagesOf(FakeGraphTenant.class);
        assertFalse(packages.isEmpty());
        assertTrue(packages.contains("cc.equa.msgraph.testkit.internal"), packages.toString());
        for (String pkg : packages) {
            assertTrue(Class.forName(pkg + ".package-info").isAnnotationPresent(NullMarked.class), pkg);
        }
    }
}
