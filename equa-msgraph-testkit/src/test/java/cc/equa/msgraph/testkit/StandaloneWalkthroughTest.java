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
