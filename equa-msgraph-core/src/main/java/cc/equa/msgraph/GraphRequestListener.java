package cc.equa.msgraph;

/**
 * Hears every request the library sends to Microsoft Graph and every throttling or backoff wait, for metrics and
 * traces (the scheduler module's {@code ObservationGraphRequestListener} turns them into Micrometer observations).
 * Set it with {@link MicrosoftIntegration.Builder#requestListener(GraphRequestListener)}; without one the library
 * installs no hook at all.
 *
 * <p>Calls come on the thread that sends the request or waits, synchronously: for one HTTP request,
 * {@link #requestStarted} and {@link #requestCompleted} are called on the same thread with no other request of that
 * thread in between, so a listener may open a scope in one and close it in the other. Keep them fast; they run on
 * the sync's path. A listener that throws never breaks a sync: the library catches whatever it throws (errors,
 * {@link StackOverflowError} and checked exceptions thrown sneakily included; only {@link OutOfMemoryError} and the
 * JVM's other fatal {@link VirtualMachineError}s go on up) and logs one warning (the exception's type only) per
 * integration.
 *
 * <p>Events carry no id, address, query string or token: a resource is a template such as
 * {@code /groups/{id}/members/$ref}, safe as a low-cardinality metric tag.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface GraphRequestListener {

    /**
     * A request was answered or failed without an answer: an HTTP request to Graph
     * ({@link GraphRequestEvent.Kind#REQUEST}, a {@code $batch} included), or one request inside a {@code $batch}
     * ({@link GraphRequestEvent.Kind#BATCH_ITEM}, reported after the {@code $batch} that carried it).
     *
     * @param event what was sent and how it ended
     * @since 0.2.0
     */
    void requestCompleted(GraphRequestEvent event);

    /**
     * An HTTP request to Graph is about to be sent; {@link #requestCompleted} follows on the same thread. Not called
     * for requests inside a {@code $batch}. Default: nothing.
     *
     * @param method the HTTP method, such as {@code GET}
     * @param resource the resource template, such as {@code /groups/{id}/members}
     * @since 0.2.0
     */
    default void requestStarted(String method, String resource) {
    }

    /**
     * The library is about to wait before sending again: Graph asked it to ({@code Retry-After}), a transient failure
     * is being backed off, or the write pacer holds writes back to stay inside Graph's write quota.
     * {@link #waitEnded} follows on the same thread. Default: nothing.
     *
     * @param wait why and how long
     * @since 0.2.0
     */
    default void waitStarted(GraphWait wait) {
    }

    /**
     * The wait announced by {@link #waitStarted} is over (or was interrupted). Default: nothing.
     *
     * @param wait the same wait
     * @since 0.2.0
     */
    default void waitEnded(GraphWait wait) {
    }
}
