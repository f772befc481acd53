package cc.equa.msgraph.bench;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.scheduler.EmbeddedDatabase;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.SyncOutcome;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * S6, fleet throughput: many organizations (each its own tenant and app on the fake, 20 ms injected per request as in
 * S1-S5), kept in sync by {@link FleetScheduler} nodes on one embedded H2 database, 1 node and then 3 nodes (4 sync
 * threads each). After a first round (tokens, group caches), two steady-state rounds are measured, each started by
 * "sync now" on every organization: one with every group already in sync, one with one new team member per
 * organization (applied under {@link SyncPolicy#APPLY_WITHIN_GUARD}). Reports organizations per minute and requests
 * per organization. Run: {@code mvn -B -ntp -pl benchmarks -am -P bench -DskipTests verify
 * -Dbench.main=cc.equa.msgraph.bench.FleetBench} (and {@code -Dbench.args=500} for 500 organizations; 200 by
 * default).
 */
public final class FleetBench {

    private static final String[] ROLES = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};
    private static final int TEAM = 20;

    private FleetBench() {
    }

    /** One measured round. */
    record Round(String name, int organizations, long wallMs, long requests) {
        double perMinute() {
            return organizations * 60_000.0 / Math.max(1, wallMs);
        }

        double requestsPerOrganization() {
            return (double) requests / organizations;
        }
    }

    /**
     * Run S6.
     *
     * @param args the number of organizations (default 200), as {@code -Dbench.args=500}
     * @throws Exception if a round fails
     */
    public static void main(String[] args) throws Exception {
        int organizations = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 200;
        Duration latency = Duration.ofMillis(Long.getLong("bench.latencyMs", 20));
        List<String> lines = new ArrayList<>();
        for (int nodes : new int[] {1, 3}) {
            for (Round r : run(organizations, nodes, latency)) {
                String line = String.format("BENCH scenario=S6 nodes=%d round=%s organizations=%d wall_ms=%d"
                        + " orgs_per_min=%.0f requests=%d requests_per_org=%.2f", nodes, r.name(), r.organizations(),
                        r.wallMs(), r.perMinute(), r.requests(), r.requestsPerOrganization());
                System.out.println(line);
                lines.add(line);
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    static List<Round> run(int count, int nodeCount, Duration latency) throws InterruptedException {
        InMemorySettingsStore settings = new InMemorySettingsStore();
        InMemoryTeamDirectory team = new InMemoryTeamDirectory();
        Runs runs = new Runs();
        List<MicrosoftIntegration> integrations = new ArrayList<>();
        List<FleetScheduler> nodes = new ArrayList<>();
        List<Round> rounds = new ArrayList<>();
        try (FakeGraphTenant fake = FakeGraphTenant.builder().start()) {
            List<OrganizationId> ids = new ArrayList<>();
            List<FakeDirectory> directories = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(OrganizationId.of("org-" + i));
                directories.add(addOrganization(fake, settings, team, i));
            }
            if (!latency.isZero()) {
                fake.faults().add(FaultRule.on("*", "/**").latency(latency).times(FaultRule.ALWAYS)
                        .scope(FaultRule.Scope.REQUESTS).build());
            }
            DataSource database = EmbeddedDatabase.inMemory("s6_" + nodeCount + "_" + System.nanoTime());
            for (int n = 0; n < nodeCount; n++) {
                MicrosoftIntegration microsoft = fake.integrationBuilder().settings(settings).team(team).build();
                integrations.add(microsoft);
                nodes.add(FleetScheduler.builder().integration(microsoft).dataSource(database).node("node-" + n)
                        .threads(4).policy(SyncPolicy.APPLY_WITHIN_GUARD).interval(Duration.ofHours(1))
                        .jitter(Duration.ZERO).pollingInterval(Duration.ofMillis(100)).listener(runs).start());
            }
            ids.forEach(nodes.get(0)::schedule);
            runs.await(count);                                        // first round: tokens, caches
            rounds.add(measure("in-sync", fake, nodes.get(0), ids, runs, 2 * count));
            for (int i = 0; i < count; i++) {                         // one new hire per organization
                String mail = "newhire@org" + i + ".test";
                directories.get(i).addUser(mail);
                team.add(ids.get(i), TeamMember.individual("new", "New Hire", mail));
            }
            rounds.add(measure("plus-one", fake, nodes.get(0), ids, runs, 3 * count));
            if (runs.count(SyncOutcome.APPLIED) != count || runs.count(SyncOutcome.FAILED) != 0) {
                throw new IllegalStateException("S6: unexpected outcomes " + runs.outcomes());
            }
            if (!fake.violations().isEmpty()) {
                throw new IllegalStateException("S6: fake violations " + fake.violations());
            }
        } finally {
            nodes.forEach(FleetScheduler::close);
            integrations.forEach(MicrosoftIntegration::close);
        }
        return rounds;
    }

    private static Round measure(String name, FakeGraphTenant fake, FleetScheduler node, List<OrganizationId> ids,
            Runs runs, int until) throws InterruptedException {
        fake.journal().clear();
        long start = System.nanoTime();
        for (OrganizationId id : ids) {
            while (!node.syncNow(id)) {
                TimeUnit.MILLISECONDS.sleep(5);                       // still completing the previous round
            }
        }
        runs.await(until);
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<RecordedCall> calls = fake.journal().calls(c -> c.kind() == RecordedCall.Kind.TOKEN
                || c.kind() == RecordedCall.Kind.GRAPH || c.kind() == RecordedCall.Kind.METADATA);
        Map<String, Integer> shapes = new java.util.TreeMap<>();
        for (RecordedCall c : calls) {
            shapes.merge(c.kind() + " " + c.method() + " " + c.path().replaceAll(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "{id}")
                    + (c.query().contains("deltatoken") || c.path().endsWith("/delta") ? " (delta)" : ""), 1,
                    Integer::sum);
        }
        System.out.println("S6 " + name + " on " + node + ": " + shapes);
        return new Round(name, ids.size(), wall, calls.size());
    }

    private static FakeDirectory addOrganization(FakeGraphTenant fake, InMemorySettingsStore settings,
            InMemoryTeamDirectory team, int i) {
        OrganizationId id = OrganizationId.of("org-" + i);
        FakeTenantInfo tenant = fake.addTenant("org" + i + ".test");
        FakeApp app = fake.registerApp(AppRegistration.builder().tenant(tenant).roles(ROLES).build());
        FakeDirectory directory = fake.directory(tenant.tenantId());
        String group = directory.addGroup("Org " + i).id();
        List<TeamMember> members = new ArrayList<>();
        List<String> userIds = new ArrayList<>();
        for (int j = 0; j < TEAM; j++) {
            String mail = "p" + j + "@org" + i + ".test";
            userIds.add(directory.addUser(mail).id());
            members.add(TeamMember.individual("t" + j, "Person " + j, mail));
        }
        directory.addMembers(group, userIds);
        team.set(id, members);
        settings.save(id, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(group));
        return directory;
    }

    /** Counts finished runs by outcome; the bench waits on it. */
    private static final class Runs implements FleetListener {
        private final Map<SyncOutcome, Integer> outcomes = new EnumMap<>(SyncOutcome.class);
        private int total;

        @Override
        public synchronized void syncFinished(SyncRun run) {
            outcomes.merge(run.outcome(), 1, Integer::sum);
            total++;
            notifyAll();
        }

        synchronized void await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (total < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException("S6: " + total + " of " + count + " runs after 10 minutes");
                }
                wait(left);
            }
        }

        synchronized int count(SyncOutcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        synchronized Map<SyncOutcome, Integer> outcomes() {
            return Map.copyOf(outcomes);
        }
    }
}
