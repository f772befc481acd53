package cc.equa.msgraph.testkit;

import cc.equa.msgraph.testkit.internal.Engine;
import cc.equa.msgraph.testkit.internal.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every request the fake received, in order: token requests, Graph requests and each {@code $batch} item. It keeps
 * no secrets, tokens or {@code Authorization} headers; instead each call names the app and tenant it came from.
 *
 * @since 0.1.0
 */
public final class RequestJournal {
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PATCH", "PUT", "DELETE");
    // Graph actions that are POSTs but only read (directoryobject-getbyids, directoryobject-getmembergroups, ...).
    private static final Set<String> READ_ACTIONS = Set.of("getbyids", "getmembergroups", "getmemberobjects",
            "checkmembergroups", "checkmemberobjects", "validateproperties");

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
     * Return the Graph calls (wire requests and batch items) with this method and path pattern.
     *
     * <p>The glob grammar (shared with {@link FaultRule}): a pattern is split on {@code /} into segments and matched
     * against the request's decoded path segments, case-insensitively. {@code *} matches exactly one whole segment;
     * {@code **} matches any number of segments, none included, so {@code /**} matches every path and
     * {@code /groups/**} matches {@code /groups} as well as {@code /groups/{id}/members/$ref}. There are no partial
     * wildcards: {@code /mem*} is the literal segment {@code mem*}. A pattern that does not start with {@code /v1.0/}
     * is matched both as written and relative to {@code /v1.0}, so {@code /groups/*} matches
     * {@code /v1.0/groups/{id}}. The query string is never part of the match. Only Graph calls are matched (wire
     * requests, the outer {@code $batch} included, and each {@code $batch} item), never token or metadata requests:
     * count those with {@link #tokenRequests()} or {@link #calls(Predicate)}.
     *
     * @param method the method, or {@code *}
     * @param pathPattern the pattern, such as {@code /groups/ * /members/$ref} (without spaces)
     * @return the matching calls
     * @since 0.1.0
     */
    public List<RecordedCall> calls(String method, String pathPattern) {
        String m = method.toUpperCase(Locale.ROOT);
        return calls(c -> (c.kind() == RecordedCall.Kind.GRAPH || c.kind() == RecordedCall.Kind.BATCH_ITEM)
                && (m.equals("*") || c.method().equals(m))
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
     * Return the directory writes the fake received, oldest first: every {@code POST}, {@code PATCH}, {@code PUT}
     * and {@code DELETE} Graph request and {@code $batch} item, whatever it was answered. Not included: the outer
     * {@code POST /$batch} envelope (its items are listed instead), token and metadata requests, and Graph's
     * read-only {@code POST} actions ({@code getByIds}, {@code getMemberGroups}, {@code getMemberObjects},
     * {@code checkMemberGroups}, {@code checkMemberObjects}, {@code validateProperties}).
     *
     * <p>Typical use: {@code assertThat(fake.journal().writes()).isEmpty()} after an operation that must not write.
     *
     * @return the writes, oldest first
     * @since 0.2.0
     */
    public List<RecordedCall> writes() {
        return calls(RequestJournal::isWrite);
    }

    static boolean isWrite(RecordedCall c) {
        if (c.kind() != RecordedCall.Kind.GRAPH && c.kind() != RecordedCall.Kind.BATCH_ITEM) {
            return false;
        }
        if (!WRITE_METHODS.contains(c.method())) {
            return false;
        }
        String path = c.path().toLowerCase(Locale.ROOT);
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !(c.kind() == RecordedCall.Kind.GRAPH && last.equals("$batch")) && !READ_ACTIONS.contains(last);
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
