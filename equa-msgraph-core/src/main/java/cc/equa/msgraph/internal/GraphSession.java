package cc.equa.msgraph.internal;

import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * One organization's live connection: its credentials, a caching token credential and a Graph client, all on the
 * integration's shared HTTP stack. Rebuilt whenever the stored credentials change, so no stale token survives a
 * change of secret or consent.
 */
public final class GraphSession {

    private final OrganizationId organization;
    private final AppCredentials credentials;
    private final CachingTokenCredential tokenCredential;
    private final GraphServiceClient client;
    private final MicrosoftCloud cloud;

    private GraphSession(OrganizationId organization, AppCredentials credentials,
            CachingTokenCredential tokenCredential, GraphServiceClient client, MicrosoftCloud cloud) {
        this.organization = organization;
        this.credentials = credentials;
        this.tokenCredential = tokenCredential;
        this.client = client;
        this.cloud = cloud;
    }

    /**
     * Open a session.
     *
     * @param organization the organization
     * @param credentials its validated credentials
     * @param cloud the cloud
     * @param http the shared HTTP stack
     * @param clock the clock for token expiry
     * @return the session
     */
    public static GraphSession open(OrganizationId organization, AppCredentials credentials, MicrosoftCloud cloud,
            HttpStack http, Clock clock) {
        // azure-identity's client: the shared pool, with the token answer checked before MSAL parses it
        com.azure.core.http.HttpClient azureHttp = new OkHttpAsyncHttpClientBuilder(
                http.base().newBuilder().addInterceptor(new TokenResponseCheck()).build()).build();
        CachingTokenCredential tokens = new CachingTokenCredential(
                CredentialFactory.create(credentials, cloud, azureHttp), clock);
        AzureIdentityAuthenticationProvider auth = new AzureIdentityAuthenticationProvider(
                tokens, new String[] {cloud.graphEndpoint().getHost()}, cloud.scope());
        // The SDK's RetryHandler sleeps on the calling thread and never sees 429s inside $batch; the library's own
        // retry layer (GraphCalls) handles both, with an injectable sleeper.
        RetryHandlerOption noRetry = new RetryHandlerOption((delay, count, request, response) -> false, 0, 0);
        // OkHttp would repeat a request whose connection dropped, silently, even a POST already sent (creating a
        // group twice), unpaced and unseen by the listener; the retry layer repeats only what is safe to repeat
        // (idempotent calls, $batch items), after a backoff, counted and heard as a retry.
        OkHttpClient.Builder graphHttp = http.base().newBuilder().retryOnConnectionFailure(false);
        for (okhttp3.Interceptor interceptor : GraphClientFactory.createDefaultGraphInterceptors(
                new RequestOption[] {noRetry})) {
            graphHttp.addInterceptor(interceptor);
        }
        // A 401 drops the refused token and replays the request once with a fresh one.
        graphHttp.addInterceptor(new TokenRenewal(tokens, cloud.scope()));
        if (http.events().enabled()) {
            // inside the renewal, so a 401 and its replay are two requests; only when the host listens
            graphHttp.addInterceptor(new RequestEventInterceptor(http.events()));
        }
        // Closest to the network: a non-Graph error body (a gateway's HTML page) becomes an OData error, so the
        // status, request-id and retry decision survive Kiota's error parsing.
        graphHttp.addInterceptor(new ErrorBodyInterceptor());
        GraphServiceClient client = new GraphServiceClient(auth, graphHttp.build());
        client.getRequestAdapter().setBaseUrl(cloud.graphBaseUrl());
        return new GraphSession(organization, credentials, tokens, client, cloud);
    }

    /**
     * Return the organization.
     *
     * @return the organization
     */
    public OrganizationId organization() {
        return organization;
    }

    /**
     * Return the credentials this session was opened with.
     *
     * @return the credentials
     */
    public AppCredentials credentials() {
        return credentials;
    }

    /**
     * Return the caching token credential.
     *
     * @return the credential
     */
    public CachingTokenCredential tokens() {
        return tokenCredential;
    }

    /**
     * Return the Graph client.
     *
     * @return the client
     */
    public GraphServiceClient graph() {
        return client;
    }

    /**
     * Return the cloud.
     *
     * @return the cloud
     */
    public MicrosoftCloud cloud() {
        return cloud;
    }

    /**
     * Return the absolute URL of a directory object, as used in {@code @odata.id} and {@code @odata.bind}.
     *
     * @param id the object's id
     * @return the URL
     */
    public String directoryObjectUrl(String id) {
        return cloud.graphBaseUrl() + "/directoryObjects/" + id;
    }

    /** Forget cached tokens. */
    public void close() {
        tokenCredential.clear();
    }
}
