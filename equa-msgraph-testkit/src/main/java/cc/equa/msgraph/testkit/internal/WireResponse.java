package cc.equa.msgraph.testkit.internal;

import okhttp3.Headers;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * The last of the {@link Engine}'s stages: an exchange's result as the bytes on the wire. Graph answers carry
 * {@code request-id} and echo {@code client-request-id} (or repeat the request id when the client sent none);
 * identity endpoints echo {@code client-request-id} only. A result whose response is to be lost (a fault that applies
 * the request, then disconnects) becomes a dropped connection.
 */
final class WireResponse {
    private WireResponse() {
    }

    static MockResponse render(Exchange x, GraphResult result) {
        if (x.dropAfter || result.disconnect) {
            // the request was applied; the response is lost
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
        Headers.Builder hb = new Headers.Builder();
        result.headers.forEach(hb::add);
        String crid = x.clientRequestId();
        if (x.kind != Exchange.Kind.GRAPH && crid != null) {
            hb.set("client-request-id", crid);
        }
        if (x.kind == Exchange.Kind.GRAPH) {
            if (!hasHeader(result, "request-id")) {
                hb.set("request-id", x.requestId);
            }
            if (!hasHeader(result, "client-request-id")) {
                hb.set("client-request-id", crid != null ? crid : x.requestId);
            }
        }
        MockResponse resp = new MockResponse().setResponseCode(result.status).setHeaders(hb.build());
        if (result.rawBody != null) {
            resp.setBody(result.rawBody);
        } else if (result.body != null) {
            resp.setBody(result.body.toString());
        }
        return resp;
    }

    private static boolean hasHeader(GraphResult r, String name) {
        return r.headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }
}
