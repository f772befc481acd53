package cc.equa.msgraph.bench;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One fake tenant for one scenario: an app with the sync's roles, one group, an injected server-side latency on every
 * top-level request (token and Graph; {@code $batch} items are not delayed individually), the library wired to it for
 * organization {@code acme}, and the plain SDK wired to it for the baseline.
 */
final class BenchTenant implements AutoCloseable {

    static final OrganizationId ORG = OrganizationId.of("acme");
    static final String[] ROLES = {"GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All"};

    final FakeGraphTenant fake;
    final FakeApp app;
    final String groupId;
    final InMemorySettingsStore settings = new InMemorySettingsStore();
    final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    final Duration latency;

    BenchTenant(Duration latency, WriteQuota quota) {
        this.latency = latency;
        fake = FakeGraphTenant.builder().writeQuota(quota).start();
        app = fake.registerApp(AppRegistration.builder().roles(ROLES).build());
        groupId = fake.directory().addGroup("Acme Shareholders").id();
        if (!latency.isZero()) {
            fake.faults().add(FaultRule.on("*", "/**").latency(latency).times(FaultRule.ALWAYS)
                    .scope(FaultRule.Scope.REQUESTS).build());
        }
        settings.save(ORG, IntegrationSettings.empty()
                .withCredentials(new ClientSecretCredentials(app.tenantId(), app.clientId(),
                        Secret.of(app.clientSecret())))
                .withLinkedGroupId(groupId));
    }

    /** The address of person {@code i}: every scenario's users and team members use it. */
    static String email(int i) {
        return "person" + i + "@acme.test";
    }

    static TeamMember member(int i) {
        return TeamMember.individual("t" + i, "Person " + i, email(i));
    }

    /** Add users {@code from..to-1} to the fake; return their object ids in order. */
    List<String> addUsers(int from, int to) {
        List<String> ids = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            ids.add(fake.directory().addUser(email(i)).id());
        }
        return ids;
    }

    void team(int from, int to) {
        List<TeamMember> members = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            members.add(member(i));
        }
        team.set(ORG, members);
    }

    MicrosoftIntegration.Builder libraryBuilder() {
        return MicrosoftIntegration.builder().settings(settings).team(team).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate()));
    }

    MicrosoftIntegration library(UnaryOperator<MicrosoftIntegration.Builder> custom) {
        return custom.apply(libraryBuilder()).build();
    }

    static OrganizationIntegration org(MicrosoftIntegration m) {
        return m.organization(ORG);
    }

    RawSdk rawSdk() {
        return RawSdk.connect(fake.authorityHost().toString(), fake.graphEndpoint().toString(),
                List.of(fake.caCertificate()), app.tenantId(), app.clientId(), app.clientSecret());
    }

    /** HTTP round trips in the journal: token requests plus top-level Graph requests ($batch items are inside). */
    int requests() {
        return fake.journal().calls(c -> c.kind() == RecordedCall.Kind.TOKEN || c.kind() == RecordedCall.Kind.GRAPH
                || c.kind() == RecordedCall.Kind.METADATA).size();
    }

    /**
     * Items of server work: every {@code $batch} item plus every top-level Graph request that is not a {@code $batch}
     * (a plain request is one item of work). Token requests are not counted.
     */
    long workUnits() {
        return fake.journal().calls(c -> c.kind() == RecordedCall.Kind.BATCH_ITEM || (c.kind() == RecordedCall.Kind.GRAPH
                && !c.path().endsWith("/$batch"))).size();
    }

    /** Responses with status 429, top level or inside a batch. */
    int throttled() {
        return fake.journal().calls(c -> c.status() == 429).size();
    }

    int count(RecordedCall.Kind kind) {
        return fake.journal().calls(c -> c.kind() == kind).size();
    }

    void clearJournal() {
        fake.journal().clear();
    }

    List<String> members() {
        return fake.directory().memberIds(groupId);
    }

    @Override
    public void close() {
        fake.close();
    }
}
