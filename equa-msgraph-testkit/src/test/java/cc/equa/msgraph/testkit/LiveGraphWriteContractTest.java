package cc.equa.msgraph.testkit;

import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The write contract against a real tenant: runs only with {@code EQUA_MSGRAPH_LIVE_WRITE=1} and the
 * {@code EQUA_MSGRAPH_LIVE_TENANT_ID/CLIENT_ID/CLIENT_SECRET/SP_ID/GUEST_ID} variables (SP_ID: the app's service
 * principal object id; GUEST_ID: a guest user's object id, for the guest-policy check). One command:
 * {@code mvn -B -ntp -pl equa-msgraph-testkit -am verify -Dtest='Live*ContractTest' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfEnvironmentVariable(named = "EQUA_MSGRAPH_LIVE_WRITE", matches = "1")
@EnabledIfEnvironmentVariable(named = "EQUA_MSGRAPH_LIVE_SP_ID", matches = ".+")
class LiveGraphWriteContractTest extends GraphWriteContract {
    private static GraphServiceClient graph;

    @Override
    Target target() {
        return new Target() {
            @Override
            public GraphServiceClient graph() {
                synchronized (LiveGraphWriteContractTest.class) {
                    if (graph == null) {
                        graph = new GraphServiceClient(new ClientSecretCredentialBuilder()
                                .tenantId(System.getenv("EQUA_MSGRAPH_LIVE_TENANT_ID"))
                                .clientId(System.getenv("EQUA_MSGRAPH_LIVE_CLIENT_ID"))
                                .clientSecret(System.getenv("EQUA_MSGRAPH_LIVE_CLIENT_SECRET")).build(),
                                "https://graph.microsoft.com/.default");
                    }
                    return graph;
                }
            }

            @Override
            public String servicePrincipalId() {
                return System.getenv("EQUA_MSGRAPH_LIVE_SP_ID");
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }

            @Override
            public String guestUserId() {
                String id = System.getenv("EQUA_MSGRAPH_LIVE_GUEST_ID");
                if (id == null || id.isBlank()) {
                    throw new AssertionError("the guest-policy check needs EQUA_MSGRAPH_LIVE_GUEST_ID: the object id of"
                            + " a guest user (userType Guest) it may add to its temporary group");
                }
                return id;
            }

            @Override
            public Optional<Boolean> guestsAllowed() {
                return Optional.empty();
            }
        };
    }
}
