package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the scheduler works without it. The test class path minus every
 * {@code io.micrometer} jar is loaded in a class loader of its own, and a fleet sync runs inside it
 * ({@link NoMicrometerRunner}).
 */
class NoMicrometerClasspathTest {

    @Test
    void aFleetSyncsWithoutMicrometerOnTheClassPath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        int removed = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.replace('\\', '/').contains("/io/micrometer/")) {
                removed++;
            } else if (!entry.isBlank()) {
                urls.add(url(entry));
            }
        }
        assertFalse(removed == 0, "the test class path holds Micrometer, so removing it proves something");
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("io.micrometer.observation.Observation", false, isolated));
            Class<?> runner = Class.forName(NoMicrometerRunner.class.getName(), true, isolated);
            // Libraries that look classes up through the context class loader must see the isolated one too.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(isolated);
            try {
                assertEquals("HELD +2", runner.getMethod("run").invoke(null));
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
