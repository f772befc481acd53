package cc.equa.msgraph.testkit;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The Graph contract against a real tenant. Skipped unless {@code EQUA_MSGRAPH_LIVE_TENANT_ID},
 * {@code EQUA_MSGRAPH_LIVE_CLIENT_ID} and {@code EQUA_MSGRAPH_LIVE_CLIENT_SECRET} are set.
 */
@EnabledIfEnvironmentVariable(named = "EQUA_MSGRAPH_LIVE_TENANT_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "EQUA_MSGRAPH_LIVE_CLIENT_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "EQUA_MSGRAPH_LIVE_CLIENT_SECRET", matches = ".+")
class LiveGraphContractTest extends GraphContract {
    private static GraphServiceClient graph;

    private static String env(String name) {
        return System.getenv(name);
    }

    @Override
    Target target() {
        return new Target() {
            @Override
            public String tenantId() {
                return env("EQUA_MSGRAPH_LIVE_TENANT_ID");
            }

            @Override
            public String clientId() {
                return env("EQUA_MSGRAPH_LIVE_CLIENT_ID");
            }

            @Override
            public String clientSecret() {
                return env("EQUA_MSGRAPH_LIVE_CLIENT_SECRET");
            }

            @Override
            public TokenCredential credential(String tenant, String clientId, String secret) {
                return new ClientSecretCredentialBuilder().tenantId(tenant).clientId(clientId).clientSecret(secret)
                        .maxRetry(0).build();
            }

            @Override
            public GraphServiceClient graph() {
                synchronized (LiveGraphContractTest.class) {
                    if (graph == null) {
                        graph = new GraphServiceClient(credential(tenantId(), clientId(), clientSecret()),
                                "https://graph.microsoft.com/.default");
                    }
                    return graph;
                }
            }
        };
    }
}
