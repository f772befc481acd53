package cc.equa.msgraph.testkit.internal;

/**
 * The identity platform's endpoints as the {@link Engine} routes them: the token endpoint, OpenID discovery, MSAL
 * instance discovery and the signing keys. {@link Identity} decides each answer; this class turns it into a
 * {@link GraphResult} with Entra's response headers and tells the exchange, for the journal, which client and tenant
 * the answer is about.
 */
final class IdentityEndpoints {
    private final Identity identity;

    IdentityEndpoints(Identity identity) {
        this.identity = identity;
    }

    /**
     * Answer an identity request.
     *
     * @param authority the fake's authority root ({@code https://localhost:PORT/})
     */
    GraphResult answer(Exchange x, String authority) {
        return x.kind == Exchange.Kind.TOKEN ? token(x, authority) : metadata(x, authority);
    }

    /** The token endpoint only takes POST (AADSTS900561); the answer names the real client and tenant. */
    private GraphResult token(Exchange x, String authority) {
        Identity.Answer a = x.method.equals("POST")
                ? identity.token(x.segments.get(0), x.body, x.headers.get("Authorization"), x.clientRequestId(),
                        x.now, x.authority(authority), x.v1Token())
                : Identity.error(405, "invalid_request", 900561, "The endpoint only accepts POST requests.",
                        x.clientRequestId(), x.now, null, null);
        GraphResult r = new GraphResult(a.status(), a.body());
        r.headers.put("Content-Type", "application/json; charset=utf-8");
        r.headers.put("Cache-Control", "no-store, no-cache");
        x.app = a.clientId();
        x.tenant = a.tenantId();
        return r;
    }

    private GraphResult metadata(Exchange x, String authority) {
        Identity.Answer a = switch (x.kind) {
            case DISCOVERY -> identity.discovery(x.segments.get(0), x.authority(authority), x.clientRequestId(),
                    x.now);
            case DISCOVERY_V1 -> identity.discoveryV1(x.segments.get(0), x.authority(authority),
                    x.clientRequestId(), x.now);
            case INSTANCE_DISCOVERY -> identity.instanceDiscovery(x.url.queryParameter("authorization_endpoint"),
                    x.clientRequestId(), x.now);
            default -> identity.keys(x.segments.get(0), x.clientRequestId(), x.now);
        };
        GraphResult r = new GraphResult(a.status(), a.body());
        r.headers.put("Content-Type", "application/json; charset=utf-8");
        x.tenant = a.tenantId();
        return r;
    }
}
