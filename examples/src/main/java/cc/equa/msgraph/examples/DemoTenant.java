package cc.equa.msgraph.examples;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The embedded demo: a fake Microsoft 365 tenant seeded like a small company (people, a few Microsoft 365 groups, a
 * dynamic and an on-premises group) and the Equa team of organization "acme", with the usual imperfections: case
 * and alias differences, an entity, a member without e-mail, a bounced invitation, a disabled account.
 */
final class DemoTenant implements AutoCloseable {

    static final OrganizationId ORGANIZATION = OrganizationId.of("acme");
    private static final String DOMAIN = "acme.example";

    private final FakeGraphTenant fake;
    private final FakeApp app;
    private final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    private final String adminUpn;

    private DemoTenant(FakeGraphTenant fake) {
        this.fake = fake;
        this.app = fake.registerApp(AppRegistration.builder()
                .roles("Group.ReadWrite.All", "User.Read.All").build());
        FakeDirectory dir = fake.directory();
        adminUpn = "it.admin@" + DOMAIN;
        dir.addUser(FakeUser.builder().displayName("IT Admin").mail(adminUpn).userPrincipalName(adminUpn).build());

        String[][] people = {
            {"Ada Byron", "ada.byron"}, {"Grace Hopper", "grace.hopper"}, {"Alan Turing", "alan.turing"},
            {"Edsger Dijkstra", "edsger.dijkstra"}, {"Barbara Liskov", "barbara.liskov"},
            {"Donald Knuth", "donald.knuth"}, {"Frances Allen", "frances.allen"}, {"Ken Thompson", "ken.thompson"},
            {"Margaret Hamilton", "margaret.hamilton"}, {"John Backus", "john.backus"},
            {"Radia Perlman", "radia.perlman"}, {"Niklaus Wirth", "niklaus.wirth"}, {"Dana Lee", "dana.lee"},
        };
        List<String> boardIds = new ArrayList<>();
        for (String[] p : people) {
            String mail = p[1] + "@" + DOMAIN;
            FakeUser.Builder user = FakeUser.builder().displayName(p[0]).mail(mail).userPrincipalName(mail);
            if (p[1].equals("alan.turing")) {
                user.proxyAddresses("SMTP:" + mail, "smtp:alan@" + DOMAIN);
            }
            if (p[1].equals("ken.thompson")) {
                user.accountEnabled(false);
            }
            FakeUser added = dir.addUser(user.build());
            if (p[1].equals("ada.byron") || p[1].equals("grace.hopper")) {
                boardIds.add(added.id());
            }
        }
        FakeUser formerEmployee = dir.addUser(FakeUser.builder().displayName("Former Employee")
                .mail("former.employee@" + DOMAIN).userPrincipalName("former.employee@" + DOMAIN).build());

        FakeGroup board = dir.addGroup(FakeGroup.builder("Acme Board").description("The board of directors")
                .mailNickname("acme-board").build());
        dir.addMembers(board.id(), boardIds);
        dir.addGroup(FakeGroup.builder("Engineering").mailNickname("engineering").build());
        dir.addGroup(FakeGroup.builder("Engineering Leads").mailNickname("engineering-leads").build());
        dir.addGroup(FakeGroup.builder("All Employees").mailNickname("all-employees")
                .dynamic("user.accountEnabled -eq true").build());
        dir.addGroup(FakeGroup.builder("Finance").mailNickname("finance").onPremisesSyncEnabled(true).build());
        for (String project : List.of("Apollo", "Borealis", "Cygnus", "Draco", "Eridanus", "Fornax", "Gemini")) {
            dir.addGroup(FakeGroup.builder("Project " + project).mailNickname("project-"
                    + project.toLowerCase(java.util.Locale.ROOT)).build());
        }
        // Someone adds this person to the new group by hand (see addFormerEmployeeByHand): not on the Equa team.
        this.formerEmployeeId = formerEmployee.id();

        List<TeamMember> members = new ArrayList<>();
        for (String[] p : people) {
            if (p[1].equals("dana.lee")) {
                continue; // in the tenant, not (yet) on the Equa team: the direct add/remove example uses her
            }
            String mail = p[1] + "@" + DOMAIN;
            if (p[1].equals("grace.hopper")) {
                mail = "Grace.Hopper@ACME.example"; // case differs from Entra
            }
            if (p[1].equals("alan.turing")) {
                mail = "alan@" + DOMAIN; // an alias (proxyAddresses)
            }
            TeamMember m = TeamMember.individual("m-" + p[1], p[0], mail);
            if (p[1].equals("john.backus")) {
                m = m.withInvitationStatus(InvitationStatus.INVITED).withRoles(Set.of("Observer"));
            }
            members.add(m.withTitle("Shareholder"));
        }
        members.add(TeamMember.individual("m-nobody", "Ghost Holder", "ghost.holder@elsewhere.example")
                .withInvitationStatus(InvitationStatus.BOUNCED));
        members.add(TeamMember.individual("m-noemail", "Paper Certificate Holder", null));
        members.add(TeamMember.entity("m-fund", "Acme Ventures Fund I", "fund@acme-ventures.example"));
        team.set(ORGANIZATION, members);
    }

    private final String formerEmployeeId;

    static DemoTenant start() {
        return new DemoTenant(FakeGraphTenant.startNew());
    }

    String domain() {
        return fake.defaultTenant().domain();
    }

    String graphBaseUrl() {
        return fake.cloud().graphBaseUrl();
    }

    InMemoryTeamDirectory team() {
        return team;
    }

    String adminUpn() {
        return adminUpn;
    }

    /**
     * Play someone adding a former employee to the group by hand in Outlook: a member the Equa team does not have,
     * which a mirror sync proposes to remove.
     *
     * @param groupId the group
     * @return the former employee's display name
     */
    String addFormerEmployeeByHand(String groupId) {
        fake.directory().addMembers(groupId, formerEmployeeId);
        return "Former Employee";
    }

    ClientSecretCredentials credentials() {
        return ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret());
    }

    ClientSecretCredentials wrongSecret() {
        return ClientSecretCredentials.of(app.tenantId(), app.clientId(), "Xq8~this-is-not-the-secret-value");
    }

    MicrosoftIntegration.Builder integrationBuilder() {
        return MicrosoftIntegration.builder()
                .cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate()));
    }

    @Override
    public void close() {
        fake.close();
    }
}
