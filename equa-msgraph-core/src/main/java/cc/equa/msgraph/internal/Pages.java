package cc.equa.msgraph.internal;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Follow a directory-object collection (members, owners) through every {@code @odata.nextLink}, verbatim, one page in
 * memory at a time, each page through the retry layer. A next link that repeats is reported instead of looping.
 */
public final class Pages {

    private Pages() {
    }

    /**
     * Read every page.
     *
     * @param calls the retry layer
     * @param operation what is being done, for errors
     * @param permissions the permissions that allow the read, for a 403's remediation
     * @param first the request for the first page
     * @param next the request for a next link
     * @param onPage called with each non-empty page's objects
     */
    public static void directoryObjects(GraphCalls calls, String operation, List<String> permissions,
            Supplier<DirectoryObjectCollectionResponse> first,
            Function<String, DirectoryObjectCollectionResponse> next, Consumer<List<DirectoryObject>> onPage) {
        DirectoryObjectCollectionResponse page = calls.run(operation, permissions, true, first);
        String previous = null;
        while (page != null) {
            if (page.getValue() != null && !page.getValue().isEmpty()) {
                onPage.accept(page.getValue());
            }
            String link = page.getOdataNextLink();
            if (link == null || link.isBlank()) {
                return;
            }
            if (link.equals(previous)) {
                throw new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                        "Microsoft Graph returned the same next-page link twice",
                        "Retry; if it persists, report it with the log at DEBUG level."), null);
            }
            previous = link;
            page = calls.run(operation, permissions, true, () -> next.apply(link));
        }
    }
}
