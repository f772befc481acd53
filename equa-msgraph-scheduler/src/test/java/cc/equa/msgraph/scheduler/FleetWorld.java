package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.MicrosoftIntegration;
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
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.WriteQuota;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many organizations on one fake Graph: each organization is its own Entra tenant with its own app registration
 * (so the write quota is per app and tenant, as in production), one linked group and a team. The settings and the
 * team are shared by every node (in production they are the host's database); each node gets its own
 * {@link MicrosoftIntegration} (own HTTP client, token cache and write pacer).
 */
final class FleetWorld implements AutoCloseable {

    static final String[] ROLES = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};
    private static final Pattern BIND = Pattern.compile("directoryObjects/([0-9a-fA-F-]{36})");

    final FakeGraphTenant fake;
    final InMemorySettingsStore settings = new InMemorySettingsStore();
    final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    final List<Org> orgs = new ArrayList<>();
    private final List<MicrosoftIntegration> integrations = new ArrayList<>();

    /** One organization: its tenant, group, team users and the member not on the team. */
    record Org(OrganizationId id, String tenantId, String groupId, List<String> teamUserIds,
            List<String> initialMemberIds) {
    }

    FleetWorld() {
        fake = FakeGraphTenant.builder().virtualTime().writeQuota(WriteQuota.GRAPH).start();
    }

    /**
     * Add an organization whose team has {@code teamSize} users, of whom the first {@code alreadyMembers} are in
     * the group, plus {@code strangers} members not on the team.
     */
    Org addOrg(int index, int teamSize, int alreadyMembers, int strangers) {
        OrganizationId id = OrganizationId.of("org-" + index);
        FakeTenantInfo tenant = fake.addTenant("org" + index + ".test");
        FakeApp app = fake.registerApp(AppRegistration.builder().tenant(tenant).roles(ROLES).build());
        FakeDirectory dir = fake.directory(tenant.tenantId());
        String groupId = dir.addGroup("Org " + index + " shareholders").id();
        List<String> teamIds = new ArrayList<>();
        List<TeamMember> members = new ArrayList<>();
        for (int j = 0; j < teamSize; j++) {
            String mail = "p" + j + "@org" + index + ".test";
            teamIds.add(dir.addUser(mail).id());
            members.add(TeamMember.individual("t" + j, "Person " + j, mail));
        }
        List<String> initial = new ArrayList<>(teamIds.subList(0, alreadyMembers));
        for (int s = 0; s < strangers; s++) {
            initial.add(dir.addUser("former" + s + "@org" + index + ".test").id());
        }
        if (!initial.isEmpty()) {
            dir.addMembers(groupId, initial);
        }
        team.set(id, members);
        settings.save(id, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(groupId));
        Org org = new Org(id, tenant.tenantId(), groupId, List.copyOf(teamIds), List.copyOf(initial));
        orgs.add(org);
        return org;
    }

    /** A node's own integration on the shared settings and team. */
    MicrosoftIntegration integration() {
        return integration(null);
    }

    /** A node's integration whose Graph requests and waits the listener hears (none if null). */
    MicrosoftIntegration integration(cc.equa.msgraph.GraphRequestListener listener) {
        MicrosoftIntegration.Builder b = fake.integrationBuilder().settings(settings).team(team);
        if (listener != null) {
            b.requestListener(listener);
        }
        MicrosoftIntegration m = b.build();
        synchronized (integrations) {
            integrations.add(m);
        }
        return m;
    }

    Set<String> members(Org org) {
        return new HashSet<>(fake.directory(org.tenantId()).memberIds(org.groupId()));
    }

    /** How many times each (group, user) pair was sent as a member addition, whatever the answer. */
    Map<String, Integer> additionsSent() {
        Map<String, Integer> sent = new HashMap<>();
        for (RecordedCall call : fake.journal().calls(c -> c.method().equals("PATCH")
                || (c.method().equals("POST") && c.path().endsWith("/members/$ref")))) {
            String body = call.body().orElse("");
            if (!body.contains("odata.id") && !body.contains("members@odata.bind")) {
                continue;
            }
            Matcher m = BIND.matcher(body);
            while (m.find()) {
                sent.merge(call.path() + " " + m.group(1), 1, Integer::sum);
            }
        }
        return sent;
    }

    /** How many times each (group, member) removal was sent, whatever the answer. */
    Map<String, Integer> removalsSent() {
        Map<String, Integer> sent = new HashMap<>();
        for (RecordedCall call : fake.journal().calls(c -> c.method().equals("DELETE"))) {
            sent.merge(call.path(), 1, Integer::sum);
        }
        return sent;
    }

    int throttled() {
        return fake.journal().calls(c -> c.status() == 429).size();
    }

    @Override
    public void close() {
        synchronized (integrations) {
            integrations.forEach(MicrosoftIntegration::close);
        }
        fake.close();
    }
}
