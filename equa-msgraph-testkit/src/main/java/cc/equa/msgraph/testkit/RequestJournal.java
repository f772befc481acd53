package cc.equa.msgraph.testkit;

import cc.equa.msgraph.testkit.internal.Engine;
import cc.equa.msgraph.testkit.internal.Paths;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Every request the fake received, in order: token requests, Graph requests and each {@code $batch} item. It keeps
 * no secrets, tokens or {@code Authorization} headers; instead each call names the app and tenant it came from.
 *
 * @since 0.1.0
 */
public final class RequestJournal {
    private final Engine engine;

    RequestJournal(Engine engine) {
        this.engine = engine;
    }

    /**
     * Return a snapshot of all calls.
     *
     * @return the calls, oldest first
     * @since 0.1.0
     */
    public List<RecordedCall> calls() {
        return engine.journal();
    }

    /**
     * Return the calls matching a predicate.
     *
     * @param filter the predicate
     * @return the matching calls
     * @since 0.1.0
     */
    public List<RecordedCall> calls(Predicate<RecordedCall> filter) {
        return calls().stream().filter(filter).toList();
    }

    /**
     * Return the Graph calls (wire requests and batch items) with this method and path pattern (same globs as
     * {@link FaultRule}, relative to {@code /v1.0}).
     *
     * @param method the method, or {@code *}
     * @param pathPattern the pattern, such as {@code /groups/ * /members/$ref} (without spaces)
     * @return the matching calls
     * @since 0.1.0
     */
    public List<RecordedCall> calls(String method, String pathPattern) {
        String m = method.toUpperCase(Locale.ROOT);
        return calls(c -> (m.equals("*") || c.method().equals(m))
                && Paths.matches(pathPattern, c.path()));
    }

    /**
     * Count the calls with this method and path pattern.
     *
     * @param method the method, or {@code *}
     * @param pathPattern the pattern
     * @return the count
     * @since 0.1.0
     */
    public int count(String method, String pathPattern) {
        return calls(method, pathPattern).size();
    }

    /**
     * Count the token requests.
     *
     * @return the number of {@code POST /{tenant}/oauth2/v2.0/token} requests
     * @since 0.1.0
     */
    public int tokenRequests() {
        return calls(c -> c.kind() == RecordedCall.Kind.TOKEN).size();
    }

    /**
     * Forget every call.
     *
     * @since 0.1.0
     */
    public void clear() {
        engine.clearJournal();
    }
}
