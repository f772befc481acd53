package cc.equa.msgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Testing with the testkit" example, compiled and run. */
// tag::testkit[]
@FakeGraphTest
class ReadmeTestkitTest {

    @Test
    void syncAddsTheTeamToTheGroup(FakeGraphTenant fake) {           // a fresh fake tenant for this test
        FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All", "User.Read.All").build());
        FakeGroup board = fake.directory().addGroup("Acme Board");
        fake.directory().addUser("ada@acme.example");

        OrganizationId acme = OrganizationId.of("acme");
        MicrosoftIntegration microsoft = fake.integrationBuilder()      // cloud, CA trust, clock wired to the fake
                .settings(new InMemorySettingsStore())
                .team(InMemoryTeamDirectory.of(acme, TeamMember.individual("m1", "Ada", "ada@acme.example")))
                .build();
        OrganizationIntegration org = microsoft.organization(acme);
        org.connect(ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret()));
        org.linkGroup(board.id());

        org.applySync(org.planSync());

        assertEquals(1, fake.directory().memberIds(board.id()).size());
        assertEquals(List.of(), fake.violations());                     // e.g. no retry before Retry-After
    }
}
// end::testkit[]
