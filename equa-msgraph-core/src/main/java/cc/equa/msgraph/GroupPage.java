package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of groups from {@link OrganizationIntegration#groups(GroupQuery)}.
 *
 * @param groups the groups on this page, in Graph's order (copied; may be empty even when more pages follow)
 * @param nextPageToken an opaque token for the next page, or {@code null} on the last page; hand it back unchanged
 *     through {@link GroupQuery#page(String)}. It is safe to give to a browser: it holds no credential, and the
 *     library accepts back only tokens that point at the organization's own Graph endpoint
 * @since 0.1.0
 */
public record GroupPage(List<GroupInfo> groups, @Nullable String nextPageToken) {

    /**
     * Copy the list.
     *
     * @param groups the groups on this page, in Graph's order (copied; may be empty even when more pages follow)
     * @param nextPageToken an opaque token for the next page, or {@code null} on the last page; hand it back unchanged through {@link GroupQuery#page(String)}. It is safe to give to a browser: it holds no credential, and the library accepts back only tokens that point at the organization's own Graph endpoint
     */
    public GroupPage {
        groups = List.copyOf(Objects.requireNonNull(groups, "'groups' must not be null"));
    }

    /**
     * Return the next page's token, if there is a next page.
     *
     * @return the token
     * @since 0.1.0
     */
    public Optional<String> nextPageTokenIfAny() {
        return Optional.ofNullable(nextPageToken);
    }

    /**
     * Tell whether there is a next page.
     *
     * @return true if {@link #nextPageTokenIfAny()} is present
     * @since 0.1.0
     */
    public boolean hasNextPage() {
        return nextPageToken != null;
    }

    /**
     * Return the component {@code nextPageToken}: an opaque token for the next page, or {@code null} on the last page.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #nextPageTokenIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String nextPageToken() {
        return nextPageToken;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
