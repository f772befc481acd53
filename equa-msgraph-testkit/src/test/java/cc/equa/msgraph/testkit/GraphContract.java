package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Graph behaviour the fake must share with the real service, written once against the real SDK and
 * azure-identity. {@link FakeGraphContractTest} always runs it against the fake; {@link LiveGraphContractTest} runs
 * it against a real tenant when {@code EQUA_MSGRAPH_LIVE_TENANT_ID/CLIENT_ID/CLIENT_SECRET} are set. The live app
 * needs Group.Read.All (or GroupMember.Read.All) and User.Read.All; the suite only reads.
 */
abstract class GraphContract {

    /** Where the contract runs. */
    interface Target {
        String tenantId();

        String clientId();

        String clientSecret();

        TokenCredential credential(String tenant, String clientId, String secret);

        GraphServiceClient graph();
    }

    abstract Target target();

    private String tokenFailure(String tenant, String clientId, String secret) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> target().credential(tenant, clientId, secret)
                .getTokenSync(new TokenRequestContext().addScopes("https://graph.microsoft.com/.default")));
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    @Test
    void wrongSecretFailsWithAadsts7000215() {
        assertTrue(tokenFailure(target().tenantId(), target().clientId(), "not-the-secret").contains("AADSTS7000215"));
    }

    @Test
    void unknownClientFailsWithAadsts700016() {
        assertTrue(tokenFailure(target().tenantId(), UUID.randomUUID().toString(), "x").contains("AADSTS700016"));
    }

    @Test
    void unknownTenantFailsWithAadsts90002() {
        assertTrue(tokenFailure(UUID.randomUUID().toString(), target().clientId(), "x").contains("AADSTS90002"));
    }

    @Test
    void leastPrivilegeProbeListsAtMostOneGroup() {
        GroupCollectionResponse r = target().graph().groups().get(rc -> {
            rc.queryParameters.top = 1;
            rc.queryParameters.select = new String[] {"id"};
        });
        assertTrue(r.getValue().size() <= 1);
        r.getValue().forEach(g -> assertTrue(g.getId() != null && g.getDisplayName() == null));
    }

    @Test
    void topAbove999IsABadRequest() {
        ODataError e = assertThrows(ODataError.class, () -> target().graph().groups().get(rc ->
                rc.queryParameters.top = 1000));
        assertEquals(400, e.getResponseStatusCode());
    }

    @Test
    void unknownGroupIs404ResourceNotFound() {
        ODataError e = assertThrows(ODataError.class, () -> target().graph().groups()
                .byGroupId(UUID.randomUUID().toString()).get());
        assertEquals(404, e.getResponseStatusCode());
        assertEquals("Request_ResourceNotFound", e.getError().getCode());
    }

    @Test
    void searchWithoutConsistencyLevelIsAnUnsupportedQuery() {
        ODataError e = assertThrows(ODataError.class, () -> target().graph().groups().get(rc ->
                rc.queryParameters.search = "\"displayName:board\""));
        assertEquals(400, e.getResponseStatusCode());
        assertEquals("Request_UnsupportedQuery", e.getError().getCode());
    }

    @Test
    void searchWithConsistencyLevelWorks() {
        GroupCollectionResponse r = target().graph().groups().get(rc -> {
            rc.headers.add("ConsistencyLevel", "eventual");
            rc.queryParameters.search = "\"displayName:board\"";
            rc.queryParameters.top = 5;
        });
        assertTrue(r.getValue().size() <= 5);
    }

    @Test
    void inWithMoreThan15ValuesIsRejected() {
        String values = String.join(",", Collections.nCopies(16, "'nobody@example.com'"));
        ODataError e = assertThrows(ODataError.class, () -> target().graph().users().get(rc ->
                rc.queryParameters.filter = "mail in (" + values + ")"));
        assertEquals(400, e.getResponseStatusCode());
    }
}
