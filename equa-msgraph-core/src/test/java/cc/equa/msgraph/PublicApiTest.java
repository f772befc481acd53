package cc.equa.msgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Guards the public API of core and spi: no vendor type leaks, classes are final, packages are null-marked. */
class PublicApiTest {

    private static final List<String> PACKAGES = List.of("cc.equa.msgraph", "cc.equa.msgraph.spi");

    @Test
    void publicSignaturesMentionNoGraphKiotaAzureOrOkHttpType() {
        for (String pkg : PACKAGES) {
            List<Class<?>> types = ApiSurface.publicTypes(pkg);
            assertFalse(types.isEmpty(), "no public types found in " + pkg);
            Set<String> leaks = ApiSurface.leaks(types);
            assertEquals(Set.of(), leaks, "vendor types leak into the public API of " + pkg);
        }
    }

    @Test
    void apiSurfaceCheckDetectsALeak() {
        Set<String> leaks = ApiSurface.leaks(List.of(Leaky.class));
        assertTrue(leaks.stream().anyMatch(l -> l.contains("okhttp3.OkHttpClient")), leaks.toString());
    }

    @Test
    void publicClassesAreFinalOrAbstractOrExceptions() {
        for (String pkg : PACKAGES) {
            for (Class<?> type : ApiSurface.publicTypes(pkg)) {
                if (type.isInterface() || type.isEnum() || type.isRecord() || type.isAnnotation()
                        || Throwable.class.isAssignableFrom(type)) {
                    continue;
                }
                assertTrue(Modifier.isFinal(type.getModifiers()) || Modifier.isAbstract(type.getModifiers()),
                        type.getName() + " should be final");
            }
        }
    }

    @Test
    void everyPackageIsNullMarked() throws Exception {
        List<String> packages = new java.util.ArrayList<>(ApiSurface.packagesOf(MicrosoftIntegration.class));
        packages.addAll(ApiSurface.packagesOf(cc.equa.msgraph.spi.OrganizationId.class));
        assertTrue(packages.contains("cc.equa.msgraph.internal"), packages.toString());
        for (String pkg : packages) {
            Class<?> info = Class.forName(pkg + ".package-info");
            assertTrue(info.isAnnotationPresent(org.jspecify.annotations.NullMarked.class), pkg);
        }
    }

    /** A deliberately leaky type proving the check works. */
    public static final class Leaky {
        /**
         * Leak an OkHttp type.
         *
         * @return nothing useful
         */
        public okhttp3.OkHttpClient client() {
            return new okhttp3.OkHttpClient();
        }
    }
}
