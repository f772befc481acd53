package cc.equa.msgraph.testkit.internal;

/** Thrown inside request handling to answer with a Graph error. */
final class GraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final int status;
    public final String code;

    public GraphException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static GraphException badRequest(String message) {
        return new GraphException(400, "Request_BadRequest", message);
    }

    public static GraphException unsupported(String message) {
        return new GraphException(400, "Request_UnsupportedQuery", message);
    }

    public static GraphException notFound(String id) {
        return new GraphException(404, "Request_ResourceNotFound", "Resource '" + id
                + "' does not exist or one of its queried reference-property objects are not present.");
    }

    public static GraphException denied() {
        return new GraphException(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.");
    }
}
