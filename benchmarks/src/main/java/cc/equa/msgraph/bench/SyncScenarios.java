package cc.equa.msgraph.bench;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** S1 (initial fill), S2 (steady state) and S4 (quota): the library's plan + apply beside the naive baseline. */
final class SyncScenarios {

    private SyncScenarios() {
    }

    /** What one library sync did. */
    record LibraryRun(long requests, long planRequests, long wallMs, long planMs, long applyMs, long heapMb,
            int throttled, long workUnits, String planBreakdown, String applyBreakdown, SyncPlan plan,
            SyncResult result) {
    }

    /** What one baseline sync did. */
    record BaselineRun(long requests, long wallMs, int throttled, long workUnits, Naive.Outcome outcome) {
    }

    /**
     * A scenario whose library part has run: its baseline still to run (possibly beside other baselines), then
     * {@link #finish} builds the result. Closing it closes its fake tenant.
     */
    static final class Pending implements AutoCloseable {
        final String id;
        final BenchTenant tenant;
        final java.util.concurrent.@org.jspecify.annotations.Nullable Callable<BaselineRun> baseline;
        final java.util.function.Function<@org.jspecify.annotations.Nullable BaselineRun, Result> finish;

        Pending(String id, BenchTenant tenant,
                java.util.concurrent.@org.jspecify.annotations.Nullable Callable<BaselineRun> baseline,
                java.util.function.Function<@org.jspecify.annotations.Nullable BaselineRun, Result> finish) {
            this.id = id;
            this.tenant = tenant;
            this.baseline = baseline;
            this.finish = finish;
        }

        @Override
        public void close() {
            tenant.close();
        }
    }

    static Pending s1(Duration latency, int members, boolean baseline) {
        BenchTenant t = new BenchTenant(latency, WriteQuota.GRAPH);
        List<String> ids = t.addUsers(0, members);
        t.team(0, members);
        String baseGroup = t.fake.directory().addGroup("Baseline").id();
        LibraryRun lib = library(t, t.groupId, b -> b);
        List<String> notes = new ArrayList<>();
        check(notes, lib, members, 0, new HashSet<>(ids), t.members());
        notes.add(Minimums.syncFormula(members, 0, 0, members, 0));
        notes.add(detail(lib));
        return new Pending("S1", t, baseline ? () -> baseline(t, baseGroup, emails(0, members)) : null, base -> {
            if (base != null) {
                notes.add(baselineNote(base));
            }
            return new Result("S1", "initial fill: " + fmt(members) + " members, empty group", lib.requests(),
                    Minimums.sync(members, 0, 0, members, 0), lib.wallMs(), base == null ? -1 : base.requests(),
                    base == null ? -1 : base.wallMs(), lib.heapMb(), notes)
                    .withWork(lib.workUnits(), base == null ? -1 : base.workUnits());
        });
    }

    static Pending s2(Duration latency, int inSync, int delta, boolean baseline) {
        BenchTenant t = new BenchTenant(latency, WriteQuota.GRAPH);
        int team = inSync + delta;
        List<String> ids = t.addUsers(0, team + delta);
        t.team(0, team);
        List<String> initial = new ArrayList<>(ids.subList(0, inSync));
        initial.addAll(ids.subList(team, team + delta));
        t.fake.directory().addMembers(t.groupId, initial);
        String baseGroup = t.fake.directory().addGroup("Baseline").id();
        t.fake.directory().addMembers(baseGroup, initial);
        LibraryRun lib = library(t, t.groupId, b -> b);
        List<String> notes = new ArrayList<>();
        check(notes, lib, delta, delta, new HashSet<>(ids.subList(0, team)), t.members());
        notes.add(Minimums.syncFormula(team, initial.size(), inSync, delta, delta));
        notes.add(detail(lib));
        return new Pending("S2", t, baseline ? () -> baseline(t, baseGroup, emails(0, team)) : null, base -> {
            if (base != null) {
                notes.add(baselineNote(base));
            }
            return new Result("S2", "steady state: " + fmt(inSync) + " in sync, +" + delta + " -" + delta,
                    lib.requests(), Minimums.sync(team, initial.size(), inSync, delta, delta), lib.wallMs(),
                    base == null ? -1 : base.requests(), base == null ? -1 : base.wallMs(), lib.heapMb(), notes)
                    .withWork(lib.workUnits(), base == null ? -1 : base.workUnits());
        });
    }

    static Pending s4(Duration latency, int adds, int quota, Duration window, int baselineSample) {
        BenchTenant t = new BenchTenant(latency, WriteQuota.of(quota, window));
        List<String> ids = t.addUsers(0, adds);
        t.team(0, adds);
        String baseGroup = t.fake.directory().addGroup("Baseline").id();
        LibraryRun lib = library(t, t.groupId, b -> b.writeQuota(quota, window));
        List<String> notes = new ArrayList<>();
        check(notes, lib, adds, 0, new HashSet<>(ids), t.members());
        long writes = Minimums.ceilDiv(adds, 20);
        long boundMs = (Minimums.ceilDiv(writes, quota) - 1) * window.toMillis();
        notes.add("quota " + quota + " writes per " + window.toSeconds() + " s (the fake's sliding window, real "
                + "time); " + writes + " bind writes; bound = (ceil(" + writes + "/" + quota + ") - 1) x "
                + window.toSeconds() + " s = " + boundMs + " ms; apply took " + lib.applyMs() + " ms = "
                + String.format("%.2f", boundMs == 0 ? 0 : (double) lib.applyMs() / boundMs)
                + " x bound; 429s received by the library: " + lib.throttled() + "; wall_ms is plan + apply");
        notes.add(Minimums.syncFormula(adds, 0, 0, adds, 0));
        notes.add(detail(lib));
        int n = Math.min(baselineSample, adds);
        return new Pending("S4", t, n > 0 ? () -> baseline(t, baseGroup, emails(0, n)) : null, base -> {
            long baseRequests = -1;
            long baseWall = -1;
            long baseWork = -1;
            if (base != null) {
                double scale = (double) adds / n;
                baseRequests = Math.round(base.requests() * scale);
                baseWall = Math.round(base.wallMs() * scale);
                baseWork = Math.round(base.workUnits() * scale);
                notes.add((n < adds ? "baseline EXTRAPOLATED x" + String.format("%.1f", scale) + " from a run of "
                        + n + " adds: " : "") + baselineNote(base) + "; at the quota alone the naive " + adds
                        + " single writes need >= " + (Minimums.ceilDiv(adds, quota) - 1) * window.toSeconds() + " s");
            }
            return new Result("S4", "quota: " + fmt(adds) + " adds at " + quota + "/" + window.toSeconds() + " s",
                    lib.requests(), Minimums.sync(adds, 0, 0, adds, 0), lib.wallMs(), baseRequests, baseWall,
                    lib.heapMb(), notes).withWork(lib.workUnits(), baseWork);
        });
    }

    private static String baselineNote(BaselineRun base) {
        return "baseline " + base.requests() + " requests (" + base.workUnits() + " items of server work) in "
                + base.wallMs() + " ms ("
                + String.format("%.1f", (double) base.wallMs() / Math.max(1, base.requests()))
                + " ms per request), " + base.throttled() + " x 429; " + base.outcome();
    }

    static LibraryRun library(BenchTenant t, String groupId,
            java.util.function.UnaryOperator<MicrosoftIntegration.Builder> custom) {
        try (MicrosoftIntegration m = t.library(custom)) {
            OrganizationIntegration org = BenchTenant.org(m);
            t.clearJournal();
            Heap.resetPeak();
            long start = System.nanoTime();
            SyncPlan plan = org.planSync();
            long planned = System.nanoTime();
            long planRequests = t.requests();
            int planCalls = t.fake.journal().calls().size();
            SyncResult result = org.applySync(plan, ApplyOptions.builder().actor("bench").build());
            long end = System.nanoTime();
            long heap = Heap.peakMb();
            java.util.List<cc.equa.msgraph.testkit.RecordedCall> all = t.fake.journal().calls();
            return new LibraryRun(t.requests(), planRequests, ms(end - start), ms(planned - start), ms(end - planned),
                    heap, t.throttled(), t.workUnits(), breakdown(all.subList(0, planCalls)),
                    breakdown(all.subList(planCalls, all.size())), plan, result);
        }
    }

    /** Top-level requests by kind: each $batch is named by what its items do. */
    static String breakdown(List<cc.equa.msgraph.testkit.RecordedCall> calls) {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        String batchKind = null;
        // the journal lists a $batch's items next to it: name each $batch by the items that follow it
        List<String> order = new ArrayList<>();
        for (cc.equa.msgraph.testkit.RecordedCall c : calls) {
            switch (c.kind()) {
                case TOKEN -> out.merge("token", 1, Integer::sum);
                case GRAPH -> {
                    if (c.path().endsWith("/$batch")) {
                        order.add("$batch");
                    } else {
                        out.merge(c.method() + " " + c.path().replaceAll("[0-9a-f-]{36}", "{id}"), 1, Integer::sum);
                    }
                }
                case BATCH_ITEM -> {
                    batchKind = c.method() + " " + c.path().replaceAll("[0-9a-f-]{36}", "{id}");
                    out.merge("items " + batchKind, 1, Integer::sum);
                }
                default -> { }
            }
        }
        out.put("$batch", order.size());
        return out.toString();
    }

    static BaselineRun baseline(BenchTenant t, String group, List<String> team) {
        // Its own app registration, so the library's writes do not count against the baseline's quota.
        FakeApp app = t.fake.registerApp(AppRegistration.builder().roles(BenchTenant.ROLES).build());
        RawSdk sdk = RawSdk.connect(t.fake.authorityHost().toString(), t.fake.graphEndpoint().toString(),
                List.of(t.fake.caCertificate()), app.tenantId(), app.clientId(), app.clientSecret());
        t.clearJournal();
        long start = System.nanoTime();
        Naive.Outcome outcome = Naive.sync(sdk, group, team);
        long wall = ms(System.nanoTime() - start);
        return new BaselineRun(t.requests(), wall, t.throttled(), t.workUnits(), outcome);
    }

    private static void check(List<String> notes, LibraryRun lib, int adds, int removes, Set<String> expected,
            List<String> actual) {
        boolean ok = lib.result().isComplete() && lib.plan().additions().size() == adds
                && lib.plan().removals().size() == removes && expected.equals(new HashSet<>(actual));
        if (!ok) {
            notes.add("CHECK FAILED: plan +" + lib.plan().additions().size() + " -" + lib.plan().removals().size()
                    + ", applied " + lib.result().applied() + ", complete " + lib.result().isComplete()
                    + ", group has " + actual.size() + " members, expected " + expected.size());
        }
    }

    private static String detail(LibraryRun lib) {
        return "library: plan " + lib.planMs() + " ms / " + lib.planRequests() + " requests, apply " + lib.applyMs()
                + " ms / " + (lib.requests() - lib.planRequests()) + " requests; plan +" + lib.plan().additions().size()
                + " -" + lib.plan().removals().size() + " =" + lib.plan().unchanged().size() + "; "
                + lib.workUnits() + " items of server work ($batch items + other Graph requests); plan "
                + lib.planBreakdown() + ", apply " + lib.applyBreakdown() + "; applied "
                + lib.result().applied() + "; 429s " + lib.throttled()
                + "; heap = peak of the bench JVM's heap pools during the run (fake tenant included)";
    }

    static List<String> emails(int from, int to) {
        List<String> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(BenchTenant.email(i));
        }
        return out;
    }

    static String fmt(long n) {
        return String.format("%,d", n);
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
