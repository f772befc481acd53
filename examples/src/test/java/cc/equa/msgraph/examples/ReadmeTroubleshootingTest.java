package cc.equa.msgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.Capability;
import cc.equa.msgraph.ConnectionLimit;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FakeGraphTest;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's troubleshooting rows that state behaviour, checked against what the library does on the fake tenant:
 * the names a row quotes (verdicts, limits, exceptions, error kinds) are the ones the code shows or throws.
 */
@FakeGraphTest
class ReadmeTroubleshootingTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The troubleshooting table's row whose first cell starts so. */
    private static String row(String firstCellStart) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("## Troubleshooting"));
        return table.lines().filter(l -> l.startsWith("| " + firstCellStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no troubleshooting row starting " + firstCellStart));
    }

    private static List<String> quoted(String row) {
        List<String> names = new ArrayList<>();
        Matcher m = CODE.matcher(row);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static OrganizationIntegration connected(FakeGraphTenant fake, InMemoryTeamDirectory team,
            FakeGroup group, String... roles) {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles(roles).build());
        MicrosoftIntegration microsoft = fake.integrationBuilder().settings(new InMemorySettingsStore()).team(team)
                .build();
        OrganizationIntegration org = microsoft.organization(ACME);
        ConnectionReport report = org.connect(ClientSecretCredentials.of(app.tenantId(), app.clientId(),
                app.clientSecret()));
        assertTrue(report.saved(), report.render());
        org.linkGroup(group.id());
        return org;
    }

    @Test
    void readOnlyAppRowsNameTheVerdictLimitCapabilityAndExceptionTheCodeShows(FakeGraphTenant fake)
            throws IOException {
        FakeGroup board = fake.directory().addGroup("Acme Board");
        fake.directory().addUser("ada@acme.example");
        InMemoryTeamDirectory team = InMemoryTeamDirectory.of(ACME, TeamMember.individual("m1", "Ada",
                "ada@acme.example"));
        FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.Read.All", "User.Read.All").build());
        MicrosoftIntegration microsoft = fake.integrationBuilder().settings(new InMemorySettingsStore()).team(team)
                .build();
        OrganizationIntegration org = microsoft.organization(ACME);

        ConnectionReport report = org.connect(ClientSecretCredentials.of(app.tenantId(), app.clientId(),
                app.clientSecret()));
        String limitsRow = row("Connection test `PASSED WITH LIMITS`");
        assertEquals(report.verdict().label(), quoted(limitsRow).get(0), report.render());
        assertTrue(report.saved() && limitsRow.contains("credentials saved") && report.render()
                .contains("credentials saved"), report.render());

        String membershipRow = row("Membership cannot be managed");
        List<String> names = quoted(membershipRow);
        assertTrue(names.contains(Capability.MANAGE_MEMBERSHIP + " "
                + report.capability(Capability.MANAGE_MEMBERSHIP).orElseThrow().status()), names.toString());
        assertTrue(names.contains(ConnectionLimit.Kind.CANNOT_MANAGE_MEMBERSHIP.name()), names.toString());
        assertTrue(report.limits().stream().anyMatch(l -> l.kind() == ConnectionLimit.Kind.CANNOT_MANAGE_MEMBERSHIP
                && names.contains(l.permission())), report.limits().toString());

        org.linkGroup(board.id());
        SyncPlan plan = org.planSync();
        fake.journal().clear();
        MsGraphException thrown = assertThrows(MsGraphException.class, () -> org.applySync(plan));
        assertTrue(names.contains(thrown.getClass().getSimpleName()), thrown.getClass().getSimpleName()
                + " is not what the row names: " + membershipRow);
        assertTrue(membershipRow.contains("at most one write request"), membershipRow);
        assertTrue(fake.journal().writes().size() <= 1, fake.journal().writes().toString());
        assertEquals(List.of(), fake.directory().memberIds(board.id()), "the group is unchanged");
    }

    @Test
    void stalePlanRowNamesTheKindThrownForATeamChangeAndAnOutOfBandChangeAppliesAsReviewed(FakeGraphTenant fake)
            throws IOException {
        FakeGroup board = fake.directory().addGroup("Acme Board");
        String ada = fake.directory().addUser("ada@acme.example").id();
        String eve = fake.directory().addUser("eve@acme.example").id();
        fake.directory().addUser("bob@acme.example");
        InMemoryTeamDirectory team = InMemoryTeamDirectory.of(ACME, TeamMember.individual("m1", "Ada",
                "ada@acme.example"));
        OrganizationIntegration org = connected(fake, team, board, "GroupMember.ReadWrite.All", "Group.Read.All",
                "User.Read.All");
        String staleRow = row("Apply refused: `STALE_PLAN`");

        // an out-of-band change of a member the plan does not touch: not stale, applies as reviewed
        SyncPlan reviewed = org.planSync(SyncOptions.builder().mode(SyncMode.ADDITIVE)
                .build());
        fake.directory().addMembers(board.id(), eve);
        assertTrue(staleRow.contains("a member added or removed out of band") && staleRow.contains("are not stale"),
                staleRow);
        SyncResult result = org.applySync(reviewed, ApplyOptions.defaults());
        assertEquals(1, result.applied());
        assertTrue(fake.directory().memberIds(board.id()).containsAll(List.of(ada, eve)));

        // the team changed: stale, with the kind the row names
        SyncPlan before = org.planSync();
        team.set(ACME, List.of(TeamMember.individual("m1", "Ada", "ada@acme.example"),
                TeamMember.individual("m2", "Bob", "bob@acme.example")));
        assertTrue(staleRow.contains("a member in scope added or removed"), staleRow);
        MsGraphException e = assertThrows(MsGraphException.class, () -> org.applySync(before));
        assertEquals(quoted(staleRow).get(0), e.kind().name(), e.getMessage());
    }
}
