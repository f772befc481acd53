package cc.equa.msgraph.testkit;

import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Graph contract against the fake's realistic profile: always runs. */
class FakeGraphContractTest extends GraphContract {
    private static FakeGraphTenant fake;
    private static FakeApp app;
    private static GraphServiceClient graph;

    @BeforeAll
    static void start() {
        fake = FakeGraphTenant.builder().realistic().start();
        fake.directory().addGroup("Board");
        app = Sdk.app(fake, "Group.Read.All", "User.Read.All");
        graph = Sdk.graph(fake, app);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Override
    Target target() {
        return new Target() {
            @Override
            public String tenantId() {
                return app.tenantId();
            }

            @Override
            public String clientId() {
                return app.clientId();
            }

            @Override
            public String clientSecret() {
                return app.clientSecret();
            }

            @Override
            public TokenCredential credential(String tenant, String clientId, String secret) {
                return Sdk.credential(fake, tenant, clientId, secret);
            }

            @Override
            public GraphServiceClient graph() {
                return graph;
            }
        };
    }
}
