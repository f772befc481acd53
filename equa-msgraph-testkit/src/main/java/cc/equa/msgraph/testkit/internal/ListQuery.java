package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The query options of a list request, parsed and checked the way Graph checks them
 * (https://learn.microsoft.com/en-us/graph/query-parameters?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/aad-advanced-queries?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/paging?view=graph-rest-1.0):
 * <ul>
 *   <li>an option the fake does not model is rejected with 400, never silently ignored, so a client that depends on
 *       {@code $orderby} or {@code $expand} finds out here rather than in production;</li>
 *   <li>{@code $count} and {@code $search} need {@code ConsistencyLevel: eventual}; {@code $filter} on a relationship
 *       needs the advanced-query pair ({@code $count=true} and the header); with
 *       {@link cc.equa.msgraph.testkit.Hostility#countWithoutHeaderIgnored()} {@code $count=true} without the header
 *       is silently ignored (200, no {@code @odata.count}), as aad-advanced-queries.md "Error handling" says Graph
 *       does;</li>
 *   <li>with {@link cc.equa.msgraph.testkit.Hostility#orLimitCountsAllClauses()} the limit of 15 OR'd clauses counts
 *       every {@code or} and every {@code in} value of the filter ({@link ODataClauses});</li>
 *   <li>{@code $top} is 1..999 (default 100); {@code $skiptoken} is opaque to clients: it encodes the last key
 *       served, behind a prefix shaped like Graph's so a client never learns to parse it.</li>
 *   <li>{@code $orderby} on {@code /users} ({@code displayName}, {@code userPrincipalName}) and {@code /groups}
 *       ({@code displayName}), ascending or descending, without advanced-query headers; together with
 *       {@code $filter} only as an advanced query, else 400 {@code Request_UnsupportedQuery} "Sorting not supported
 *       for current query." (aad-advanced-queries; the announcement quotes the error:
 *       https://devblogs.microsoft.com/microsoft365dev/build-advanced-queries-with-count-filter-search-and-orderby).
 *       Pages of a sorted list continue after the last sort key served.</li>
 * </ul>
 */
final class ListQuery {
    static final Set<String> KNOWN_OPTIONS = Set.of("$filter", "$search", "$select", "$top", "$count", "$skiptoken");
    /** Real OData options Graph supports somewhere but the fake does not model: 400 Request_UnsupportedQuery. */
    private static final Set<String> UNMODELLED = Set.of("$orderby", "$expand", "$format", "$apply");
    private static final String SKIP_TOKEN_PREFIX = "RFNwdAIAAQAAA";
    private static final Set<String> WITH_ORDERBY = Set.of("$filter", "$search", "$select", "$top", "$count",
            "$skiptoken", "$orderby");
    private static final String SORTING_NOT_SUPPORTED = "Sorting not supported for current query.";

    int top = 100;
    /** The key after which this page starts ("" for the first page). */
    String after = "";
    boolean count;
    boolean first = true;
    @Nullable Set<String> select;
    Predicate<Entity> predicate = e -> true;
    /** The {@code $orderby} property (canonical name), or null for the collection's key order. */
    @Nullable String orderBy;
    boolean descending;

    private ListQuery() {
    }

    static ListQuery parse(GraphRequest r, @Nullable ObjectType type, boolean relation, boolean basicUsers) {
        return parse(r, type, relation, basicUsers, false);
    }

    /**
     * A relationship list that may be sorted, as the user-list-memberof page's examples 4 and 5 do
     * ({@code $orderby=displayName} with {@code $count=true} and {@code ConsistencyLevel: eventual}); outside such an
     * advanced query its {@code $orderby} is 400 "Sorting not supported for current query.".
     */
    static ListQuery parseSortableRelation(GraphRequest r, @Nullable ObjectType type) {
        return parse(r, type, true, false, true);
    }

    private static ListQuery parse(GraphRequest r, @Nullable ObjectType type, boolean relation, boolean basicUsers,
            boolean sortableRelation) {
        boolean sortable = sortableRelation || !relation && (type == ObjectType.USER || type == ObjectType.GROUP);
        checkOptions(r, sortable ? WITH_ORDERBY : KNOWN_OPTIONS);
        ListQuery q = new ListQuery();
        boolean eventual = "eventual".equalsIgnoreCase(r.header("ConsistencyLevel"));
        q.count = count(r.url.queryParameter("$count"), eventual, r.hostility.countWithoutHeaderIgnored());
        q.top = top(r.url.queryParameter("$top"));
        String skip = r.url.queryParameter("$skiptoken");
        if (skip != null) {
            q.after = decodeSkipToken(skip);
            q.first = false;
        }
        q.select = ODataProperties.select(r.url.queryParameter("$select"), type);
        String filter = r.url.queryParameter("$filter");
        if (filter != null) {
            if (r.hostility.orLimitCountsAllClauses() && !(eventual && q.count)) {
                ODataClauses.checkOrLimit(filter);
            }
            q.predicate = filter(filter, type, relation, basicUsers, eventual && q.count);
        }
        String search = r.url.queryParameter("$search");
        if (search != null) {
            if (!eventual) {
                throw GraphException.unsupported("Request with $search query parameter only works through "
                        + "MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }
            q.predicate = q.predicate.and(ODataSearch.parse(search, type));
        }
        String orderBy = r.url.queryParameter("$orderby");
        if (orderBy != null) {
            q.orderBy(orderBy, type, (relation || filter != null) && !(eventual && q.count));
        }
        return q;
    }

    private void orderBy(String option, @Nullable ObjectType type, boolean withPlainFilter) {
        String[] parts = option.trim().split("\\s+");
        String property = parts[0].isEmpty() ? null : ODataProperties.canonical(parts[0], type);
        boolean direction = parts.length == 1 || parts.length == 2
                && (parts[1].equalsIgnoreCase("asc") || parts[1].equalsIgnoreCase("desc"));
        if (property == null || !direction) {
            throw GraphException.badRequest("Invalid $orderby value '" + option + "'.");
        }
        boolean supported = property.equals("displayName")
                || type == ObjectType.USER && property.equals("userPrincipalName");
        if (!supported || withPlainFilter) {
            throw GraphException.unsupported(SORTING_NOT_SUPPORTED);
        }
        this.orderBy = property;
        this.descending = parts.length == 2 && parts[1].equalsIgnoreCase("desc");
    }

    /** The key a page ends at, for the next page's {@code $skiptoken}. */
    String key(Entity e) {
        if (orderBy == null) {
            return TenantState.key(e.id);
        }
        Object v = ODataProperties.value(e, orderBy);
        return (v == null ? "" : String.valueOf(v).toLowerCase(Locale.ROOT)) + "\u0000" + TenantState.key(e.id);
    }

    /** The collection from this page's start on: in key order, or sorted by {@code $orderby}. */
    Iterator<Entity> from(NavigableMap<String, Entity> byKey) {
        if (orderBy == null) {
            return byKey.tailMap(after, false).values().iterator();
        }
        TreeMap<String, Entity> sorted = new TreeMap<>();
        byKey.values().forEach(e -> sorted.put(key(e), e));
        NavigableMap<String, Entity> ordered = descending ? sorted.descendingMap() : sorted;
        return (first ? ordered : ordered.tailMap(after, false)).values().iterator();
    }

    private static boolean count(@Nullable String value, boolean eventual, boolean ignoredWithoutHeader) {
        if (value == null) {
            return false;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw GraphException.badRequest("Invalid $count value '" + value + "'.");
        }
        boolean count = value.equalsIgnoreCase("true");
        if (count && !eventual && ignoredWithoutHeader) {
            return false;
        }
        if (count && !eventual) {
            throw GraphException.unsupported("$count is not supported without the ConsistencyLevel header "
                    + "set to eventual.");
        }
        return count;
    }

    private static int top(@Nullable String value) {
        if (value == null) {
            return 100;
        }
        int top;
        try {
            top = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw GraphException.badRequest("Invalid page size specified: '" + value + "'.");
        }
        if (top < 1 || top > 999) {
            throw GraphException.badRequest("Invalid page size specified: '" + value
                    + "'. Must be between 1 and 999 inclusive.");
        }
        return top;
    }

    private static Predicate<Entity> filter(String filter, @Nullable ObjectType type, boolean relation,
            boolean basicUsers, boolean advanced) {
        if (relation && !advanced) {
            throw GraphException.unsupported("$filter on this relationship needs $count=true and the "
                    + "ConsistencyLevel header set to eventual.");
        }
        // User.ReadBasic.All can't filter on properties outside the basic profile (MC704030)
        if (basicUsers && ODataProperties.nonBasicUserProperty(filter) != null) {
            throw GraphException.denied();
        }
        return ODataFilter.parse(filter, type, advanced);
    }

    /**
     * Reject every {@code $}-option outside {@code allowed}: {@code $skip} as Graph words it for directory objects,
     * a real but unmodelled option as unsupported, anything else as not allowed. Options without {@code $} are
     * ignored, as Graph ignores unknown plain query parameters.
     */
    static void checkOptions(GraphRequest r, Set<String> allowed) {
        for (String name : r.url.queryParameterNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!name.startsWith("$") || allowed.contains(lower)) {
                continue;
            }
            if (lower.equals("$skip")) {
                throw GraphException.unsupported("'$skip' is not supported by the service.");
            }
            if (KNOWN_OPTIONS.contains(lower) || UNMODELLED.contains(lower)) {
                throw GraphException.unsupported("Query option '" + name
                        + "' is not supported on this request by the fake tenant.");
            }
            throw new GraphException(400, "BadRequest", "Query option '" + name + "' is not allowed.");
        }
    }

    static String encodeSkipToken(String lastKey) {
        return SKIP_TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("k:" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    static String decodeSkipToken(String token) {
        try {
            if (!token.startsWith(SKIP_TOKEN_PREFIX)) {
                throw new IllegalArgumentException();
            }
            String s = new String(Base64.getUrlDecoder().decode(token.substring(SKIP_TOKEN_PREFIX.length())),
                    StandardCharsets.UTF_8);
            if (!s.startsWith("k:")) {
                throw new IllegalArgumentException();
            }
            return s.substring(2);
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("Invalid $skiptoken value.");
        }
    }
}
