package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.List;
import org.junit.jupiter.api.Test;

@FakeGraphTest
class JournalAndIsolationTest {

    @Test
    void journalKeepsNoSecretsOrTokensButNamesTheCallingApp(FakeGraphTenant fake) {
        FakeTenantInfo fabrikam = fake.addTenant("fabrikam.onmicrosoft.com");
        fake.directory().addGroup("Contoso Board");
        fake.directory(fabrikam.tenantId()).addGroup("Fabrikam Board");
        FakeApp contosoApp = Sdk.app(fake, "Group.Read.All");
        FakeApp fabrikamApp = fake.registerApp(AppRegistration.builder().tenant(fabrikam).roles("Group.Read.All")
                .build());
        GraphServiceClient contoso = Sdk.graph(fake, contosoApp);
        GraphServiceClient other = Sdk.graph(fake, fabrikamApp);
        assertEquals("Contoso Board", contoso.groups().get().getValue().get(0).getDisplayName());
        assertEquals("Fabrikam Board", other.groups().get().getValue().get(0).getDisplayName());

        List<RecordedCall> calls = fake.journal().calls();
        for (RecordedCall c : calls) {
            String all = c.toString();
            assertFalse(all.contains(contosoApp.clientSecret()), all);
            assertFalse(all.contains(fabrikamApp.clientSecret()), all);
            assertFalse(c.header("Authorization").isPresent());
            assertFalse(all.contains("eyJ"), "no JWT in the journal: " + all);
        }
        List<RecordedCall> lists = fake.journal().calls("GET", "/groups");
        assertEquals(List.of(contosoApp.clientId(), fabrikamApp.clientId()),
                lists.stream().map(c -> c.appId().orElseThrow()).toList());
        assertEquals(List.of(contosoApp.tenantId(), fabrikam.tenantId()),
                lists.stream().map(c -> c.tenantId().orElseThrow()).toList());
        assertTrue(fake.journal().tokenRequests() >= 2);
        assertTrue(fake.journal().calls(c -> c.kind() == RecordedCall.Kind.TOKEN).stream()
                .allMatch(c -> c.body().orElseThrow().contains("client_id=")
                        && !c.body().orElseThrow().contains("client_secret")));
        assertEquals(2, fake.journal().count("GET", "/groups"));
    }

    @Test
    void resetClearsStateButKeepsApps(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake, "Group.Read.All");
        fake.directory().addGroup("Board");
        fake.faults().add(FaultRule.on("GET", "/groups").status(500).build());
        fake.reset();
        assertEquals(0, fake.faults().pending());
        assertEquals(List.of(), fake.directory().groups());
        assertEquals(List.of(), fake.journal().calls());
        assertEquals(0, Sdk.graph(fake, app).groups().get().getValue().size());
    }

    @Test
    void eachTestGetsItsOwnTenant(FakeGraphTenant fake) {
        assertEquals(List.of(), fake.directory().groups());
        fake.directory().addGroup("Leaks if the tenant were shared");
        assertTrue(fake.toString().contains("https://localhost:"));
    }

    @Test
    void eachTestGetsItsOwnTenantToo(FakeGraphTenant fake) {
        assertEquals(List.of(), fake.directory().groups());
        fake.directory().addGroup("Leaks if the tenant were shared");
    }
}
