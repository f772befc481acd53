package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * Wires the real Graph SDK and azure-identity to a fake (sdk-wiring.md §3). Internal: for SDK-level tests only; the
 * public API exposes no Azure or Graph types.
 */
public final class SdkWiring {
    private SdkWiring() {
    }

    public static HandshakeCertificates trust(FakeGraphTenant fake) {
        return new HandshakeCertificates.Builder().addTrustedCertificate(fake.caCertificate()).build();
    }

    /** A credential for the app, talking to the fake's authority over OkHttp with the fake's CA trusted. */
    public static TokenCredential tokenCredential(FakeGraphTenant fake, FakeApp app) {
        return tokenCredential(fake, app.tenantId(), app.clientId(), app.clientSecret());
    }

    public static TokenCredential tokenCredential(FakeGraphTenant fake, String tenant, String clientId, String secret) {
        HandshakeCertificates hc = trust(fake);
        OkHttpClient ok = new OkHttpClient.Builder().sslSocketFactory(hc.sslSocketFactory(), hc.trustManager())
                .build();
        return new ClientSecretCredentialBuilder().tenantId(tenant).clientId(clientId).clientSecret(secret)
                .authorityHost(fake.authorityHost().toString()).disableInstanceDiscovery().maxRetry(0)
                .httpClient(new OkHttpAsyncHttpClientBuilder(ok).build()).build();
    }

    public static GraphServiceClient graphClient(FakeGraphTenant fake, FakeApp app) {
        return graphClient(fake, tokenCredential(fake, app), UnaryOperator.identity());
    }

    /** A Graph client on the fake; {@code customize} may change the OkHttp builder (timeouts, interceptors). */
    public static GraphServiceClient graphClient(FakeGraphTenant fake, TokenCredential credential,
            UnaryOperator<OkHttpClient.Builder> customize) {
        HandshakeCertificates hc = trust(fake);
        OkHttpClient http = customize.apply(GraphClientFactory.create()
                .sslSocketFactory(hc.sslSocketFactory(), hc.trustManager())).build();
        GraphServiceClient graph = new GraphServiceClient(new AzureIdentityAuthenticationProvider(credential,
                new String[] {"localhost"}, "https://graph.microsoft.com/.default"), http);
        graph.getRequestAdapter().setBaseUrl(fake.graphEndpoint() + "/v1.0");
        return graph;
    }
}
