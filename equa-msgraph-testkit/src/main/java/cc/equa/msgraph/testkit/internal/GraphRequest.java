package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.Hostility;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** A Graph request (wire or batch item), path relative to /v1.0. */
final class GraphRequest {
    /** Graph's global host: a request addressed to it (routed to the fake) gets links to it back. */
    static final String GRAPH_HOST = "graph.microsoft.com";

    public final String method;
    /** Decoded segments after {@code v1.0}. */
    public final List<String> segments;
    /** Encoded path after {@code /v1.0}, e.g. {@code /groups}. */
    public final String encodedPath;
    public final HttpUrl url;
    public final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    public final @Nullable String body;
    public final String requestId;
    public final boolean batchItem;
    /** The hostility in force when the request is executed (set by {@link GraphExecution}). */
    public Hostility hostility = Hostility.DEFAULT;

    public GraphRequest(String method, HttpUrl url, Map<String, String> headers, @Nullable String body,
            String requestId, boolean batchItem) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.url = url;
        List<String> segs = url.pathSegments();
        this.segments = segs.size() > 0 && "v1.0".equals(segs.get(0)) ? segs.subList(1, segs.size()) : segs;
        String ep = url.encodedPath();
        this.encodedPath = ep.startsWith("/v1.0") ? ep.substring(5) : ep;
        this.headers.putAll(headers);
        this.body = body;
        this.requestId = requestId;
        this.batchItem = batchItem;
    }

    public @Nullable String header(String name) {
        return headers.get(name);
    }

    public @Nullable String clientRequestId() {
        return headers.get("client-request-id");
    }

    /**
     * The root for links in an answer: {@code https://graph.microsoft.com} when the client addressed Graph's real
     * host (as Graph's own links do), else the fake's root.
     */
    String root(String fakeRoot) {
        String host = headers.get("Host");
        return host != null && (host.equalsIgnoreCase(GRAPH_HOST) || host.equalsIgnoreCase(GRAPH_HOST + ":443"))
                ? "https://" + GRAPH_HOST : fakeRoot;
    }

    public String fullPath() {
        return "/v1.0/" + String.join("/", segments);
    }

    public boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }
}
