package cc.equa.msgraph.testkit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test helper: plain JDK HTTP against a fake, trusting its CA, to check wire shapes. */
final class Http {
    final FakeGraphTenant fake;
    final HttpClient client;

    Http(FakeGraphTenant fake) {
        this.fake = fake;
        this.client = HttpClient.newBuilder().sslContext(sslContext(fake.caCertificate()))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    static SSLContext sslContext(X509Certificate ca) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("fake-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Resp(int status, String body, HttpResponse<String> raw) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        String errorCode() {
            return json().getAsJsonObject("error").get("code").getAsString();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Resp send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Resp token(String tenant, String form) {
        return send(HttpRequest.newBuilder(URI.create(fake.authorityHost() + tenant + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    String accessToken(FakeApp app) {
        Resp r = token(app.tenantId(), form("grant_type", "client_credentials", "client_id", app.clientId(),
                "client_secret", app.clientSecret(), "scope", "https://graph.microsoft.com/.default"));
        if (r.status() != 200) {
            throw new IllegalStateException("token request failed: " + r.body());
        }
        return r.json().get("access_token").getAsString();
    }

    static String form(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** A Graph request; {@code pathAndQuery} is relative to /v1.0 and already encoded. */
    Resp graph(String method, String pathAndQuery, String bearer, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.graphEndpoint() + "/v1.0" + pathAndQuery));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b);
    }

    Resp get(String pathAndQuery, String bearer, String... headers) {
        return graph("GET", pathAndQuery, bearer, null, headers);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
