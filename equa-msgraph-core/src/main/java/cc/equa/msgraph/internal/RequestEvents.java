package cc.equa.msgraph.internal;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's {@link GraphRequestListener}, made safe to call from the sync's path: whatever it throws (but the
 * errors of a failing JVM, such as {@link OutOfMemoryError}) is caught and logged once (its type only: a message may
 * hold anything). Without a listener every method returns at once and no interceptor is installed
 * ({@link #enabled()}), so the hook costs nothing when absent.
 *
 * <p>Graph calls run synchronously on the caller's thread, so what the HTTP interceptor cannot see — that a request
 * repeats an earlier one, how many items a {@code $batch} carries — is handed to it through a thread-local context
 * set by the retry layer and the batch runner around the call.
 */
public final class RequestEvents {

    /** No listener. */
    public static final RequestEvents NONE = new RequestEvents(null);

    private static final Logger LOG = LoggerFactory.getLogger(RequestEvents.class);

    /** This thread's pending context: {retry of the call, retry of the batch, items of the batch}. */
    private static final ThreadLocal<int[]> CONTEXT = ThreadLocal.withInitial(() -> new int[3]);

    private final @Nullable GraphRequestListener listener;
    private final AtomicBoolean warned = new AtomicBoolean();

    private RequestEvents(@Nullable GraphRequestListener listener) {
        this.listener = listener;
    }

    /**
     * Wrap a listener.
     *
     * @param listener the host's listener, or null for none
     * @return the events
     */
    public static RequestEvents of(@Nullable GraphRequestListener listener) {
        return listener == null ? NONE : new RequestEvents(listener);
    }

    /**
     * Tell whether a listener hears the events.
     *
     * @return true with a listener
     */
    public boolean enabled() {
        return listener != null;
    }

    /**
     * Mark the requests this thread sends next as a repeat (or not) of an earlier call, until marked again.
     *
     * @param retry whether they repeat an earlier call
     * @return whether they were marked as a repeat before, to restore afterwards
     */
    public boolean markCallRetry(boolean retry) {
        if (listener == null) {
            return false;
        }
        int[] c = CONTEXT.get();
        boolean before = c[0] != 0;
        c[0] = retry ? 1 : 0;
        return before;
    }

    /**
     * Tell the interceptor about the {@code $batch} this thread is about to send.
     *
     * @param items the requests it carries; 0 once it was sent
     * @param retry whether any of them was sent before
     */
    public void markBatch(int items, boolean retry) {
        if (listener == null) {
            return;
        }
        int[] c = CONTEXT.get();
        c[1] = retry ? 1 : 0;
        c[2] = items;
    }

    /**
     * Return whether the request this thread is sending repeats an earlier one.
     *
     * @return true for a repeat
     */
    boolean currentRetry() {
        int[] c = CONTEXT.get();
        return c[0] != 0 || c[1] != 0;
    }

    /**
     * Return the items of the {@code $batch} this thread is sending.
     *
     * @return the items, or 0
     */
    int currentBatchItems() {
        return CONTEXT.get()[2];
    }

    /**
     * Report that an HTTP request is about to be sent.
     *
     * @param method the method
     * @param resource the resource template
     */
    public void started(String method, String resource) {
        if (listener != null) {
            try {
                listener.requestStarted(method, resource);
            } catch (Throwable e) {
                contain(e);
            }
        }
    }

    /**
     * Report a completed request.
     *
     * @param event the event
     */
    public void completed(GraphRequestEvent event) {
        if (listener != null) {
            try {
                listener.requestCompleted(event);
            } catch (Throwable e) {
                contain(e);
            }
        }
    }

    /**
     * Report that a wait starts.
     *
     * @param wait the wait
     */
    public void waitStarted(GraphWait wait) {
        if (listener != null) {
            try {
                listener.waitStarted(wait);
            } catch (Throwable e) {
                contain(e);
            }
        }
    }

    /**
     * Report that a wait ended.
     *
     * @param wait the wait
     */
    public void waitEnded(GraphWait wait) {
        if (listener != null) {
            try {
                listener.waitEnded(wait);
            } catch (Throwable e) {
                contain(e);
            }
        }
    }

    /**
     * Contain what a listener threw: every {@link Throwable} — an {@link AssertionError}, a {@link StackOverflowError}
     * (the listener's own stack unwound by the time it arrives here), a checked exception thrown sneakily (Kotlin,
     * Lombok's {@code @SneakyThrows}), which would otherwise pass the HTTP interceptor as an {@code IOException} and
     * be taken for a network failure — is logged and dropped, so the sync goes on. Only the other
     * {@link VirtualMachineError}s ({@link OutOfMemoryError}, {@link InternalError}, {@link UnknownError}) go on
     * up: they say the JVM itself is failing, whoever met it first, and the host must hear of that, not a log line.
     * A listener's {@link InterruptedException} keeps the thread's interrupt, as every swallower must.
     */
    private void contain(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        warn(e);
    }

    private void warn(Throwable e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("The Graph request listener {} threw {}; the sync goes on and further failures of the listener"
                    + " are logged at DEBUG only", listener == null ? "" : listener.getClass().getName(),
                    e.getClass().getName());
        } else {
            LOG.debug("The Graph request listener threw {}", e.getClass().getName());
        }
    }
}
