package cc.equa.msgraph.examples;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.scheduler.EmbeddedDatabase;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A fleet of organizations kept in sync by the scheduler module: six organizations (each its own Entra tenant on the
 * embedded fake), two scheduler nodes on one embedded H2 database, one policy per pair of organizations; then an
 * admin confirms a held plan. Part of the main job's output.
 */
final class FleetJob {

    private static final int ORGANIZATIONS = 6;
    private static final SyncPolicy[] POLICIES = {SyncPolicy.REVIEW_EVERYTHING,
        SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS, SyncPolicy.APPLY_WITHIN_GUARD};

    private FleetJob() {
    }

    static void run(PrintStream out) {
        InMemorySettingsStore settings = new InMemorySettingsStore();
        InMemoryTeamDirectory team = new InMemoryTeamDirectory();
        Map<String, SyncRun> runs = new TreeMap<>();
        CountDownLatch synced = new CountDownLatch(ORGANIZATIONS);
        FleetListener collect = new FleetListener() {
            @Override
            public void syncFinished(SyncRun run) {
                synchronized (runs) {
                    runs.put(run.organization().value(), run);
                }
                synced.countDown();
            }
        };
        DataSource database = EmbeddedDatabase.inMemory("equa_fleet_demo_" + System.nanoTime());  // fresh per run
        List<MicrosoftIntegration> integrations = new ArrayList<>();
        List<FleetScheduler> nodes = new ArrayList<>();
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            for (int i = 1; i <= ORGANIZATIONS; i++) {
                addOrganization(fake, settings, team, i);
            }
            for (String node : List.of("node-1", "node-2")) {
                MicrosoftIntegration microsoft = fake.integrationBuilder().settings(settings).team(team).build();
                integrations.add(microsoft);
                nodes.add(FleetScheduler.builder().integration(microsoft).dataSource(database).node(node)
                        .threads(2).pollingInterval(Duration.ofMillis(100)).listener(collect).start());
            }
            for (int i = 1; i <= ORGANIZATIONS; i++) {
                nodes.get(0).schedule(OrganizationId.of("org-" + i), OrganizationSchedule.of(
                        POLICIES[(i - 1) / 2], Duration.ofMinutes(40), Duration.ZERO));
            }
            if (!await(synced)) {
                out.println("  the fleet did not finish its round in 60 s");
                return;
            }
            out.println("Fleet: " + ORGANIZATIONS + " organizations synced on " + nodes.size()
                    + " nodes (one embedded H2 database), each every 40 minutes:");
            synchronized (runs) {
                runs.values().forEach(r -> out.printf("  %-6s %-30s %-16s on %s: %d applied, %d held%n",
                        r.organization().value(), r.policy(), r.outcome(), r.node(), r.applied(), r.heldChanges()));
            }
            OrganizationId reviewed = OrganizationId.of("org-1");
            HeldPlan held = nodes.get(0).heldPlans().latest(reviewed).orElseThrow();
            out.println("Held for review in org-1: " + held.additions() + " to add, " + held.removals()
                    + " to remove. The admin confirms it:");
            SyncResult result = nodes.get(0).confirm(reviewed, held.planId(),
                    ApplyOptions.builder().actor("admin@org1.example").build());
            out.println("  " + result.applied() + " applied, " + result.failed() + " failed; plans still held in org-1: "
                    + nodes.get(0).heldPlans().list(reviewed).size());
        } finally {
            nodes.forEach(FleetScheduler::close);
            integrations.forEach(MicrosoftIntegration::close);
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Organization i: its own tenant and app, a linked group with one team member and one former member. */
    private static void addOrganization(FakeGraphTenant fake, InMemorySettingsStore settings,
            InMemoryTeamDirectory team, int i) {
        OrganizationId id = OrganizationId.of("org-" + i);
        FakeTenantInfo tenant = fake.addTenant("org" + i + ".example");
        FakeApp app = fake.registerApp(AppRegistration.builder().tenant(tenant)
                .roles("GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All").build());
        FakeDirectory directory = fake.directory(tenant.tenantId());
        String group = directory.addGroup("Org " + i + " shareholders").id();
        List<TeamMember> members = new ArrayList<>();
        for (int j = 1; j <= 3; j++) {
            String mail = "person" + j + "@org" + i + ".example";
            String user = directory.addUser(mail).id();
            members.add(TeamMember.individual("t" + j, "Person " + j, mail));
            if (j == 1) {
                directory.addMembers(group, user);
            }
        }
        directory.addMembers(group, directory.addUser("former@org" + i + ".example").id());
        team.set(id, members);
        settings.save(id, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(group));
    }
}
