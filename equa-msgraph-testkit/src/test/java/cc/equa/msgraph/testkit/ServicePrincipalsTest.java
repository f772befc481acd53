package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@FakeGraphTest
class ServicePrincipalsTest {

    private static int status(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(ODataError.class, call).getResponseStatusCode();
    }

    @Test
    void anAppReadsItsOwnServicePrincipalByAppIdWithoutAnyRole(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake);
        GraphServiceClient graph = Sdk.graph(fake, app);
        ServicePrincipal sp = graph.servicePrincipalsWithAppId(app.clientId()).get(rc ->
                rc.queryParameters.select = new String[] {"id"});
        assertEquals(app.servicePrincipalId(), sp.getId());
        ServicePrincipal full = graph.servicePrincipalsWithAppId(app.clientId()).get();
        assertEquals(app.clientId(), full.getAppId());
        assertEquals(app.servicePrincipalId(), graph.servicePrincipals().byServicePrincipalId(
                app.servicePrincipalId()).get().getId());
        assertEquals(2, fake.journal().count("GET", "/servicePrincipals(appId='" + app.clientId() + "')"),
                "journaled under the alternate-key segment");
    }

    @Test
    void resetKeepsEveryAppsServicePrincipal(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake);
        GraphServiceClient graph = Sdk.graph(fake, app);
        fake.directory().addGroup("Board");
        fake.reset();
        assertEquals(List.of(), fake.directory().groups(), "the directory is empty after a reset");
        assertEquals(app.servicePrincipalId(), graph.servicePrincipalsWithAppId(app.clientId()).get().getId(),
                "the app registration and its service principal survive a reset");
    }

    @Test
    void anotherAppsServicePrincipalNeedsApplicationReadAll(FakeGraphTenant fake) {
        FakeApp other = Sdk.app(fake, "Group.Read.All");
        GraphServiceClient groupsOnly = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All", "Group.Create"));
        assertEquals(403, status(() -> groupsOnly.servicePrincipalsWithAppId(other.clientId()).get()));
        assertEquals(403, status(() -> groupsOnly.servicePrincipalsWithAppId("00000000-0000-0000-0000-00000000beef")
                .get()), "permissions are checked before existence");
        GraphServiceClient reader = Sdk.graph(fake, Sdk.app(fake, "Application.Read.All"));
        assertEquals(other.servicePrincipalId(), reader.servicePrincipalsWithAppId(other.clientId()).get().getId());
        ODataError missing = assertThrows(ODataError.class, () -> reader.servicePrincipalsWithAppId(
                "00000000-0000-0000-0000-00000000beef").get());
        assertEquals(404, missing.getResponseStatusCode());
        assertEquals("Request_ResourceNotFound", missing.getError().getCode());
    }

    @Test
    void groupCreateOnlyMayBindItsOwnServicePrincipalAsOwnerButNotAnotherApps(FakeGraphTenant fake) {
        FakeApp app = Sdk.app(fake, "Group.Create");
        FakeApp other = Sdk.app(fake);
        GraphServiceClient graph = Sdk.graph(fake, app);
        Group created = graph.groups().post(group("Board", "board", app.servicePrincipalId()));
        assertEquals(List.of(app.servicePrincipalId()), fake.directory().owners(created.getId()).stream()
                .map(FakeDirectoryObject::id).toList());
        assertEquals(ObjectType.SERVICE_PRINCIPAL, fake.directory().owners(created.getId()).get(0).type());
        assertEquals(403, status(() -> graph.groups().post(group("Other", "other", other.servicePrincipalId()))),
                "Group.Create needs Application.Read.All to bind another service principal");
        GraphServiceClient reader = Sdk.graph(fake, Sdk.app(fake, "Group.Create", "Application.Read.All"));
        Group second = reader.groups().post(group("Other", "other", other.servicePrincipalId()));
        assertEquals(other.servicePrincipalId(), fake.directory().owners(second.getId()).get(0).id());
    }

    static Group group(String name, String nickname, String ownerId) {
        Group g = new Group();
        g.setDisplayName(name);
        g.setMailNickname(nickname);
        g.setMailEnabled(true);
        g.setSecurityEnabled(false);
        g.setGroupTypes(new ArrayList<>(List.of("Unified")));
        Map<String, Object> extra = new HashMap<>();
        extra.put("owners@odata.bind", new ArrayList<>(List.of(
                "https://graph.microsoft.com/v1.0/directoryObjects/" + ownerId)));
        g.setAdditionalData(extra);
        return g;
    }
}
