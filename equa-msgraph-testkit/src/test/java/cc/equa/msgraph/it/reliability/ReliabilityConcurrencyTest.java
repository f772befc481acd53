package cc.equa.msgraph.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Concurrency and isolation (issue #8 §3): many organizations synced in parallel through one integration, each with
 * its own tenant, app credentials and group, plus two concurrent syncs of one organization. Results are checked
 * against each tenant's directory, and every request the fake journaled is checked for isolation: its token (app and
 * tenant, read by the fake from the bearer token) belongs to the organization whose group or users it touches.
 */
class ReliabilityConcurrencyTest {

    static final int ORGS = Integer.getInteger("reliability.orgs", 12);
    static final Pattern GUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    record Org(OrganizationId id, FakeTenantInfo tenant, FakeApp app, String groupId, Set<String> teamIds,
            Set<String> objectIds) {
    }

    @Test
    void manyOrganizationsInParallelStayIsolatedAndTwoSyncsOfOneOrganizationAgree() throws Exception {
        try (FakeGraphTenant fake = Fakes.start(FakeGraphTenant.builder().virtualTime())) {
            InMemorySettingsStore settings = new InMemorySettingsStore();
            InMemoryTeamDirectory team = new InMemoryTeamDirectory();
            List<Org> orgs = new ArrayList<>();
            for (int o = 0; o < ORGS; o++) {
                FakeTenantInfo tenant = o == 0 ? fake.defaultTenant() : fake.addTenant("org" + o + ".onmicrosoft.com");
                FakeApp app = Fakes.app(fake, AppRegistration.builder().tenant(tenant)
                        .roles("GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All").build());
                String groupId = fake.directory(tenant.tenantId()).addGroup("Board of org " + o).id();
                Set<String> objects = new HashSet<>();
                objects.add(groupId);
                Set<String> teamIds = new HashSet<>();
                List<TeamMember> members = new ArrayList<>();
                // the same addresses in every tenant: only the tenant tells the users apart
                for (int i = 0; i < 40 + 5 * o; i++) {
                    String id = fake.directory(tenant.tenantId()).addUser("person" + i + "@shared.test").id();
                    teamIds.add(id);
                    objects.add(id);
                    members.add(TeamMember.individual("m" + i, "P " + i, "person" + i + "@shared.test"));
                }
                String leaver = fake.directory(tenant.tenantId()).addUser("leaver@shared.test").id();
                objects.add(leaver);
                fake.directory(tenant.tenantId()).addMembers(groupId, leaver);
                OrganizationId id = OrganizationId.of("org-" + o);
                team.set(id, members);
                settings.save(id, IntegrationSettings.empty().withCredentials(new ClientSecretCredentials(
                        tenant.tenantId(), app.clientId(), Secret.of(app.clientSecret()))).withLinkedGroupId(groupId));
                orgs.add(new Org(id, tenant, app, groupId, teamIds, objects));
            }
            try (MicrosoftIntegration microsoft = Fakes.integration(fake).settings(settings).team(team).build()) {
                ExecutorService pool = Executors.newFixedThreadPool(8);
                try {
                    List<Callable<SyncResult>> jobs = new ArrayList<>();
                    for (Org o : orgs) {
                        jobs.add(() -> microsoft.organization(o.id()).applySync(
                                microsoft.organization(o.id()).planSync()));
                    }
                    // two concurrent syncs of organization 0, each planning and applying on its own
                    Org twice = orgs.get(0);
                    jobs.add(() -> microsoft.organization(twice.id()).applySync(
                            microsoft.organization(twice.id()).planSync(),
                            ApplyOptions.builder().replanIfStale(true).build()));
                    for (Future<SyncResult> f : pool.invokeAll(jobs)) {
                        SyncResult r = f.get();
                        assertTrue(r.isComplete(), r.render());
                    }
                } finally {
                    pool.shutdownNow();
                }
                for (Org o : orgs) {
                    assertEquals(o.teamIds(), new HashSet<>(fake.directory(o.tenant().tenantId())
                            .memberIds(o.groupId())), o.id().value());
                    SyncPlan again = microsoft.organization(o.id()).planSync();
                    assertTrue(again.changes().isEmpty(), o.id() + ": " + again.render());
                }
            }
            Map<String, Org> byTenant = new HashMap<>();
            orgs.forEach(o -> byTenant.put(o.tenant().tenantId(), o));
            int checked = 0;
            List<String> leaks = new ArrayList<>();
            for (RecordedCall c : fake.journal().calls()) {
                if (c.kind() != RecordedCall.Kind.GRAPH && c.kind() != RecordedCall.Kind.BATCH_ITEM) {
                    continue;
                }
                Org owner = byTenant.get(c.tenantId().orElse(""));
                if (owner == null || !owner.app().clientId().equals(c.appId().orElse(""))) {
                    leaks.add("token of no known organization: " + c.method() + " " + c.path());
                    continue;
                }
                Matcher m = GUID.matcher(c.path() + " " + c.body().orElse(""));
                while (m.find()) {
                    String id = m.group();
                    for (Org other : orgs) {
                        if (other != owner && other.objectIds().contains(id)) {
                            leaks.add(owner.id() + "'s token touched " + other.id() + "'s object: " + c.method() + " "
                                    + c.path());
                        }
                    }
                }
                checked++;
            }
            assertEquals(List.of(), leaks);
            assertTrue(checked > ORGS * 4, "checked " + checked + " calls");
            assertEquals(List.of(), fake.violations());
            Figures.add("isolation_orgs", ORGS);
            Figures.add("isolation_calls_checked", checked);
        }
    }
}
