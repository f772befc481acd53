package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.testkit.internal.SdkWiring;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;

/**
 * What MSAL asks before its first token (instance discovery, the tenant's OpenID configuration), asked of the fake
 * under Microsoft's own host names, and MSAL4J itself signing in with its real authority URL and authority
 * validation on (its default; no {@code disableInstanceDiscovery}).
 */
class InstanceDiscoveryTest {
    private static final String TENANT = "contoso.onmicrosoft.com";

    @Test
    void msal4jWithTheRealAuthorityAndValidationOnGetsATokenFromTheStandaloneFake() throws Exception {
        MsalCaches.forgetInstanceDiscovery();
        try (Standalone s = Standalone.start()) {
            ConfidentialClientApplication app = ConfidentialClientApplication.builder(FakeGraphServer.DEFAULT_CLIENT_ID,
                    ClientCredentialFactory.createFromSecret("fake-secret"))
                    .authority("https://login.microsoftonline.com/" + TENANT + "/")
                    .proxy(s.proxy).sslSocketFactory(s.trust.sslSocketFactory()).build();
            IAuthenticationResult token = app.acquireToken(ClientCredentialParameters
                    .builder(Set.of("https://graph.microsoft.com/.default")).build()).get();
            assertFalse(token.accessToken().isEmpty());

            List<RecordedCall> calls = s.fake.journal().calls();
            // MSAL4J asks instance discovery, trusts the answer for the tenant's host, and posts to the token endpoint
            assertEquals(List.of("GET /common/discovery/instance 200", "POST /" + TENANT + "/oauth2/v2.0/token 200"),
                    calls.stream().map(c -> c.method() + " " + c.path() + " " + c.status()).toList());
            assertTrue(calls.stream().allMatch(c -> c.header("Host").orElse("").equals("login.microsoftonline.com")),
                    calls.toString());
        }
    }

    @Test
    void instanceDiscoveryAnswersInEntrasShapeWithThePublicCloudsAliases() throws Exception {
        try (Standalone s = Standalone.start()) {
            for (String path : List.of("/common/discovery/instance", "/" + TENANT + "/discovery/instance")) {
                JsonObject o = s.getJson("https://login.microsoftonline.com" + path
                        + "?api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2F" + TENANT
                        + "%2Foauth2%2Fv2.0%2Fauthorize", 200);
                assertEquals("https://login.microsoftonline.com/" + TENANT + "/v2.0/.well-known/openid-configuration",
                        o.get("tenant_discovery_endpoint").getAsString());
                assertEquals("1.1", o.get("api-version").getAsString());
                JsonObject publicCloud = o.getAsJsonArray("metadata").get(0).getAsJsonObject();
                assertEquals("login.microsoftonline.com", publicCloud.get("preferred_network").getAsString());
                assertEquals("login.windows.net", publicCloud.get("preferred_cache").getAsString());
                assertEquals(List.of("login.microsoftonline.com", "login.windows.net", "login.microsoft.com",
                        "sts.windows.net"), strings(publicCloud.getAsJsonArray("aliases")));
            }
            // an authority that is no Microsoft cloud: MSAL refuses to sign in on this answer
            JsonObject unknown = s.getJson("https://login.microsoftonline.com/common/discovery/instance"
                    + "?api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.example.org%2F" + TENANT
                    + "%2Foauth2%2Fv2.0%2Fauthorize", 400);
            assertEquals("invalid_instance", unknown.get("error").getAsString());
            assertTrue(unknown.get("error_description").getAsString().startsWith("AADSTS50049: "), unknown.toString());
            // nor is the fake's own address a Microsoft cloud
            assertEquals("invalid_instance", s.getJson("https://login.microsoftonline.com/common/discovery/instance"
                    + "?api-version=1.1&authorization_endpoint=https%3A%2F%2Flocalhost%3A" + s.fake.port() + "%2F"
                    + TENANT + "%2Foauth2%2Fv2.0%2Fauthorize", 400).get("error").getAsString());
        }
    }

    @Test
    void openIdConfigurationNamesTheHostTheClientAddressed() throws Exception {
        try (Standalone s = Standalone.start()) {
            String tid = s.fake.defaultTenant().tenantId();
            JsonObject real = s.getJson("https://login.microsoftonline.com/" + TENANT
                    + "/v2.0/.well-known/openid-configuration", 200);
            assertEquals("https://login.microsoftonline.com/" + tid + "/oauth2/v2.0/token",
                    real.get("token_endpoint").getAsString());
            assertEquals("https://login.microsoftonline.com/" + tid + "/v2.0", real.get("issuer").getAsString());
            JsonObject alias = s.getJson("https://login.windows.net/" + TENANT
                    + "/v2.0/.well-known/openid-configuration", 200);
            assertEquals("https://login.windows.net/" + tid + "/oauth2/v2.0/token",
                    alias.get("token_endpoint").getAsString());
            JsonObject own = s.getJson(s.fake.authorityHost() + TENANT + "/v2.0/.well-known/openid-configuration",
                    200);
            assertEquals(s.fake.authorityHost() + tid + "/oauth2/v2.0/token", own.get("token_endpoint").getAsString());
        }
    }

    @Test
    void theProxyTunnelsOnlyMicrosoftsHostsAndTheFake() throws Exception {
        try (Standalone s = Standalone.start()) {
            InetSocketAddress proxy = (InetSocketAddress) s.proxy.address();
            assertEquals("HTTP/1.1 403", connect(proxy, "example.org:443"));
            assertEquals("HTTP/1.1 403", connect(proxy, "graph.microsoft.com:8443"));
            assertEquals("HTTP/1.1 200", connect(proxy, "graph.microsoft.com:443"));
            assertEquals("HTTP/1.1 200", connect(proxy, "localhost:" + s.fake.port()));
        }
    }

    /** The status line the proxy answers a CONNECT with. */
    private static String connect(InetSocketAddress proxy, String target) throws Exception {
        try (Socket socket = new Socket(proxy.getAddress(), proxy.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new String(head, 0, n, StandardCharsets.US_ASCII);
        }
    }

    private static List<String> strings(JsonArray a) {
        return a.asList().stream().map(e -> e.getAsString()).toList();
    }

    /** The standalone fake with its proxy, and an OkHttp client routed through it that trusts the printed CA. */
    record Standalone(FakeGraphTenant fake, Proxy proxy, HandshakeCertificates trust, OkHttpClient http)
            implements AutoCloseable {
        static Standalone start() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FakeGraphTenant fake = FakeGraphServer.start(new String[] {"--port", "0", "--proxy-port", "0"},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("Proxy:\\s+http://127\\.0\\.0\\.1:(\\d+)").matcher(out.toString(
                    StandardCharsets.UTF_8));
            assertTrue(m.find(), out.toString(StandardCharsets.UTF_8));
            Proxy proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))));
            HandshakeCertificates trust = SdkWiring.trust(fake);
            OkHttpClient http = new OkHttpClient.Builder().proxy(proxy)
                    .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
            return new Standalone(fake, proxy, trust, http);
        }

        JsonObject getJson(String url, int status) throws Exception {
            try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
                String body = r.body().string();
                assertEquals(status, r.code(), url + " -> " + body);
                return JsonParser.parseString(body).getAsJsonObject();
            }
        }

        @Override
        public void close() {
            fake.close();
        }
    }

}
