package cc.equa.msgraph;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What {@link OrganizationIntegration#groups(GroupQuery)} should list: all Microsoft 365 groups, those whose name
 * starts with a prefix, those matching a word search, or the next page of an earlier listing. Immutable.
 *
 * <p>Values are checked when the query runs, before any network call: a prefix or search text must be 1–120
 * characters without control characters, a search text must not contain {@code "} or {@code \}, the page size must
 * be 1–999, and a page token must be one this library issued for the same organization. Quotes in a prefix are
 * escaped, so no input can change the query's meaning.
 *
 * <pre>{@code
 * GroupPage first = org.groups(GroupQuery.nameStartsWith("Acme").pageSize(25));
 * GroupPage second = org.groups(GroupQuery.page(first.nextPageToken()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class GroupQuery {

    /** How the groups are selected. */
    enum Mode { ALL, PREFIX, SEARCH, PAGE }

    /**
     * The default page size.
     *
     * @since 0.1.0
     */
    public static final int DEFAULT_PAGE_SIZE = 100;

    private final Mode mode;
    private final @Nullable String text;
    private final int pageSize;
    // only on a page query: it keeps its listing's size, so a size set on it is checked, never ignored
    private final boolean pageSizeGiven;
    private final boolean allGroupTypes;

    private GroupQuery(Mode mode, @Nullable String text, int pageSize, boolean pageSizeGiven, boolean allGroupTypes) {
        this.mode = mode;
        this.text = text;
        this.pageSize = pageSize;
        this.pageSizeGiven = pageSizeGiven;
        this.allGroupTypes = allGroupTypes;
    }

    /**
     * List all Microsoft 365 groups, first page.
     *
     * @return the query
     * @since 0.1.0
     */
    public static GroupQuery all() {
        return new GroupQuery(Mode.ALL, null, DEFAULT_PAGE_SIZE, false, false);
    }

    /**
     * List the Microsoft 365 groups whose display name starts with {@code prefix} (case-insensitive), first page.
     *
     * @param prefix the prefix, 1–120 characters
     * @return the query
     * @since 0.1.0
     */
    public static GroupQuery nameStartsWith(String prefix) {
        return new GroupQuery(Mode.PREFIX, Objects.requireNonNull(prefix, "'prefix' must not be null"),
                DEFAULT_PAGE_SIZE, false, false);
    }

    /**
     * List the Microsoft 365 groups whose display name contains words starting with the words of {@code text}
     * (Graph's tokenized {@code $search}, such as "board" finding "Acme Board Members"), first page. Search results
     * are eventually consistent: a group created seconds ago may be missing.
     *
     * @param text the search text, 1–120 characters, without {@code "} or {@code \}
     * @return the query
     * @since 0.1.0
     */
    public static GroupQuery search(String text) {
        return new GroupQuery(Mode.SEARCH, Objects.requireNonNull(text, "'text' must not be null"),
                DEFAULT_PAGE_SIZE, false, false);
    }

    /**
     * Continue an earlier listing with the token of its previous page ({@link GroupPage#nextPageTokenIfAny()}). The
     * page keeps the earlier query's criteria and page size: Microsoft Graph's next-page link fixes both, and is
     * followed verbatim. Tokens are authenticated with the organization's plan key (so any node sharing the settings
     * store accepts them); a changed token, one of another organization or one issued by an older version is refused
     * with {@link InvalidInputException} before any request: start the listing again.
     *
     * @param pageToken the token, exactly as returned
     * @return the query
     * @since 0.1.0
     */
    public static GroupQuery page(String pageToken) {
        return new GroupQuery(Mode.PAGE, Objects.requireNonNull(pageToken, "'pageToken' must not be null"),
                DEFAULT_PAGE_SIZE, false, false);
    }

    /**
     * Return a copy returning at most {@code size} groups per page (1–999; default 100).
     *
     * <p>A {@link #page(String)} query keeps its listing's page size, because Microsoft Graph's next-page link fixes
     * it (a different size would mean starting the listing again). Since 0.2.0 a size given to a page query is
     * checked instead of ignored: the listing's own size is accepted, any other size (or any size with a token
     * issued before 0.2.0, which does not record it) is refused with an {@link InvalidInputException} (field
     * {@code pageSize}) before any request. To change the size, start a new listing.
     *
     * @param size the page size
     * @return the new query
     * @since 0.1.0
     */
    public GroupQuery pageSize(int size) {
        return new GroupQuery(mode, text, size, mode == Mode.PAGE, allGroupTypes);
    }

    /**
     * Return a copy listing every kind of group (security and distribution groups too), not only Microsoft 365
     * groups. Ignored for {@link #page(String)} queries.
     *
     * @return the new query
     * @since 0.1.0
     */
    public GroupQuery includeAllGroupTypes() {
        return new GroupQuery(mode, text, pageSize, pageSizeGiven, true);
    }

    /**
     * Return the prefix of a {@link #nameStartsWith(String)} query.
     *
     * @return the prefix
     * @since 0.1.0
     */
    public Optional<String> prefix() {
        return mode == Mode.PREFIX ? Optional.ofNullable(text) : Optional.empty();
    }

    /**
     * Return the text of a {@link #search(String)} query.
     *
     * @return the search text
     * @since 0.1.0
     */
    public Optional<String> searchText() {
        return mode == Mode.SEARCH ? Optional.ofNullable(text) : Optional.empty();
    }

    /**
     * Return the token of a {@link #page(String)} query.
     *
     * @return the token
     * @since 0.1.0
     */
    public Optional<String> pageToken() {
        return mode == Mode.PAGE ? Optional.ofNullable(text) : Optional.empty();
    }

    /**
     * Return the page size. For a {@link #page(String)} query without a size of its own this is
     * {@link #DEFAULT_PAGE_SIZE}, although the page keeps its listing's size.
     *
     * @return the page size
     * @since 0.1.0
     */
    public int pageSize() {
        return pageSize;
    }

    /** The page size set on a page query with {@link #pageSize(int)}, if one was. */
    OptionalInt pageSizeOfPageQuery() {
        return pageSizeGiven ? OptionalInt.of(pageSize) : OptionalInt.empty();
    }

    /**
     * Tell whether groups of every type are listed.
     *
     * @return true if not only Microsoft 365 groups are listed
     * @since 0.1.0
     */
    public boolean allGroupTypes() {
        return allGroupTypes;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case ALL -> "GroupQuery[all, pageSize=" + pageSize + (allGroupTypes ? ", allGroupTypes" : "") + "]";
            case PREFIX -> "GroupQuery[nameStartsWith=" + text + ", pageSize=" + pageSize
                    + (allGroupTypes ? ", allGroupTypes" : "") + "]";
            case SEARCH -> "GroupQuery[search=" + text + ", pageSize=" + pageSize
                    + (allGroupTypes ? ", allGroupTypes" : "") + "]";
            case PAGE -> pageSizeGiven ? "GroupQuery[page, pageSize=" + pageSize + "]" : "GroupQuery[page]";
        };
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof GroupQuery q && q.mode == mode && Objects.equals(q.text, text)
                && q.pageSize == pageSize && q.pageSizeGiven == pageSizeGiven && q.allGroupTypes == allGroupTypes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, text, pageSize, pageSizeGiven, allGroupTypes);
    }
}
