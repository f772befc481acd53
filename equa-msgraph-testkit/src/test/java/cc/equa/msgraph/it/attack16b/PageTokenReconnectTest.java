package cc.equa.msgraph.it.attack16b;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeTenantInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A page token replayed after the organization reconnected to another Microsoft tenant. */
class PageTokenReconnectTest extends TokenHarness {

    /**
     * The token continues a listing of tenant A's directory; after the organization reconnects to tenant B, Graph's
     * skiptoken of A must not be replayed under B's credentials (it is another listing): refused before any request.
     */
    @Test
    void aTokenFromBeforeReconnectingToAnotherTenantIsRefusedBeforeAnyRequest() {
        connect(acme);
        String token = token(acme, GroupQuery.all().pageSize(2));
        FakeTenantInfo globex = fake.addTenant("globex.test");
        for (int i = 0; i < 7; i++) {
            fake.directory(globex.tenantId()).addGroup("Globex" + i);
        }
        acme.disconnect();
        FakeApp app = fake.registerApp(AppRegistration.builder().tenant(globex).roles(ROLES).build());
        assertTrue(acme.connect(ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret()))
                .saved());
        assertNone(notRefused(acme, List.of(token), "token of the previous tenant"));
    }

}
