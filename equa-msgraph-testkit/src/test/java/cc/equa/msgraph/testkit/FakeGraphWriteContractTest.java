package cc.equa.msgraph.testkit;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The write contract against the fake's realistic profile: always runs, on virtual time. */
class FakeGraphWriteContractTest extends GraphWriteContract {
    private static FakeGraphTenant fake;
    private static FakeApp app;
    private static GraphServiceClient graph;

    @BeforeAll
    static void start() {
        fake = FakeGraphTenant.builder().virtualTime().realistic().start();
        app = Sdk.app(fake, "Group.ReadWrite.All");
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
            public GraphServiceClient graph() {
                return graph;
            }

            @Override
            public String servicePrincipalId() {
                return app.servicePrincipalId();
            }

            @Override
            public void sleep(Duration d) {
                fake.advanceTime(d);
            }
        };
    }
}
