package cc.equa.msgraph.scheduler.attack17;

import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.scheduler.EmbeddedDatabase;
import cc.equa.msgraph.scheduler.FleetListener;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.SyncRun;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamDirectory;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import cc.equa.msgraph.testkit.WriteQuota;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * attack17's own world, built from the testkit's and the scheduler's public API only: one fake Graph, one tenant
 * and app per organization, a team directory with per-organization hooks (to throw, return null, hang or change
 * between calls), a recording audit sink and one shared H2 database.
 */
final class AttackWorld implements AutoCloseable {

    static final String[] MEMBER_ROLES = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};
    static final String[] OWNER_ROLES = {"Group.ReadWrite.All", "User.Read.All"};

    /** Decides what the team directory answers for one call. */
    interface TeamHook {
        List<TeamMember> members(OrganizationId org, int call, List<TeamMember> real);
    }

    final FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().writeQuota(WriteQuota.GRAPH).start();
    final InMemorySettingsStore settings = new InMemorySettingsStore();
    final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    final RecordingAuditSink audit = new RecordingAuditSink();
    final Map<OrganizationId, TeamHook> hooks = new ConcurrentHashMap<>();
    final Map<OrganizationId, AtomicInteger> teamCalls = new ConcurrentHashMap<>();
    final DataSource db = EmbeddedDatabase.inMemory("attack17_" + UUID.randomUUID().toString().replace("-", ""));
    private final List<MicrosoftIntegration> integrations = new ArrayList<>();
    private final List<FleetScheduler> nodes = new ArrayList<>();

    /** Runs once on the next settings load of any organization (then clears itself). */
    final java.util.concurrent.atomic.AtomicReference<Runnable> onNextSettingsLoad =
            new java.util.concurrent.atomic.AtomicReference<>();

    final cc.equa.msgraph.spi.SettingsStore hookedSettings = new cc.equa.msgraph.spi.SettingsStore() {
        @Override
        public java.util.Optional<IntegrationSettings> load(OrganizationId organization) {
            Runnable hook = onNextSettingsLoad.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return settings.load(organization);
        }

        @Override
        public void save(OrganizationId organization, IntegrationSettings value) {
            settings.save(organization, value);
        }

        @Override
        public void delete(OrganizationId organization) {
            settings.delete(organization);
        }

        @Override
        public IntegrationSettings update(OrganizationId organization,
                java.util.function.UnaryOperator<IntegrationSettings> change) {
            return settings.update(organization, change);
        }
    };

    final TeamDirectory directory = org -> {
        int call = teamCalls.computeIfAbsent(org, k -> new AtomicInteger()).incrementAndGet();
        TeamHook hook = hooks.get(org);
        List<TeamMember> real = team.members(org);
        return hook == null ? real : hook.members(org, call, real);
    };

    /** One organization of the world. */
    record Org(OrganizationId id, String tenantId, String groupId, List<String> teamUserIds,
            List<String> strangerIds, FakeApp app) {
    }

    Org addOrg(String name, int teamSize, int alreadyMembers, int strangers) {
        return addOrg(name, teamSize, alreadyMembers, strangers, MEMBER_ROLES);
    }

    Org addOrg(String name, int teamSize, int alreadyMembers, int strangers, String... roles) {
        OrganizationId id = OrganizationId.of(name);
        String domain = name.replaceAll("[^a-z0-9]", "") + ".test";
        FakeTenantInfo tenant = fake.addTenant(domain);
        FakeApp app = fake.registerApp(AppRegistration.builder().tenant(tenant).roles(roles).build());
        FakeDirectory dir = fake.directory(tenant.tenantId());
        String groupId = dir.addGroup(name + " shareholders").id();
        List<String> teamIds = new ArrayList<>();
        List<TeamMember> members = new ArrayList<>();
        for (int j = 0; j < teamSize; j++) {
            String mail = "p" + j + "@" + domain;
            teamIds.add(dir.addUser(mail).id());
            members.add(TeamMember.individual("t" + j, "Person " + j, mail));
        }
        List<String> initial = new ArrayList<>(teamIds.subList(0, alreadyMembers));
        List<String> strangerIds = new ArrayList<>();
        for (int s = 0; s < strangers; s++) {
            String sid = dir.addUser("former" + s + "@" + domain).id();
            strangerIds.add(sid);
            initial.add(sid);
        }
        if (!initial.isEmpty()) {
            dir.addMembers(groupId, initial);
        }
        team.set(id, members);
        settings.save(id, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(groupId));
        return new Org(id, tenant.tenantId(), groupId, List.copyOf(teamIds), List.copyOf(strangerIds), app);
    }

    MicrosoftIntegration integration() {
        MicrosoftIntegration m = fake.integrationBuilder().settings(hookedSettings).team(directory).audit(audit).build();
        synchronized (integrations) {
            integrations.add(m);
        }
        return m;
    }

    /** A fast-polling node on the shared database with its own integration. */
    FleetScheduler.Builder node(String name, FleetListener... listeners) {
        FleetScheduler.Builder b = FleetScheduler.builder().integration(integration()).dataSource(db).node(name)
                .pollingInterval(Duration.ofMillis(50)).heartbeat(Duration.ofMillis(500), 6)
                .shutdownMaxWait(Duration.ofMillis(500)).jitter(Duration.ZERO);
        for (FleetListener l : listeners) {
            b.listener(l);
        }
        return b;
    }

    FleetScheduler started(FleetScheduler.Builder b) {
        FleetScheduler f = b.start();
        synchronized (nodes) {
            nodes.add(f);
        }
        return f;
    }

    Set<String> members(Org org) {
        return new HashSet<>(fake.directory(org.tenantId()).memberIds(org.groupId()));
    }

    Set<String> owners(Org org) {
        Set<String> ids = new HashSet<>();
        fake.directory(org.tenantId()).owners(org.groupId()).forEach(o -> ids.add(o.id()));
        return ids;
    }

    List<RecordedCall> writesTo(Org org) {
        return fake.journal().calls(c -> !c.method().equals("GET") && c.kind() != RecordedCall.Kind.OTHER
                && (c.path().contains(org.groupId()) || c.body().orElse("").contains(org.groupId())));
    }

    List<RecordedCall> deletes() {
        return fake.journal().writes().stream().filter(c -> c.method().equals("DELETE")).toList();
    }

    int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> dumpTable(String table) {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select * from " + table)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    if (v instanceof byte[] bytes) {
                        v = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                    }
                    row.append(v).append(" | ");
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    @Override
    public void close() {
        synchronized (nodes) {
            nodes.forEach(FleetScheduler::close);
        }
        synchronized (integrations) {
            integrations.forEach(MicrosoftIntegration::close);
        }
        fake.close();
    }

    /** Records finished runs; tests wait on it with a timeout. */
    static final class Runs implements FleetListener {
        private final List<SyncRun> runs = new ArrayList<>();

        @Override
        public synchronized void syncFinished(SyncRun run) {
            runs.add(run);
            notifyAll();
        }

        synchronized List<SyncRun> all() {
            return List.copyOf(runs);
        }

        synchronized List<SyncRun> of(OrganizationId org) {
            return runs.stream().filter(r -> r.organization().equals(org)).toList();
        }

        synchronized List<SyncRun> await(Predicate<SyncRun> filter, int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<SyncRun> matching = runs.stream().filter(filter).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("waited " + timeout + " for " + count + " runs, got " + matching.size() + ": "
                            + runs);
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return fail("interrupted");
                }
            }
        }

        SyncRun first(OrganizationId org) {
            return await(r -> r.organization().equals(org), 1, Duration.ofSeconds(30)).get(0);
        }

        SyncRun nth(OrganizationId org, int n) {
            return await(r -> r.organization().equals(org), n, Duration.ofSeconds(30)).get(n - 1);
        }
    }
}
