package cc.equa.msgraph.scheduler.attackgm;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.scheduler.micrometer.ObservationFleetListener;
import cc.equa.msgraph.scheduler.micrometer.ObservationGraphRequestListener;
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
import cc.equa.msgraph.testkit.WriteQuota;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * attackgm, part B (Micrometer): a fleet of many organizations, on several scheduler threads, with dropped
 * connections, throttling and 503s, observed through {@link ObservationFleetListener#graphRequests()}: every
 * observation is stopped, and the low-cardinality tags stay a small fixed set whatever the number of organizations.
 */
class FleetObservationCardinalityAttackTest {

    private static final int ORGS = 30;
    private static final String[] ROLES = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};

    /** Collects finished runs; waits on a monitor with a timeout. */
    static final class Runs implements FleetListener {
        final List<SyncRun> runs = new ArrayList<>();

        @Override
        public synchronized void syncFinished(SyncRun run) {
            runs.add(run);
            notifyAll();
        }

        synchronized Set<OrganizationId> awaitAll(Set<OrganizationId> orgs, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Set<OrganizationId> done = runs.stream().map(SyncRun::organization).collect(Collectors.toSet());
                if (done.containsAll(orgs) || System.nanoTime() > deadline) {
                    return done;
                }
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
    }

    @Test
    void aFleetOfManyOrganizationsKeepsLowCardinalityTagsFixedAndStopsEveryObservation() throws Exception {
        TestObservationRegistry registry = TestObservationRegistry.create();
        Set<Observation.Context> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger stopped = new java.util.concurrent.atomic.AtomicInteger();
        registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                open.add(context);
            }

            @Override
            public void onStop(Observation.Context context) {
                open.remove(context);
                stopped.incrementAndGet();
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        ObservationFleetListener observed = ObservationFleetListener.of(registry);
        Set<String> forbidden = new HashSet<>();
        Set<OrganizationId> orgs = new HashSet<>();
        InMemorySettingsStore settings = new InMemorySettingsStore();
        InMemoryTeamDirectory team = new InMemoryTeamDirectory();
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().writeQuota(WriteQuota.GRAPH).start()) {
            for (int i = 0; i < ORGS; i++) {
                OrganizationId id = OrganizationId.of("org-" + i);
                FakeTenantInfo tenant = fake.addTenant("org" + i + ".test");
                FakeApp app = fake.registerApp(AppRegistration.builder().tenant(tenant).roles(ROLES).build());
                FakeDirectory dir = fake.directory(tenant.tenantId());
                String groupId = dir.addGroup("Org " + i + " members@evil ?$filter=x").id();
                forbidden.add(groupId);
                forbidden.add(tenant.tenantId());
                forbidden.add(app.clientId());
                forbidden.add(app.clientSecret());
                List<TeamMember> members = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int j = 0; j < 6; j++) {
                    String mail = (j == 0 ? "members" : "p" + j) + "@org" + i + ".test";
                    String uid = dir.addUser(mail).id();
                    forbidden.add(uid);
                    ids.add(uid);
                    members.add(TeamMember.individual("t" + j, "Person " + j, mail));
                }
                String former = dir.addUser("former@org" + i + ".test").id();
                forbidden.add(former);
                dir.addMembers(groupId, ids.get(0), former);
                team.set(id, members);
                settings.save(id, IntegrationSettings.empty().withCredentials(new ClientSecretCredentials(
                        app.tenantId(), app.clientId(), Secret.of(app.clientSecret()))).withLinkedGroupId(groupId));
                orgs.add(id);
            }
            fake.faults().add(FaultRule.on("GET", "/groups/*/members").disconnect().times(3).build());
            fake.faults().add(FaultRule.on("POST", "/$batch").status(503).retryAfter(Duration.ofSeconds(2))
                    .times(3).build());
            fake.faults().add(FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(429)
                    .retryAfter(Duration.ofSeconds(1)).times(3).build());
            Runs runs = new Runs();
            try (MicrosoftIntegration microsoft = fake.integrationBuilder().settings(settings).team(team)
                    .requestListener(observed.graphRequests()).build();
                    FleetScheduler fleet = FleetScheduler.builder().integration(microsoft).listener(observed)
                            .listener(runs).threads(4).pollingInterval(Duration.ofMillis(50)).start()) {
                for (OrganizationId id : orgs) {
                    fleet.schedule(id, OrganizationSchedule.of(SyncPolicy.APPLY_WITHIN_GUARD, Duration.ofHours(1),
                            Duration.ZERO));
                }
                assertEquals(orgs, runs.awaitAll(orgs, Duration.ofSeconds(120)));
            }
            List<String> outcomes = runs.runs.stream().map(r -> r.outcome().name()).distinct().toList();
            assertEquals(List.of("APPLIED"), outcomes, runs.runs.toString());
            for (OrganizationId id : orgs) {
                forbidden.add(id.toString());
                forbidden.add(id.value());
            }
        }

        assertEquals(Set.of(), open, "observations started and never stopped");
        assertTrue(stopped.get() > ORGS * 3, "observations were made: " + stopped);
        assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
        assertThat(registry).hasHandledContextsThatSatisfy(contexts -> {
            Map<String, Set<String>> lowValues = new TreeMap<>();
            Map<String, Set<String>> tagSets = new HashMap<>();
            for (Observation.Context c : contexts) {
                List<String> set = new ArrayList<>();
                for (KeyValue kv : c.getLowCardinalityKeyValues()) {
                    lowValues.computeIfAbsent(c.getName() + "/" + kv.getKey(), k -> new TreeSet<>()).add(kv.getValue());
                    set.add(kv.getKey() + "=" + kv.getValue());
                }
                tagSets.computeIfAbsent(c.getName(), k -> new HashSet<>()).add(String.join(",", new TreeSet<>(set)));
                for (KeyValue kv : c.getAllKeyValues()) {
                    for (String f : forbidden) {
                        assertFalse(kv.getValue().contains(f), "'" + f + "' in " + c.getName() + " " + kv);
                    }
                    assertFalse(kv.getValue().contains("@") || kv.getValue().contains("?")
                            || kv.getValue().contains("evil"), c.getName() + " " + kv);
                }
                String contextual = String.valueOf(c.getContextualName());
                for (String f : forbidden) {
                    assertFalse(contextual.contains(f), "'" + f + "' in the span name " + contextual);
                }
            }
            // each low-cardinality key has a handful of values, not one per organization
            lowValues.forEach((key, values) -> assertTrue(values.size() <= 12, key + " has " + values));
            tagSets.forEach((name, sets) -> assertTrue(sets.size() < ORGS, name + " has " + sets.size()
                    + " tag sets for " + ORGS + " organizations: " + sets));
            assertTrue(lowValues.containsKey(ObservationGraphRequestListener.REQUEST + "/resource"), lowValues.toString());
            assertTrue(lowValues.get(ObservationGraphRequestListener.REQUEST + "/status").contains("503"),
                    lowValues.toString());
            assertTrue(lowValues.get(ObservationGraphRequestListener.BATCH_ITEM + "/status").contains("429"),
                    lowValues.toString());
            assertTrue(lowValues.get(ObservationGraphRequestListener.WAIT + "/reason").contains("RETRY_AFTER"),
                    lowValues.toString());
        });
    }
}
