package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Measures how long starting a fake tenant takes (build + start + first registered app) and records the median in
 * {@code target/tenant-start.txt}. Deliberately no timing assertion: the figure is reported, not enforced.
 */
class TenantStartMeasurementTest {

    @Test
    void measureTenantStartMedian() throws IOException {
        int runs = 31;
        List<Long> micros = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
                fake.registerApp(AppRegistration.builder().roles("Group.Read.All").build());
                micros.add((System.nanoTime() - t0) / 1000);
                ports.add(fake.port());
            }
        }
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        long median = sorted.get(runs / 2);
        String line = String.format("tenant start: median %.1f ms, first %.1f ms, max %.1f ms over %d runs%n",
                median / 1000.0, micros.get(0) / 1000.0, sorted.get(runs - 1) / 1000.0, runs);
        System.out.print(line);
        Files.writeString(Path.of("target", "tenant-start.txt"), line);
        assertEquals(runs, micros.size());
        assertEquals(true, ports.size() > 1, "each start binds its own port");
    }
}
