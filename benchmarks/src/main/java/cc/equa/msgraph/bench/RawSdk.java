package cc.equa.msgraph.bench;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * The plain Graph SDK 6 + azure-identity wired to the fake as any application would (sdk-wiring.md §3): a
 * {@code ClientSecretCredential} on OkHttp with the fake as authority host and instance discovery off, an
 * {@code AzureIdentityAuthenticationProvider} allowing host {@code localhost}, the SDK's default middleware, and an
 * OkHttp client trusting the fake's CA.
 */
record RawSdk(GraphServiceClient graph, String graphBaseUrl) {

    /**
     * MSAL's token cache misses whenever the authority URL has a non-default port (sdk-wiring.md §5), so against the
     * fake's random port the plain SDK would fetch a token per request; against the real login.microsoftonline.com
     * (port 443) it reuses one. This keeps the baseline honest: one token until shortly before it expires, as MSAL
     * gives a real application. Claims challenges bypass it.
     */
    static final class PortSafeCache implements TokenCredential {
        private final TokenCredential delegate;
        private volatile com.azure.core.credential.@org.jspecify.annotations.Nullable AccessToken token;

        PortSafeCache(TokenCredential delegate) {
            this.delegate = delegate;
        }

        @Override
        public reactor.core.publisher.Mono<com.azure.core.credential.AccessToken> getToken(
                com.azure.core.credential.TokenRequestContext request) {
            return reactor.core.publisher.Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public com.azure.core.credential.AccessToken getTokenSync(com.azure.core.credential.TokenRequestContext request) {
            com.azure.core.credential.AccessToken t = token;
            if (request.getClaims() == null && t != null
                    && t.getExpiresAt().isAfter(java.time.OffsetDateTime.now().plusMinutes(5))) {
                return t;
            }
            t = delegate.getTokenSync(request);
            token = t;
            return t;
        }
    }

    static RawSdk connect(String authorityHost, String graphEndpoint, List<X509Certificate> trusted, String tenant,
            String clientId, String secret) {
        HandshakeCertificates.Builder hb = new HandshakeCertificates.Builder();
        trusted.forEach(hb::addTrustedCertificate);
        HandshakeCertificates hc = hb.build();
        OkHttpClient tokenHttp = new OkHttpClient.Builder().sslSocketFactory(hc.sslSocketFactory(), hc.trustManager())
                .build();
        TokenCredential msal = new ClientSecretCredentialBuilder().tenantId(tenant).clientId(clientId)
                .clientSecret(secret).authorityHost(authorityHost).disableInstanceDiscovery()
                .httpClient(new OkHttpAsyncHttpClientBuilder(tokenHttp).build()).build();
        TokenCredential credential = new PortSafeCache(msal);
        OkHttpClient http = GraphClientFactory.create().sslSocketFactory(hc.sslSocketFactory(), hc.trustManager())
                .build();
        GraphServiceClient graph = new GraphServiceClient(new AzureIdentityAuthenticationProvider(credential,
                new String[] {"localhost"}, "https://graph.microsoft.com/.default"), http);
        String base = graphEndpoint.replaceAll("/+$", "") + "/v1.0";
        graph.getRequestAdapter().setBaseUrl(base);
        return new RawSdk(graph, base);
    }
}
