package cc.equa.msgraph.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Run the scenarios against the fake tenant, each beside the naive plain-SDK baseline, and print a table and one
 * {@code BENCH} line per scenario.
 *
 * <p>Arguments: scenario ids ({@code S1 S2 S3 S4 S5}) or {@code all}. System properties (defaults in brackets):
 * {@code bench.latencyMs} [20], {@code bench.baseline} [true], {@code bench.s1.members} [5000],
 * {@code bench.s2.inSync} [10000], {@code bench.s2.delta} [25], {@code bench.s3.members} [100000],
 * {@code bench.s3.xmx} [256m], {@code bench.s4.adds} [20000], {@code bench.s4.quota} [300],
 * {@code bench.s4.windowSeconds} [15], {@code bench.s4.baselineSample} [1000], {@code bench.s5.runs} [7].
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Set<String> wanted = new LinkedHashSet<>();
        for (String a : args) {
            for (String s : a.split("[ ,]+")) {
                if (!s.isBlank()) {
                    wanted.add(s.toUpperCase(Locale.ROOT));
                }
            }
        }
        if (wanted.isEmpty() || wanted.contains("ALL")) {
            wanted = new LinkedHashSet<>(List.of("S1", "S2", "S3", "S4", "S5"));
        }
        List<Result> results = run(wanted);
        System.out.println();
        System.out.println(Result.table(results));
        for (Result r : results) {
            System.out.println(r.benchLine());
        }
    }

    static List<Result> run(Set<String> wanted) throws Exception {
        Duration latency = Duration.ofMillis(Long.getLong("bench.latencyMs", 20));
        boolean baseline = Boolean.parseBoolean(System.getProperty("bench.baseline", "true"));
        System.out.println("equa-msgraph benchmarks: " + wanted + ", latency " + latency.toMillis()
                + " ms per request, baseline " + baseline + "; JDK " + System.getProperty("java.vm.name") + " "
                + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        List<Result> results = new ArrayList<>();
        for (String id : wanted) {
            long t0 = System.nanoTime();
            System.out.println("running " + id + " ...");
            Result r = switch (id) {
                case "S1" -> SyncScenarios.s1(latency, Integer.getInteger("bench.s1.members", 5000), baseline);
                case "S2" -> SyncScenarios.s2(latency, Integer.getInteger("bench.s2.inSync", 10000),
                        Integer.getInteger("bench.s2.delta", 25), baseline);
                case "S3" -> ChildScenarios.s3(Integer.getInteger("bench.s3.members", 100000),
                        System.getProperty("bench.s3.xmx", "256m"));
                case "S4" -> SyncScenarios.s4(latency, Integer.getInteger("bench.s4.adds", 20000),
                        Integer.getInteger("bench.s4.quota", 300),
                        Duration.ofSeconds(Long.getLong("bench.s4.windowSeconds", 15)),
                        baseline ? Integer.getInteger("bench.s4.baselineSample", 1000) : 0);
                case "S5" -> ChildScenarios.s5(latency, Integer.getInteger("bench.s5.runs", 7));
                default -> throw new IllegalArgumentException("unknown scenario " + id + " (S1..S5 or all)");
            };
            results.add(r);
            System.out.println(r.benchLine() + "   (scenario took " + (System.nanoTime() - t0) / 1_000_000_000
                    + " s, load average " + String.format("%.2f",
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ")");
            r.notes().forEach(n -> System.out.println("  " + id + ": " + n));
        }
        return results;
    }
}
