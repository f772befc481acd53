package cc.equa.msgraph.testkit;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The write contract against the fake's realistic profile: always runs, on virtual time. */
class FakeGraphWriteContractTest extends GraphWriteContract {
    private static FakeGraphTenant fake;
    private static FakeApp app;
    private static GraphServiceClient graph;
    private static String guest;

    @BeforeAll
    static void start() {
        fake = FakeGraphTenant.builder().virtualTime().realistic().start();
        app = Sdk.app(fake, "Group.ReadWrite.All");
        graph = Sdk.graph(fake, app);
        guest = fake.directory().addUser(FakeUser.builder().mail("partner@fabrikam.test").guest()
                .build()).id();
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

            @Override
            public String guestUserId() {
                return guest;
            }

            @Override
            public Optional<Boolean> guestsAllowed() {
                return Optional.of(fake.hostility().guestsAllowed());
            }
        };
    }
}
