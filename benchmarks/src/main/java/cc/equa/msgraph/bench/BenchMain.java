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
 * {@code bench.s3.e2eMembers} [100000], {@code bench.s3.xmx} [256m], {@code bench.s4.adds} [20000], {@code bench.s4.quota} [300],
 * {@code bench.s4.windowSeconds} [15], {@code bench.s4.baselineSample} [1000], {@code bench.s5.runs} [7],
 * {@code bench.itemMs} [10] (the second latency model's cost per item of server work).
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
        long itemMs = Long.getLong("bench.itemMs", 10);
        System.out.println("Latency models: per request (measured) and per request + " + itemMs + " ms per item of "
                + "server work (modelled from the journal's counts)");
        System.out.println(Result.latencyTable(results, itemMs));
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
        boolean parallel = Boolean.parseBoolean(System.getProperty("bench.baselineParallel", "true"));
        if (wanted.stream().anyMatch(id -> !id.equals("S3") && !id.equals("S5"))) {
            // JIT and class loading warm-up of the library, the SDK and the fake (a server runs syncs in a warm JVM;
            // S5 measures cold starts separately)
            long w0 = System.nanoTime();
            try (SyncScenarios.Pending warm = SyncScenarios.s1(latency, 100, true)) {
                warm.baseline.call();
            }
            System.out.println("warm-up (100-member fill, library and baseline) took "
                    + (System.nanoTime() - w0) / 1_000_000 + " ms");
        }
        java.util.Map<String, Result> done = new java.util.HashMap<>();
        List<SyncScenarios.Pending> pending = new ArrayList<>();
        try {
            for (String id : wanted) {
                long t0 = System.nanoTime();
                System.out.println("running " + id + (id.equals("S3") || id.equals("S5") ? "" : " (library)") + " ...");
                switch (id) {
                    case "S1" -> pending.add(SyncScenarios.s1(latency, Integer.getInteger("bench.s1.members", 5000),
                            baseline));
                    case "S2" -> pending.add(SyncScenarios.s2(latency, Integer.getInteger("bench.s2.inSync", 10000),
                            Integer.getInteger("bench.s2.delta", 25), baseline));
                    case "S3" -> done.put(id, ChildScenarios.s3(Integer.getInteger("bench.s3.members", 100000),
                            Integer.getInteger("bench.s3.e2eMembers", 100000),
                            System.getProperty("bench.s3.xmx", "256m")));
                    case "S4" -> pending.add(SyncScenarios.s4(latency, Integer.getInteger("bench.s4.adds", 20000),
                            Integer.getInteger("bench.s4.quota", 300),
                            Duration.ofSeconds(Long.getLong("bench.s4.windowSeconds", 15)),
                            baseline ? Integer.getInteger("bench.s4.baselineSample", 1000) : 0));
                    case "S5" -> done.put(id, ChildScenarios.s5(latency, Integer.getInteger("bench.s5.runs", 7)));
                    default -> throw new IllegalArgumentException("unknown scenario " + id + " (S1..S5 or all)");
                }
                System.out.println("  " + id + " took " + (System.nanoTime() - t0) / 1_000_000 + " ms, load average "
                        + load());
            }
            // The naive baselines last, after every library measurement; they are latency-bound (mostly waiting),
            // so by default they run side by side, each against its own fake tenant with its own app.
            List<SyncScenarios.Pending> withBaseline = pending.stream().filter(p -> p.baseline != null).toList();
            java.util.Map<String, SyncScenarios.BaselineRun> baselines = new java.util.HashMap<>();
            if (!withBaseline.isEmpty()) {
                long t0 = System.nanoTime();
                System.out.println("running baselines " + withBaseline.stream().map(p -> p.id).toList()
                        + (parallel ? " side by side" : " one after another") + " ...");
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                        parallel ? withBaseline.size() : 1);
                try {
                    java.util.Map<String, java.util.concurrent.Future<SyncScenarios.BaselineRun>> futures =
                            new java.util.LinkedHashMap<>();
                    for (SyncScenarios.Pending p : withBaseline) {
                        futures.put(p.id, pool.submit(p.baseline));
                    }
                    for (var f : futures.entrySet()) {
                        baselines.put(f.getKey(), f.getValue().get());
                    }
                } finally {
                    pool.shutdownNow();
                }
                System.out.println("  baselines took " + (System.nanoTime() - t0) / 1_000_000 + " ms, load average "
                        + load());
            }
            for (SyncScenarios.Pending p : pending) {
                done.put(p.id, p.finish.apply(baselines.get(p.id)));
            }
        } finally {
            pending.forEach(SyncScenarios.Pending::close);
        }
        List<Result> results = new ArrayList<>();
        for (String id : wanted) {
            Result r = done.get(id);
            results.add(r);
            if (id.equals("S1") || id.equals("S2") || id.equals("S4")) {
                r.notes().add("baselines ran " + (parallel ? "side by side (S1, S2, S4 at once)" : "one at a time")
                        + " after all library runs");
            }
        }
        return results;
    }

    static String load() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
