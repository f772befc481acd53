package cc.equa.msgraph.internal;

import org.jspecify.annotations.Nullable;

/**
 * The request-id of the last Graph answer received on this thread. Graph calls run synchronously on the caller's
 * thread, so when an answer arrives but cannot be read (malformed JSON, wrong types) the failure can still name the
 * answer's request-id, which is what Microsoft support asks for.
 */
public final class ResponseIds {

    private static final ThreadLocal<@Nullable String> LAST = new ThreadLocal<>();

    private ResponseIds() {
    }

    /**
     * Remember an answer's request-id.
     *
     * @param requestId the id, or null
     */
    public static void record(@Nullable String requestId) {
        if (requestId == null) {
            LAST.remove();
        } else {
            LAST.set(requestId);
        }
    }

    /** Forget the last answer (before a new call). */
    public static void clear() {
        LAST.remove();
    }

    /**
     * Return the last answer's request-id.
     *
     * @return the id, or null when no answer arrived since the last {@link #clear()}
     */
    public static @Nullable String last() {
        return LAST.get();
    }
}
