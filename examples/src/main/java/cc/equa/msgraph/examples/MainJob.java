package cc.equa.msgraph.examples;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupPage;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.GroupVisibility;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncProgress;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.TeamDirectory;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The main job: what an Equa organization admin sees, end to end. With no configuration it starts an embedded fake
 * Microsoft 365 tenant ({@link DemoTenant}) and walks the whole flow: connect, test connection, browse and search
 * groups, create and link a group, view members, plan a sync, review it, confirm, apply with progress, and one
 * direct add and one direct remove.
 *
 * <p>Against a real tenant, set {@code EQUA_MSGRAPH_TENANT_ID}, {@code EQUA_MSGRAPH_CLIENT_ID} and the secret in
 * {@code EQUA_MSGRAPH_CLIENT_SECRET} or in a file named by {@code EQUA_MSGRAPH_CLIENT_SECRET_FILE} (never on the
 * command line). Optional: {@code EQUA_MSGRAPH_GROUP_ID} (link this group instead of creating one),
 * {@code EQUA_MSGRAPH_TEAM_FILE} (a CSV of {@code email,name} lines: the Equa team), and
 * {@code EQUA_MSGRAPH_APPLY=yes} (apply the plan; otherwise a real tenant is only read, never changed).
 */
public final class MainJob {

    private final PrintStream out;

    MainJob(PrintStream out) {
        this.out = out;
    }

    /**
     * Run the flow.
     *
     * @param args ignored (secrets are never taken from the command line)
     * @throws IOException if a configured file cannot be read
     */
    public static void main(String[] args) throws IOException {
        new MainJob(System.out).run(System.getenv());
    }

    void run(Map<String, String> env) throws IOException {
        Optional<ClientSecretCredentials> real = realTenantCredentials(env);
        if (real.isPresent()) {
            runAgainstRealTenant(real.get(), env);
            return;
        }
        try (DemoTenant demo = DemoTenant.start()) {
            out.println("Embedded fake Microsoft 365 tenant " + demo.domain() + " (Graph at " + demo.graphBaseUrl()
                    + "); no network and no Microsoft account involved.");
            RecordingAuditSink audit = new RecordingAuditSink();
            try (MicrosoftIntegration microsoft = demo.integrationBuilder()
                    .settings(new InMemorySettingsStore())
                    .team(demo.team())
                    .audit(audit)
                    .build()) {
                OrganizationIntegration acme = microsoft.organization(DemoTenant.ORGANIZATION);
                walkThrough(acme, demo.credentials(), demo.wrongSecret(), demo.adminUpn(), null, true,
                        demo::addFormerEmployeeByHand);
                out.println();
                out.println("Audit trail: " + audit.events().size() + " events (e.g. " + audit.events().get(0).action()
                        + " by " + audit.events().get(0).actorIfAny().orElse("system") + ").");
            }
        }
        step("Many organizations: recurring syncs on the scheduler module");   // issue 17
        FleetJob.run(out);
    }

    private void walkThrough(OrganizationIntegration acme, ClientSecretCredentials credentials,
            @Nullable ClientSecretCredentials mistyped, @Nullable String owner, @Nullable String groupToLink,
            boolean apply, @Nullable UnaryOperator<String> somebodyEditsTheGroupByHand) {
        step("Settings > Integrations > Microsoft: enter Client ID, Tenant ID, Client Secret");
        if (mistyped != null) {
            out.println("Test Connection with a mistyped secret:");
            out.print(indent(acme.testConnection(mistyped).render()));
        }
        out.println("Test Connection, then Save:");
        ConnectionReport report = acme.connect(credentials);
        out.print(indent(report.render()));
        if (!report.saved()) {
            throw new IllegalStateException("The connection test did not pass; see the report above.");
        }

        step("Link a Microsoft 365 group: browse and search");
        GroupPage first = acme.groups(GroupQuery.all().pageSize(5));
        printGroups("First page of Microsoft 365 groups", first);
        first.nextPageTokenIfAny().ifPresent(
                token -> printGroups("Next page", acme.groups(GroupQuery.page(token).pageSize(5))));
        printGroups("Search \"board\"", acme.groups(GroupQuery.search("board").pageSize(10)));
        printGroups("Names starting with \"Eng\"", acme.groups(GroupQuery.nameStartsWith("Eng").pageSize(10)));

        LinkedGroup linked;
        if (groupToLink != null) {
            linked = acme.linkGroup(groupToLink);
        } else {
            GroupPage dynamic = acme.groups(GroupQuery.nameStartsWith("All Employees").pageSize(1));
            if (!dynamic.groups().isEmpty()) {
                out.println("Trying to link the dynamic group \"" + dynamic.groups().get(0).displayName() + "\":");
                try {
                    acme.linkGroup(dynamic.groups().get(0).id());
                } catch (MsGraphException e) {
                    out.println("  refused: " + e.getMessage());
                }
            }
            if (!apply) {
                out.println("Read-only: no group is created in a real tenant. Set EQUA_MSGRAPH_GROUP_ID to link an"
                        + " existing group, or EQUA_MSGRAPH_APPLY=yes to let the job create one.");
                return;
            }
            step("Create a new Microsoft 365 group (linked automatically)");
            NewGroup request = NewGroup.named("Acme Cap Table").description("Everyone on Acme's Equa team")
                    .visibility(GroupVisibility.PRIVATE);
            linked = acme.createGroup(owner == null ? request : request.owners(owner));
        }
        GroupInfo group = linked.group();
        out.println("Linked group: " + group.displayName() + " <" + group.mailIfAny().orElse("no mail") + "> id "
                + group.id() + (linked.created() ? " (created just now)" : ""));

        if (somebodyEditsTheGroupByHand != null) {
            out.println("Meanwhile, someone adds \"" + somebodyEditsTheGroupByHand.apply(group.id())
                    + "\" to the group by hand in Outlook.");
        }

        step("View the linked group's members");
        printMembers(acme);

        step("Sync Members: the plan to review");
        SyncPlan plan = acme.planSync();
        out.print(indent(plan.render()));
        if (!apply) {
            out.println("Not applied: set EQUA_MSGRAPH_APPLY=yes to apply plans to a real tenant.");
            return;
        }
        out.println("Confirmed by the admin (automatically in this demo). Applying...");
        SyncProgress progress = (change, done, total) -> {
            if (done == total || done % 10 == 0) {
                out.println("  progress: " + done + "/" + total + " changes settled");
            }
        };
        SyncResult result = acme.applySync(plan, ApplyOptions.builder().actor("admin@acme.example")
                .progress(progress).build());
        out.print(indent(result.render()));

        step("Sync again: nothing left to do");
        out.print(indent(acme.planSync().render()));

        step("Manage members directly: add one person, remove one person");
        SyncPlan add = acme.planAddMembers(List.of("Dana.Lee@ACME.example"));
        out.print(indent(add.render()));
        out.print(indent(acme.applySync(add, ApplyOptions.builder().actor("admin@acme.example").build()).render()));
        SyncPlan remove = acme.planRemoveMembers(List.of("dana.lee@acme.example"));
        out.print(indent(remove.render()));
        out.print(indent(acme.applySync(remove, ApplyOptions.builder().actor("admin@acme.example").build())
                .render()));
        printMembers(acme);

        step("Integration status");
        out.println("  " + acme.status());
    }

    private void printGroups(String title, GroupPage page) {
        out.println(title + ":");
        for (GroupInfo g : page.groups()) {
            out.println("  - " + g.displayName() + (g.dynamic() ? " [dynamic]" : "")
                    + (g.onPremisesSynced() ? " [synced from on-premises]" : "") + "  (" + g.id() + ")");
        }
        if (page.groups().isEmpty()) {
            out.println("  (none)");
        }
    }

    private void printMembers(OrganizationIntegration acme) {
        int[] count = {0};
        acme.forEachMember(m -> {
            count[0]++;
            if (count[0] <= 15) {
                out.println("  - " + m.displayNameIfAny().orElse(m.id()) + " <" + m.mailIfAny().orElse(m.type().toString()) + ">"
                        + (m.owner() ? " (owner)" : ""));
            }
        });
        out.println("  " + count[0] + " member(s)" + (count[0] > 15 ? ", first 15 shown" : ""));
    }

    private void step(String title) {
        out.println();
        out.println("== " + title);
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    private void runAgainstRealTenant(ClientSecretCredentials credentials, Map<String, String> env)
            throws IOException {
        TeamDirectory team = readTeam(env.get("EQUA_MSGRAPH_TEAM_FILE"));
        boolean apply = "yes".equalsIgnoreCase(env.getOrDefault("EQUA_MSGRAPH_APPLY", ""));
        out.println("Real tenant " + credentials.tenantId() + (apply ? "" : " (read-only: plans are not applied)"));
        try (MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
                .settings(new InMemorySettingsStore())
                .team(team)
                .cloud(MicrosoftCloud.GLOBAL)
                .build()) {
            walkThrough(microsoft.organization(DemoTenant.ORGANIZATION), credentials, null, null,
                    env.get("EQUA_MSGRAPH_GROUP_ID"), apply, null);
        }
    }

    private static Optional<ClientSecretCredentials> realTenantCredentials(Map<String, String> env)
            throws IOException {
        String tenant = env.get("EQUA_MSGRAPH_TENANT_ID");
        String client = env.get("EQUA_MSGRAPH_CLIENT_ID");
        if (tenant == null || client == null) {
            return Optional.empty();
        }
        String secret = env.get("EQUA_MSGRAPH_CLIENT_SECRET");
        String secretFile = env.get("EQUA_MSGRAPH_CLIENT_SECRET_FILE");
        if (secret == null && secretFile != null) {
            secret = Files.readString(Path.of(secretFile), StandardCharsets.UTF_8).strip();
        }
        if (secret == null) {
            throw new IllegalArgumentException("Set EQUA_MSGRAPH_CLIENT_SECRET or EQUA_MSGRAPH_CLIENT_SECRET_FILE");
        }
        return Optional.of(ClientSecretCredentials.of(tenant, client, secret));
    }

    private static TeamDirectory readTeam(@Nullable String file) throws IOException {
        InMemoryTeamDirectory team = new InMemoryTeamDirectory();
        if (file == null) {
            return team;
        }
        int n = 0;
        for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
            String[] parts = line.split(",", 2);
            if (parts[0].isBlank() || parts[0].startsWith("#")) {
                continue;
            }
            String email = parts[0].trim();
            String name = parts.length > 1 ? parts[1].trim() : email;
            team.add(DemoTenant.ORGANIZATION, TeamMember.individual("m" + (++n), name, email));
        }
        return team;
    }
}
