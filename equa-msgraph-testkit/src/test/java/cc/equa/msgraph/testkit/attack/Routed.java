package cc.equa.msgraph.testkit.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphServer;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import org.jspecify.annotations.Nullable;

/**
 * A third-party connector's view of the fake: the standalone server (public {@link FakeGraphServer} API only) with its
 * CONNECT proxy, and Microsoft's SDKs configured with Microsoft's real URLs, routed through that proxy and trusting
 * only the printed CA. Nothing here uses the testkit's internal wiring.
 */
final class Routed implements AutoCloseable {
    static final String DOMAIN = "contoso.onmicrosoft.com";
    static final String GRAPH = "https://graph.microsoft.com/v1.0";
    static final String SCOPE = "https://graph.microsoft.com/.default";
    private static final MediaType JSON = MediaType.get("application/json");

    final FakeGraphTenant fake;
    final Proxy proxy;
    final HandshakeCertificates trust;
    final OkHttpClient http;

    private Routed(FakeGraphTenant fake, Proxy proxy) {
        this.fake = fake;
        this.proxy = proxy;
        this.trust = new HandshakeCertificates.Builder().addTrustedCertificate(fake.caCertificate()).build();
        this.http = new OkHttpClient.Builder().proxy(proxy)
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
    }

    static Routed start() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FakeGraphTenant fake = FakeGraphServer.start(new String[] {"--port", "0", "--proxy-port", "0",
                "--domain", DOMAIN}, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("Proxy:\\s+http://127\\.0\\.0\\.1:(\\d+)").matcher(printed);
        assertTrue(m.find(), printed);
        return new Routed(fake, new Proxy(Proxy.Type.HTTP,
                new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)))));
    }

    FakeApp app(String... roles) {
        return fake.registerApp(AppRegistration.builder().roles(roles).build());
    }

    /** azure-identity with its default authority host (login.microsoftonline.com) + the Graph SDK's default URL. */
    GraphServiceClient graph(FakeApp app) {
        ClientSecretCredential credential = new ClientSecretCredentialBuilder()
                .tenantId(DOMAIN).clientId(app.clientId()).clientSecret(app.clientSecret())
                .httpClient(new OkHttpAsyncHttpClientBuilder(http).build()).build();
        return new GraphServiceClient(new AzureIdentityAuthenticationProvider(credential, new String[0], SCOPE),
                GraphClientFactory.create().proxy(proxy)
                        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build());
    }

    ConfidentialClientApplication msal(FakeApp app, String authority) throws Exception {
        return ConfidentialClientApplication.builder(app.clientId(),
                ClientCredentialFactory.createFromSecret(app.clientSecret()))
                .authority(authority).proxy(proxy).sslSocketFactory(trust.sslSocketFactory()).build();
    }

    /** A token through MSAL4J with the real authority and validation on. */
    String token(FakeApp app) throws Exception {
        return msal(app, "https://login.microsoftonline.com/" + DOMAIN + "/")
                .acquireToken(ClientCredentialParameters.builder(Set.of(SCOPE)).build()).get().accessToken();
    }

    Resp call(String method, String url, @Nullable String token, @Nullable String json, String... headers)
            throws Exception {
        Request.Builder b = new Request.Builder().url(url.startsWith("https://") ? url : GRAPH + url);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, json == null ? null : RequestBody.create(json, JSON));
        try (Response r = http.newCall(b.build()).execute()) {
            return new Resp(r.code(), r.body() == null ? "" : r.body().string(), r.header("Content-Type"));
        }
    }

    record Resp(int status, String body, @Nullable String contentType) {
        JsonElement json() {
            return JsonParser.parseString(body);
        }

        String errorCode() {
            return json().getAsJsonObject().getAsJsonObject("error").get("code").getAsString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    @Override
    public void close() {
        fake.close();
    }
}
