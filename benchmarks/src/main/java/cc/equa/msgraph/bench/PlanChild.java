package cc.equa.msgraph.bench;

import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3's child JVM: plan a sync of an {@code n}-member team against the fake (in the parent JVM) in a fresh JVM, so
 * that its heap holds only the library, the SDK and the host's team list. Prints one {@code RESULT} line.
 * Arguments: authority graph caPemFile tenant clientId secret groupId n.
 */
public final class PlanChild {

    private PlanChild() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args[0].equals("memory")) {
            memory(Integer.parseInt(args[1]));
            return;
        }
        int n = Integer.parseInt(args[7]);
        X509Certificate ca = pem(Path.of(args[2]));
        InMemorySettingsStore settings = new InMemorySettingsStore();
        settings.save(BenchTenant.ORG, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(args[3], args[4], Secret.of(args[5])))
                .withLinkedGroupId(args[6]));
        List<TeamMember> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            members.add(BenchTenant.member(i));
        }
        InMemoryTeamDirectory team = new InMemoryTeamDirectory().set(BenchTenant.ORG, members);
        members = null;
        try (MicrosoftIntegration m = MicrosoftIntegration.builder().settings(settings).team(team)
                .cloud(MicrosoftCloud.custom("fake", URI.create(args[0]), URI.create(args[1])))
                .trustCertificates(List.of(ca)).build()) {
            long before = Heap.liveMb();
            Heap.resetPeak();
            AtomicLong sampled = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    sampled.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long cpu0 = Heap.threadCpuNanos();
            long proc0 = Heap.processCpuNanos();
            long t0 = System.nanoTime();
            SyncPlan plan = BenchTenant.org(m).planSync();
            long wall = System.nanoTime() - t0;
            long cpu = Heap.threadCpuNanos() - cpu0;
            long proc = Heap.processCpuNanos() - proc0;
            sampler.interrupt();
            sampler.join();
            long peak = Heap.peakMb();
            long live = Heap.liveMb();
            boolean ok = plan.unchanged().size() == n && plan.additions().isEmpty() && plan.removals().isEmpty();
            System.out.println("RESULT ok=" + ok + " unchanged=" + plan.unchanged().size() + " wall_ms="
                    + wall / 1_000_000 + " thread_cpu_ms=" + cpu / 1_000_000 + " process_cpu_ms=" + proc / 1_000_000
                    + " heap_peak_mb=" + peak + " heap_sampled_mb=" + Heap.mb(sampled.get()) + " live_before_mb="
                    + before + " live_with_plan_mb=" + live + " plan_json_kb=" + plan.toJson().length() / 1024
                    + " max_heap_mb=" + Heap.mb(Runtime.getRuntime().maxMemory()));
            System.out.flush();
        }
    }

    /**
     * Plan in memory only: the inputs the library holds after its Graph reads ({@code n} team members, {@code n}
     * users, a group of {@code n} members) are built first, then candidates, matching, diff, fingerprints, plan
     * encoding and parsing are measured; twice (the first in a cold JVM).
     */
    static void memory(int n) {
        PlanningInputs inputs = new PlanningInputs(n, n);
        for (int round = 1; round <= 2; round++) {
            long before = Heap.liveMb();
            Heap.resetPeak();
            long cpu0 = Heap.threadCpuNanos();
            long t0 = System.nanoTime();
            SyncPlan plan = inputs.plan();
            long wall = System.nanoTime() - t0;
            long cpu = Heap.threadCpuNanos() - cpu0;
            long peak = Heap.peakMb();
            boolean ok = plan.unchanged().size() == n && !plan.hasChanges();
            System.out.println("MEMORY" + round + " ok=" + ok + " wall_ms=" + wall / 1_000_000 + " thread_cpu_ms="
                    + cpu / 1_000_000 + " heap_peak_mb=" + peak + " live_inputs_mb=" + before + " live_with_plan_mb="
                    + Heap.liveMb() + " max_heap_mb=" + Heap.mb(Runtime.getRuntime().maxMemory()));
        }
        System.out.flush();
    }

    static X509Certificate pem(Path file) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
    }
}
