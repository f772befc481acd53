package cc.equa.msgraph.testkit;

import cc.equa.msgraph.testkit.internal.SeedLoader;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Standalone mode: run the fake tenant as a process, for manual exploration with curl or for non-JVM clients.
 *
 * <pre>
 * java -cp "equa-msgraph-testkit.jar:..." cc.equa.msgraph.testkit.FakeGraphServer \
 *      --port 8443 --seed seed.json --ca-file /tmp/fake-graph-ca.pem [--proxy-port 8888]
 * </pre>
 *
 * <p>With {@code --proxy-port} it also runs an HTTPS ({@code CONNECT}) proxy on the loopback interface that tunnels
 * {@code login.microsoftonline.com}, {@code graph.microsoft.com} and their aliases to the fake, for clients that
 * hard-code Microsoft's URLs; the fake's certificate names those hosts, so trusting the CA file is enough.
 *
 * <p>Without {@code --seed} (or with a seed that has no {@code apps}) it registers the app
 * {@value #DEFAULT_CLIENT_ID} with secret {@code fake-secret} (test data) and roles {@code Group.ReadWrite.All},
 * {@code User.Read.All}. See the testkit README for the seed format and a curl walk-through.
 *
 * @since 0.1.0
 */
public final class FakeGraphServer {

    /** The client id of the app registered when the seed has none. */
    public static final String DEFAULT_CLIENT_ID = "11111111-1111-1111-1111-111111111111";

    private FakeGraphServer() {
    }

    /**
     * Run until the process is stopped.
     *
     * @param args {@code [--port N] [--seed file.json] [--ca-file path] [--tenant-id GUID] [--domain name]
     *     [--proxy-port N]}
     * @throws InterruptedException if interrupted while running
     * @since 0.1.0
     */
    public static void main(String[] args) throws InterruptedException {
        FakeGraphTenant fake = start(args, System.out);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            done.countDown();
        }, "fake-graph-shutdown"));
        done.await();
    }

    /**
     * Start a fake from command-line arguments and print where it runs.
     *
     * @param args as for {@link #main}
     * @param out where to print the URLs and the CA file path
     * @return the running fake (the caller closes it)
     * @throws IllegalArgumentException on bad arguments
     * @throws UncheckedIOException if the seed can't be read or the CA file written
     * @since 0.1.0
     */
    public static FakeGraphTenant start(String[] args, PrintStream out) {
        Options options = Options.parse(args);
        try {
            Path seed = options.seed();
            String seedJson = seed == null ? "{}" : Files.readString(seed, StandardCharsets.UTF_8);
            JsonObject root = JsonParser.parseString(seedJson).getAsJsonObject();
            FakeTenantInfo info = tenantInfo(options, root);
            FakeGraphTenant fake = FakeGraphTenant.builder().port(options.port()).defaultTenant(info)
                    .hostility(SeedLoader.hostility(root)).build().start();
            List<FakeApp> apps = SeedLoader.seed(fake, seedJson);
            if (apps.isEmpty()) {
                apps = List.of(fake.registerApp(AppRegistration.builder().clientId(DEFAULT_CLIENT_ID)
                        .secret("fake-secret").roles("Group.ReadWrite.All", "User.Read.All").build()));
            }
            Path caFile = options.caFile();
            Path ca = caFile != null ? caFile : Files.createTempFile("fake-graph-ca-", ".pem");
            Files.writeString(ca, fake.caCertificatePem(), StandardCharsets.US_ASCII);
            printRunning(out, fake, ca, options.proxyPort(), info, apps);
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line: every option takes a value; the tenant options are defaults the seed's tenant overrides. */
    private record Options(int port, @Nullable Path seed, @Nullable Path caFile, @Nullable String tenantId,
            String domain, @Nullable Integer proxyPort) {

        static Options parse(String[] args) {
            int port = 8443;
            Path seed = null;
            Path caFile = null;
            String tenantId = null;
            String domain = "contoso.onmicrosoft.com";
            Integer proxyPort = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--port" -> port = Integer.parseInt(v);
                    case "--seed" -> seed = Path.of(v);
                    case "--ca-file" -> caFile = Path.of(v);
                    case "--tenant-id" -> tenantId = v;
                    case "--domain" -> domain = v;
                    case "--proxy-port" -> proxyPort = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("Unknown option " + a
                            + "; use --port, --seed, --ca-file, --tenant-id, --domain, --proxy-port");
                }
            }
            return new Options(port, seed, caFile, tenantId, domain, proxyPort);
        }
    }

    /** The default tenant: the seed's {@code tenant} id and domain win over the command line's. */
    private static FakeTenantInfo tenantInfo(Options options, JsonObject root) {
        String tenantId = options.tenantId();
        String domain = options.domain();
        if (root.has("tenant")) {
            JsonObject t = root.getAsJsonObject("tenant");
            if (t.has("id")) {
                tenantId = t.get("id").getAsString();
            }
            if (t.has("domain")) {
                domain = t.get("domain").getAsString();
            }
        }
        return tenantId != null ? new FakeTenantInfo(tenantId, domain) : FakeTenantInfo.withDomain(domain);
    }

    /**
     * Say where the fake runs. The proxy starts between the CA line and the tenant line: one that can't start closes
     * the fake, and the lines printed by then say which fake it was.
     */
    private static void printRunning(PrintStream out, FakeGraphTenant fake, Path ca, @Nullable Integer proxyPort,
            FakeTenantInfo info, List<FakeApp> apps) throws IOException {
        out.println("Fake Microsoft Graph tenant is running.");
        out.println("Authority: " + fake.authorityHost());
        out.println("Graph:     " + fake.graphEndpoint() + "/v1.0");
        out.println("CA PEM:    " + ca.toAbsolutePath());
        if (proxyPort != null) {
            int p = startProxy(fake, proxyPort);
            out.println("Proxy:     http://127.0.0.1:" + p + " (tunnels login.microsoftonline.com, "
                    + "graph.microsoft.com and their aliases to this fake)");
        }
        out.println("Tenant:    " + info.tenantId() + " (" + info.domain() + ")");
        out.println("Profile:   " + (fake.hostility() == Hostility.DEFAULT ? "default" : "realistic, seed "
                + fake.hostility().seed()));
        for (FakeApp app : apps) {
            out.println("App:       " + app.clientId() + " roles=" + app.roles());
        }
        out.flush();
    }

    private static int startProxy(FakeGraphTenant fake, int port) throws IOException {
        try {
            return fake.engine().startProxy(port);
        } catch (IOException e) {
            fake.close();
            throw e;
        }
    }
}
