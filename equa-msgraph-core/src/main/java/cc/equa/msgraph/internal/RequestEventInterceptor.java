package cc.equa.msgraph.internal;

import cc.equa.msgraph.GraphRequestEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Report every HTTP request to Graph to the host's listener: method, resource template, status or why there was no
 * answer, time taken. Installed only when there is a listener; placed inside the token renewal, so a request refused
 * with 401 and sent again shows as two requests, the second a retry.
 */
final class RequestEventInterceptor implements Interceptor {

    /**
     * Path segments kept as they are; every other segment is an id, an address or a key and becomes {@code {id}}.
     * A closed list, so nothing the directory holds can reach a metric tag.
     */
    private static final Set<String> WORDS = Set.of("groups", "users", "members", "owners", "transitivemembers",
            "memberof", "transitivememberof", "$ref", "$batch", "$count", "$value", "delta", "directoryobjects",
            "getbyids", "serviceprincipals", "applications", "organization", "approleassignments",
            "approleassignedto", "oauth2permissiongrants", "me", "checkmembergroups", "checkmemberobjects",
            "getmembergroups", "getmemberobjects", "validateproperties", "team", "domains", "subscribedskus",
            "microsoft.graph.user", "microsoft.graph.group", "microsoft.graph.serviceprincipal",
            "microsoft.graph.delta", "microsoft.graph.getbyids", "microsoft.graph.checkmemberobjects");
    private static final Set<String> VERSIONS = Set.of("v1.0", "beta");
    /** A key segment such as {@code servicePrincipals(appId='…')}: the word stays, the key goes. */
    private static final Pattern KEYED = Pattern.compile("([A-Za-z.]+)\\(.*\\)");

    private final RequestEvents events;

    RequestEventInterceptor(RequestEvents events) {
        this.events = events;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String method = request.method();
        String resource = template(request.url().pathSegments());
        boolean retry = events.currentRetry() || request.tag(TokenRenewal.Replay.class) != null;
        int items = resource.equals("/$batch") ? events.currentBatchItems() : 0;
        events.started(method, resource);
        long start = System.nanoTime();
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException | RuntimeException e) {
            events.completed(new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST, method, resource, 0, failure(e),
                    Duration.ofNanos(System.nanoTime() - start), items, retry));
            throw e;
        }
        events.completed(new GraphRequestEvent(GraphRequestEvent.Kind.REQUEST, method, resource, response.code(),
                GraphRequestEvent.Failure.NONE, Duration.ofNanos(System.nanoTime() - start), items, retry));
        return response;
    }

    /**
     * Return the low-cardinality template of a Graph path: the version dropped, every segment that is not one of
     * Graph's resource words replaced by {@code {id}}.
     *
     * @param segments the decoded path segments
     * @return the template, such as {@code /groups/{id}/members/$ref}
     */
    static String template(List<String> segments) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (i == 0 && VERSIONS.contains(s) || s.isEmpty()) {
                continue;
            }
            out.append('/');
            String lower = s.toLowerCase(Locale.ROOT);
            java.util.regex.Matcher keyed = KEYED.matcher(s);
            if (WORDS.contains(lower)) {
                out.append(s);
            } else if (keyed.matches() && WORDS.contains(keyed.group(1).toLowerCase(Locale.ROOT))) {
                out.append(keyed.group(1)).append("({key})");
            } else {
                out.append("{id}");
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static GraphRequestEvent.Failure failure(Exception e) {
        if (e instanceof SSLException) {
            return GraphRequestEvent.Failure.TLS;
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException) {
            return GraphRequestEvent.Failure.CONNECTION;
        }
        if (e instanceof InterruptedIOException) {
            return GraphRequestEvent.Failure.TIMEOUT;
        }
        return GraphRequestEvent.Failure.NO_ANSWER;
    }
}
