package cc.equa.msgraph.testkit;

import cc.equa.msgraph.testkit.internal.SdkWiring;
import com.azure.core.credential.TokenCredential;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/** Test helper: the real Graph SDK + azure-identity wired to a fake (sdk-wiring.md §3). */
final class Sdk {
    private Sdk() {
    }

    static FakeApp app(FakeGraphTenant fake, String... roles) {
        return fake.registerApp(AppRegistration.builder().roles(roles).build());
    }

    static GraphServiceClient graph(FakeGraphTenant fake, FakeApp app) {
        return SdkWiring.graphClient(fake, app);
    }

    static GraphServiceClient graph(FakeGraphTenant fake, FakeApp app, UnaryOperator<OkHttpClient.Builder> custom) {
        return SdkWiring.graphClient(fake, SdkWiring.tokenCredential(fake, app), custom);
    }

    static GraphServiceClient graphWithShortTimeout(FakeGraphTenant fake, FakeApp app) {
        return graph(fake, app, b -> b.readTimeout(Duration.ofMillis(500)).callTimeout(Duration.ofSeconds(5)));
    }

    static TokenCredential credential(FakeGraphTenant fake, String tenant, String clientId, String secret) {
        return SdkWiring.tokenCredential(fake, tenant, clientId, secret);
    }
}
