package cc.equa.msgraph.bench;

import cc.equa.msgraph.testkit.WriteQuota;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** S3 (large plan, in a fresh JVM) and S5 (cold start, fresh JVMs): the fake runs here, the measured code in a child. */
final class ChildScenarios {

    private ChildScenarios() {
    }

    static Result s3(int n, int e2e, String xmx) throws Exception {
        List<String> notes = new ArrayList<>();
        notes.add("latency 0 ms");
        // 1. The whole planning of n vs n in memory, in a fresh JVM with -Xmx: CPU and heap of planning proper.
        Child mem = run(List.of("-Xmx" + xmx), PlanChild.class, List.of("memory", String.valueOf(n)),
                Duration.ofMinutes(10));
        Map<String, String> m1 = mem.fields("MEMORY1");
        Map<String, String> m2 = mem.fields("MEMORY2");
        notes.add(m1.isEmpty() ? "in-memory planning of " + n + " FAILED in -Xmx" + xmx + " (exit " + mem.exit
                + "): " + mem.tail() : "in-memory planning of " + n + " vs " + n + " in a fresh JVM (-Xmx" + xmx
                + "): candidates + matching + diff + fingerprints (as planSync; JSON only on demand): thread CPU "
                + m1.get("thread_cpu_ms") + " ms cold (" + m2.get("thread_cpu_ms") + " ms on a second run), wall "
                + m1.get("wall_ms") + " ms; heap pool peaks " + m1.get("heap_peak_mb") + " MB with the inputs held ("
                + m1.get("live_inputs_mb") + " MB live before), " + m1.get("live_with_plan_mb")
                + " MB live with the plan; ok=" + m1.get("ok"));
        // 2. planSync end to end at a size the fake can serve: the fake answers each user filter by scanning all
        //    its users, so 100,000 lookups against 100,000 users would take about an hour of the fake's CPU.
        long requests = -1;
        try (BenchTenant t = new BenchTenant(Duration.ZERO, WriteQuota.GRAPH)) {
            List<String> ids = t.addUsers(0, e2e);
            t.fake.directory().addMembers(t.groupId, ids);
            Path pem = caFile(t);
            t.clearJournal();
            Child c = run(List.of("-Xmx" + xmx), PlanChild.class, List.of(t.fake.authorityHost().toString(),
                    t.fake.graphEndpoint().toString(), pem.toString(), t.app.tenantId(), t.app.clientId(),
                    t.app.clientSecret(), t.groupId, String.valueOf(e2e)), Duration.ofMinutes(15));
            Map<String, String> r = c.fields("RESULT");
            long got = t.requests();
            if (e2e == n && !r.isEmpty()) {
                requests = got;
            }
            notes.add("planSync end to end at " + e2e + " vs " + e2e + " in a fresh JVM (-Xmx" + xmx + "): " + (r.isEmpty() ? "FAILED (exit " + c.exit + "): " + c.tail()
                    : "ok=" + r.get("ok") + ", " + got + " requests (floor " + Minimums.plan(e2e, e2e, e2e) + "), wall "
                    + r.get("wall_ms") + " ms, planning thread CPU " + r.get("thread_cpu_ms") + " ms (HTTP, TLS, "
                    + "JSON and SDK parsing included), child process CPU " + r.get("process_cpu_ms") + " ms (JIT, GC "
                    + "included), heap pool peaks " + r.get("heap_peak_mb") + " MB, sampled " + r.get("heap_sampled_mb")
                    + " MB, live with the plan " + r.get("live_with_plan_mb") + " MB"));
        }
        notes.add("requests at " + n + (requests >= 0 ? ": " + requests : " not measured (see above)")
                + "; floor (every team member already a member, so "
                + "matched from the member read) = 1 token + ceil(" + n + "/999) member pages + 1 owners page = "
                + Minimums.plan(n, n, n) + "; the library also starts a delta round for the apply's staleness check: "
                + (Minimums.plan(n, n, n) + 1) + " in all");
        notes.add("no baseline: the naive way has no planning step (it would be " + (n + Minimums.ceilDiv(n, 999) + 1)
                + " sequential requests)");
        long wall = m1.isEmpty() ? -1 : Long.parseLong(m1.get("wall_ms"));
        long heap = m1.isEmpty() ? -1 : Long.parseLong(m1.get("heap_peak_mb"));
        return new Result("S3", "large plan: " + SyncScenarios.fmt(n) + " vs " + SyncScenarios.fmt(n) + " (memory)",
                requests, Minimums.plan(n, n, n), wall, -1, -1, heap, notes);
    }

    static Result s5(Duration latency, int runs) throws Exception {
        try (BenchTenant t = new BenchTenant(latency, WriteQuota.GRAPH)) {
            Path pem = caFile(t);
            List<String> common = List.of(t.fake.authorityHost().toString(), t.fake.graphEndpoint().toString(),
                    pem.toString(), t.app.tenantId(), t.app.clientId(), t.app.clientSecret(), t.groupId);
            Map<String, List<Long>> wall = new HashMap<>();
            Map<String, List<Long>> inJvm = new HashMap<>();
            Map<String, Long> requests = new HashMap<>();
            // one unmeasured warm-up of each (page cache), then alternate the order run by run
            for (String mode : List.of("sdk", "library")) {
                coldStart(mode, common);
            }
            for (int i = 0; i < runs; i++) {
                List<String> order = i % 2 == 0 ? List.of("sdk", "library") : List.of("library", "sdk");
                for (String mode : order) {
                    t.clearJournal();
                    Child c = coldStart(mode, common);
                    Map<String, String> f = c.fields("DONE");
                    if (f.isEmpty()) {
                        throw new IllegalStateException(mode + " cold start failed: " + c.tail());
                    }
                    wall.computeIfAbsent(mode, k -> new ArrayList<>()).add(c.markerMs);
                    inJvm.computeIfAbsent(mode, k -> new ArrayList<>()).add(Long.parseLong(f.get("ms_since_jvm_start")));
                    requests.put(mode, (long) t.requests());
                }
            }
            long lib = median(wall.get("library"));
            long sdk = median(wall.get("sdk"));
            List<String> notes = new ArrayList<>();
            notes.add("median of " + runs + " fresh JVMs each (after one warm-up each), spawn to the first answer: library "
                    + lib + " ms " + wall.get("library") + ", raw SDK " + sdk + " ms " + wall.get("sdk")
                    + "; in-JVM (JVM start to answer) medians: library " + median(inJvm.get("library")) + " ms, SDK "
                    + median(inJvm.get("sdk")) + " ms; library adds " + String.format("%+.1f", 100.0 * (lib - sdk) / sdk)
                    + " %");
            notes.add("first call: library linkedGroup() vs SDK groups().byGroupId(id).get(); minimum = 1 token + 1 GET");
            return new Result("S5", "cold start to first Graph call", requests.get("library"), 2, lib,
                    requests.get("sdk"), sdk, -1, notes);
        }
    }

    private static Child coldStart(String mode, List<String> common) throws Exception {
        List<String> args = new ArrayList<>();
        args.add(mode);
        args.addAll(common);
        return run(List.of(), ColdStart.class, args, Duration.ofMinutes(2));
    }

    static long median(List<Long> values) {
        List<Long> s = new ArrayList<>(values);
        s.sort(null);
        int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
    }

    private static Path caFile(BenchTenant t) throws Exception {
        Path pem = Files.createTempFile("bench-ca", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, t.fake.caCertificatePem());
        return pem;
    }

    /** A finished child JVM: its output, exit code, and when (ms after spawning) its marker line appeared. */
    static final class Child {
        final List<String> lines = new ArrayList<>();
        int exit;
        long markerMs = -1;

        Map<String, String> fields(String marker) {
            Map<String, String> out = new HashMap<>();
            for (String l : lines) {
                if (l.startsWith(marker + " ")) {
                    for (String kv : l.substring(marker.length() + 1).split(" ")) {
                        int eq = kv.indexOf('=');
                        if (eq > 0) {
                            out.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    }
                }
            }
            return out;
        }

        String tail() {
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        }
    }

    static Child run(List<String> jvmArgs, Class<?> main, List<String> args, Duration timeout) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(jvmArgs);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Child c = new Child();
        long start = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (c.markerMs < 0 && (line.startsWith("DONE ") || line.startsWith("RESULT "))) {
                    c.markerMs = (System.nanoTime() - start) / 1_000_000;
                }
                c.lines.add(line);
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            c.exit = -1;
        } else {
            c.exit = p.exitValue();
        }
        return c;
    }
}
