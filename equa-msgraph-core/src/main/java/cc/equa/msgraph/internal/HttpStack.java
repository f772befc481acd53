package cc.equa.msgraph.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one HTTP stack of an integration: an OkHttp connection pool and dispatcher shared by the Graph client and
 * azure-identity. Certificate and host-name validation always stay on; extra trust anchors (the testkit's CA) are
 * added to the platform's, never replace them.
 */
final class HttpStack implements AutoCloseable {

    private final OkHttpClient base;
    private final RequestEvents events;

    private HttpStack(OkHttpClient base, RequestEvents events) {
        this.base = base;
        this.events = events;
    }

    /**
     * Create the stack.
     *
     * @param extraTrust additional trust anchors
     * @param timeout the per-request timeout
     * @return the stack
     */
    public static HttpStack create(List<X509Certificate> extraTrust, Duration timeout) {
        return create(extraTrust, timeout, RequestEvents.NONE);
    }

    /**
     * Create the stack, reporting Graph requests to the host's listener.
     *
     * @param extraTrust additional trust anchors
     * @param timeout the per-request timeout
     * @param events where Graph requests are reported
     * @return the stack
     */
    public static HttpStack create(List<X509Certificate> extraTrust, Duration timeout, RequestEvents events) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(64);
        dispatcher.setMaxRequestsPerHost(16);
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher)
                .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .followRedirects(false)
                // before OkHttp's own 503 handling, which throws on a Retry-After beyond an int (Graph and sign-in)
                .addNetworkInterceptor(new RetryAfter.Clamp());
        if (!extraTrust.isEmpty()) {
            X509TrustManager trustManager = trustManager(extraTrust);
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trustManager}, null);
                builder.sslSocketFactory(context.getSocketFactory(), trustManager);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot set up TLS with the extra trusted certificates", e);
            }
        }
        return new HttpStack(builder.build(), events);
    }

    private static X509TrustManager trustManager(List<X509Certificate> extraTrust) {
        try {
            TrustManagerFactory platform = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            platform.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (TrustManager tm : platform.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate cert : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("platform-" + i++, cert);
                    }
                }
            }
            for (X509Certificate cert : extraTrust) {
                store.setCertificateEntry("extra-" + i++, cert);
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            for (TrustManager tm : combined.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("No X509TrustManager available");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot set up TLS with the extra trusted certificates", e);
        }
    }

    /**
     * Return the shared base client; derive per-use clients with {@code newBuilder()}.
     *
     * @return the client
     */
    public OkHttpClient base() {
        return base;
    }

    /**
     * Return where Graph requests are reported.
     *
     * @return the events
     */
    public RequestEvents events() {
        return events;
    }

    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
