package cc.equa.msgraph.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #8 §5, on the wire: no access token is ever sent to a host other than the configured Graph host. The fake
 * answers a Graph read with a redirect to the same server under another host name ({@code 127.0.0.1} instead of
 * {@code localhost}); the redirected request reaches the fake, and it must arrive without the bearer token.
 */
class ReliabilityForeignHostTest {

    @Test
    void aRedirectToAnotherHostCarriesNoAccessToken() {
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder().roles("Group.ReadWrite.All").build());
            try (MicrosoftIntegration microsoft = fake.integrationBuilder().settings(new InMemorySettingsStore())
                    .build()) {
                OrganizationIntegration org = microsoft.organization("acme");
                org.saveCredentials(ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret()));
                String foreign = "https://127.0.0.1:" + fake.port() + "/v1.0/groups?foreign=1";
                fake.faults().add(FaultRule.on("GET", "/groups").status(302).header("Location", foreign)
                        .times(1).build());

                assertThrows(MsGraphException.class, () -> org.groups(GroupQuery.all()));

                List<RecordedCall> graph = fake.journal().calls(c -> c.kind() == RecordedCall.Kind.GRAPH);
                assertEquals(2, graph.size(), "the redirect was followed: " + graph);
                assertEquals(app.clientId(), graph.get(0).appId().orElse(""), "the Graph host got the token");
                assertEquals(302, graph.get(0).status());
                assertTrue(graph.get(1).query().contains("foreign=1"), graph.get(1).toString());
                assertEquals("", graph.get(1).appId().orElse(""), "the foreign host got no token");
                assertEquals(401, graph.get(1).status());
            }
        }
    }
}
