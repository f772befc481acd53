package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphFailure;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Follow a directory-object collection (members, owners) through every {@code @odata.nextLink}, verbatim, one page in
 * memory at a time, each page through the retry layer. Paging is bounded: a next link seen before (a cycle A→B→A as
 * well as the same link twice in a row) or more than {@link #MAX_PAGES} pages is reported as an
 * {@link MsGraphException} with the last request-id, never followed into a hang.
 */
final class Pages {

    /**
     * The most pages one collection may take. Derivation: a tenant holds at most 300,000 directory objects by default
     * (Entra service limits, https://learn.microsoft.com/en-us/entra/identity/users/directory-service-limits-restrictions,
     * "at least one verified domain"), so no group has more members or owners than that; Graph pages members and
     * owners by {@code $top} (the library asks for 999) and never returns fewer than its default of 100 per full page.
     * 300,000 / 100 = 3,000 pages; twice that leaves room for a tenant whose quota support raised, and anything beyond
     * is a server loop, not a group.
     */
    public static final int MAX_PAGES = 6_000;

    private Pages() {
    }

    /**
     * Read every page.
     *
     * @param calls the retry layer
     * @param operation what is being done, for errors
     * @param permissions the permissions that allow the read, for a 403's remediation
     * @param graphBaseUrl the Graph endpoint every next link must point into
     * @param first the request for the first page, given an option that captures the response headers
     * @param next the request for a next link, given the link and that option
     * @param onPage called with each non-empty page's objects
     */
    public static void directoryObjects(GraphCalls calls, String operation, List<String> permissions,
            String graphBaseUrl, Function<HeadersInspectionOption, DirectoryObjectCollectionResponse> first,
            BiFunction<String, HeadersInspectionOption, DirectoryObjectCollectionResponse> next,
            Consumer<List<DirectoryObject>> onPage) {
        directoryObjects(calls, operation, permissions, graphBaseUrl, first, next, onPage, MAX_PAGES);
    }

    static void directoryObjects(GraphCalls calls, String operation, List<String> permissions, String graphBaseUrl,
            Function<HeadersInspectionOption, DirectoryObjectCollectionResponse> first,
            BiFunction<String, HeadersInspectionOption, DirectoryObjectCollectionResponse> next,
            Consumer<List<DirectoryObject>> onPage, int maxPages) {
        HeadersInspectionOption[] headers = {new HeadersInspectionOption(false, true)};
        DirectoryObjectCollectionResponse page = calls.run(operation, permissions, true,
                () -> first.apply(headers[0]));
        Set<String> seen = new HashSet<>();
        int pages = 1;
        while (page != null) {
            List<DirectoryObject> values = page.getValue();
            if (values != null && !values.isEmpty()) {
                for (DirectoryObject o : values) {
                    if (o == null || o.getId() == null || o.getId().isBlank()) {
                        throw malformed(operation, "Microsoft Graph returned a directory object without an id",
                                requestId(headers[0]));
                    }
                }
                onPage.accept(values);
            }
            String link = page.getOdataNextLink();
            if (link == null || link.isBlank()) {
                return;
            }
            if (!isUnder(link, graphBaseUrl)) {
                throw malformed(operation, "Microsoft Graph returned a next-page link outside the Graph endpoint",
                        requestId(headers[0]));
            }
            if (!seen.add(link)) {
                throw malformed(operation, "Microsoft Graph returned a next-page link it had returned before (a paging"
                        + " cycle)", requestId(headers[0]));
            }
            if (pages >= maxPages) {
                throw malformed(operation, "Microsoft Graph kept returning next-page links past " + maxPages
                        + " pages, more than any group can hold", requestId(headers[0]));
            }
            pages++;
            headers[0] = new HeadersInspectionOption(false, true);
            HeadersInspectionOption h = headers[0];
            page = calls.run(operation, permissions, true, () -> next.apply(link, h));
        }
    }

    /**
     * The exception for an answer the library cannot use: malformed, cyclic or endless.
     *
     * @param operation what is being done
     * @param reason what was wrong
     * @param requestId the request-id of the offending answer, or null
     * @return the exception
     */
    public static MsGraphException malformed(String operation, String reason, @Nullable String requestId) {
        return new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation, reason,
                "Retry; if it persists, report it to Microsoft support with the request-id.")
                .withHttp(null, GraphFailure.MALFORMED, requestId), null);
    }

    /**
     * Tell whether a next link points into the Graph endpoint (same scheme, host and port, under its path), so no
     * request ever follows a link elsewhere.
     *
     * @param link the link
     * @param graphBaseUrl the endpoint, such as {@code https://graph.microsoft.com/v1.0}
     * @return true if it does
     */
    public static boolean isUnder(String link, String graphBaseUrl) {
        String base = graphBaseUrl.endsWith("/") ? graphBaseUrl : graphBaseUrl + "/";
        return link.regionMatches(true, 0, base, 0, base.length());
    }

    private static @Nullable String requestId(HeadersInspectionOption option) {
        Set<String> values = option.getResponseHeaders().get("request-id");
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }
}
