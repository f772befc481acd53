package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's curl walk-through, done with the JDK's HttpClient trusting only the printed CA file. */
class StandaloneWalkthroughTest {

    @Test
    void readmeWalkthroughGetsATokenAndListsSeededGroups(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, """
                {
                  "tenant": {"id": "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b", "domain": "contoso.onmicrosoft.com"},
                  "apps": [{"clientId": "11111111-1111-1111-1111-111111111111", "secret": "fake-secret",
                            "roles": ["Group.ReadWrite.All", "User.Read.All"]}],
                  "users": [{"mail": "ann@contoso.com", "displayName": "Ann"}],
                  "groups": [{"displayName": "Board", "mailNickname": "board", "members": ["ann@contoso.com"],
                              "owners": ["ann@contoso.com"]}]
                }
                """);
        Path ca = dir.resolve("ca.pem");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FakeGraphTenant fake = FakeGraphServer.start(new String[] {"--port", "0", "--seed", seed.toString(),
                "--ca-file", ca.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            String authority = find(printed, "Authority: (\\S+)");
            String graph = find(printed, "Graph:\\s+(\\S+)");
            Path caFile = Path.of(find(printed, "CA PEM:\\s+(\\S+)"));
            assertEquals(ca.toAbsolutePath(), caFile);

            X509Certificate caCert;
            try (InputStream in = Files.newInputStream(caFile)) {
                caCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            HttpClient http = HttpClient.newBuilder().sslContext(Http.sslContext(caCert)).build();

            // curl --cacert ca.pem -d grant_type=client_credentials -d client_id=... -d client_secret=fake-secret
            //      --data-urlencode scope=https://graph.microsoft.com/.default https://localhost:PORT/contoso.onmicrosoft.com/oauth2/v2.0/token
            String form = "grant_type=client_credentials&client_id=11111111-1111-1111-1111-111111111111"
                    + "&client_secret=fake-secret&scope="
                    + URLEncoder.encode("https://graph.microsoft.com/.default", StandardCharsets.UTF_8);
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(authority
                    + "contoso.onmicrosoft.com/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, token.statusCode());
            String accessToken = com.google.gson.JsonParser.parseString(token.body()).getAsJsonObject()
                    .get("access_token").getAsString();

            // curl --cacert ca.pem -H "Authorization: Bearer $TOKEN" https://localhost:PORT/v1.0/groups
            HttpResponse<String> groups = http.send(HttpRequest.newBuilder(URI.create(graph + "/groups"))
                    .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, groups.statusCode());
            JsonArray value = com.google.gson.JsonParser.parseString(groups.body()).getAsJsonObject()
                    .getAsJsonArray("value");
            assertEquals("Board", value.get(0).getAsJsonObject().get("displayName").getAsString());
            String groupId = value.get(0).getAsJsonObject().get("id").getAsString();
            assertEquals(1, fake.directory().memberIds(groupId).size());
            assertTrue(graph.startsWith("https://localhost:" + fake.port()));
        }
    }

    /**
     * A client built only from Microsoft's SDKs and configured with Microsoft's real URLs (authority
     * {@code https://login.microsoftonline.com/}, instance discovery on, Graph's default base URL) signs in and manages
     * users and memberships against the standalone fake. Routing is what a hosts entry would do, here by the fake's
     * proxy; trust is the printed CA file. Nothing else differs from a production client.
     */
    @Test
    void aClientWithMicrosoftsRealUrlsSignsInAndManagesUsersAndMemberships(@TempDir Path dir) throws Exception {
        MsalCaches.forgetInstanceDiscovery();
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, """
                {
                  "tenant": {"id": "6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b", "domain": "contoso.onmicrosoft.com"},
                  "apps": [{"clientId": "22222222-2222-2222-2222-222222222222", "secret": "fake-secret",
                            "roles": ["Group.ReadWrite.All", "User.ReadWrite.All"]}],
                  "users": [{"mail": "ann@contoso.com", "displayName": "Ann"},
                            {"mail": "bob@contoso.com", "displayName": "Bob"}],
                  "groups": [{"displayName": "Board", "mailNickname": "board", "members": ["ann@contoso.com"],
                              "owners": ["ann@contoso.com"]}]
                }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FakeGraphTenant fake = FakeGraphServer.start(new String[] {"--port", "0", "--seed", seed.toString(),
                "--ca-file", dir.resolve("ca.pem").toString(), "--proxy-port", "0"},
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            X509Certificate caCert;
            try (InputStream in = Files.newInputStream(Path.of(find(printed, "CA PEM:\\s+(\\S+)")))) {
                caCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            java.net.Proxy proxy = new java.net.Proxy(java.net.Proxy.Type.HTTP, new java.net.InetSocketAddress(
                    "127.0.0.1", Integer.parseInt(find(printed, "Proxy:\\s+http://127\\.0\\.0\\.1:(\\d+)"))));
            okhttp3.tls.HandshakeCertificates trust = new okhttp3.tls.HandshakeCertificates.Builder()
                    .addTrustedCertificate(caCert).build();

            // azure-identity with its defaults: authority host https://login.microsoftonline.com/, instance discovery
            // and authority validation on; only the transport is given (proxy + trust), as in a corporate network
            com.azure.identity.ClientSecretCredential credential = new com.azure.identity.ClientSecretCredentialBuilder()
                    .tenantId("contoso.onmicrosoft.com").clientId("22222222-2222-2222-2222-222222222222")
                    .clientSecret("fake-secret")
                    .httpClient(new com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder(new okhttp3.OkHttpClient
                            .Builder().proxy(proxy).sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                            .build()).build())
                    .build();
            // the Graph SDK with its default base URL https://graph.microsoft.com/v1.0 and allowed hosts
            com.microsoft.graph.serviceclient.GraphServiceClient graph =
                    new com.microsoft.graph.serviceclient.GraphServiceClient(
                            new com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider(credential,
                                    new String[0], "https://graph.microsoft.com/.default"),
                            com.microsoft.graph.core.requests.GraphClientFactory.create().proxy(proxy)
                                    .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build());

            com.microsoft.graph.models.User ann = graph.users().byUserId("ann@contoso.com").get();
            com.microsoft.graph.models.User bob = graph.users().byUserId("bob@contoso.com").get();
            com.microsoft.graph.models.User patch = new com.microsoft.graph.models.User();
            patch.setJobTitle("Treasurer");
            patch.setDepartment("Board");
            graph.users().byUserId(bob.getId()).patch(patch);
            String board = graph.groups().get(rc -> rc.queryParameters.orderby = new String[] {"displayName"})
                    .getValue().get(0).getId();
            com.microsoft.graph.models.ReferenceCreate ref = new com.microsoft.graph.models.ReferenceCreate();
            ref.setOdataId("https://graph.microsoft.com/v1.0/directoryObjects/" + bob.getId());
            graph.groups().byGroupId(board).members().ref().post(ref);
            graph.groups().byGroupId(board).members().byDirectoryObjectId(ann.getId()).ref().delete();
            var bobsGroups = graph.users().byUserId(bob.getId()).memberOf().graphGroup().get().getValue();

            assertEquals(List.of("Board"), bobsGroups.stream().map(g -> g.getDisplayName()).toList());
            assertEquals(List.of(bob.getId()), fake.directory().memberIds(board));
            assertEquals("Treasurer", graph.users().byUserId(bob.getId())
                    .get(rc -> rc.queryParameters.select = new String[] {"jobTitle"}).getJobTitle());
            // MSAL validated the authority by instance discovery before its token request
            List<String> identity = fake.journal().calls().stream().filter(c -> c.kind() != RecordedCall.Kind.GRAPH)
                    .map(c -> c.method() + " " + c.path() + " " + c.status()).toList();
            assertEquals(List.of("GET /common/discovery/instance 200",
                    "POST /contoso.onmicrosoft.com/oauth2/v2.0/token 200"), identity);
            // every call was addressed to Microsoft's hosts, not to the fake's own address
            assertTrue(fake.journal().calls().stream().allMatch(c -> c.header("Host").map(h -> h.equals(
                    "login.microsoftonline.com") || h.equals("graph.microsoft.com")).orElse(false)),
                    fake.journal().calls().toString());
            assertTrue(fake.violations().isEmpty(), fake.violations().toString());
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return m.group(1);
    }

    @Test
    void unknownOptionIsRejected() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FakeGraphServer.start(new String[] {"--nope", "x"}, new PrintStream(OutputStreamSink.INSTANCE)));
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) throws IOException {
            // discard
        }
    }
}
