package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.ResponseIds;
import com.microsoft.graph.groups.delta.DeltaGetResponse;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /groups} resource (https://learn.microsoft.com/en-us/graph/api/resources/group): read, list and search,
 * find by nickname, create, page members and owners, and track them with delta. Every call goes through the retry
 * layer; each caller names the permissions that would allow it, for a 403's remediation.
 */
public final class Groups {

    /** The group properties the library reads, for {@code $select}. */
    public static final String[] GROUP_SELECT = {"id", "displayName", "description", "mailNickname", "mail",
        "visibility", "groupTypes", "securityEnabled", "mailEnabled", "membershipRule", "onPremisesSyncEnabled",
        "createdDateTime"};

    private static final Logger LOG = LoggerFactory.getLogger(Groups.class);
    private static final String CONSISTENCY = "ConsistencyLevel";
    private static final String EVENTUAL = "eventual";
    private static final int PAGE = 999;
    /** A delta round of one group is a page or two; more is a server loop (delta is only an optimisation). */
    private static final int MAX_DELTA_PAGES = 100;
    /** The longest delta link kept; Graph's are a few hundred characters. */
    static final int MAX_LINK_LENGTH = 4096;

    private final GraphCalls calls;
    private final GraphSession session;

    /**
     * Create the resource.
     *
     * @param calls the retry layer
     * @param session the organization's session
     */
    public Groups(GraphCalls calls, GraphSession session) {
        this.calls = calls;
        this.session = session;
    }

    private GraphServiceClient graph() {
        return session.graph();
    }

    /**
     * {@code GET /groups/{id}?$select=…}; an answer that is not the group asked for is refused as malformed.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param id the group id
     * @return the group
     */
    public Group get(String operation, List<String> permissions, String id) {
        Group g = calls.run(operation, permissions, true, () -> graph().groups().byGroupId(id).get(cfg ->
                cfg.queryParameters.select = GROUP_SELECT));
        if (g == null || g.getId() == null || !g.getId().equalsIgnoreCase(id)) {
            // an answer that is not the group asked for (no id, another id, not a group) is never mapped
            throw Pages.malformed(operation, "Microsoft Graph answered a read of group " + id
                    + " with " + (g == null || g.getId() == null ? "an object without an id" : "another object"),
                    ResponseIds.last());
        }
        return g;
    }

    /**
     * {@code GET /groups/{id}?$select=id}: tell whether the group exists.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param id the group id
     * @return true if it does
     */
    public boolean exists(String operation, List<String> permissions, String id) {
        try {
            calls.run(operation, permissions, true,
                    () -> graph().groups().byGroupId(id).get(cfg -> cfg.queryParameters.select = new String[] {"id"}));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * {@code GET /groups?$filter=…&$search=…&$top=…&$select=…}, ConsistencyLevel set when searching.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param filter the filter, or null
     * @param search the search phrase, or null
     * @param top the page size
     * @return the first page
     */
    public GroupCollectionResponse firstPage(String operation, List<String> permissions, @Nullable String filter,
            @Nullable String search, int top) {
        return calls.run(operation, permissions, true, () -> graph().groups().get(cfg -> {
            cfg.queryParameters.select = GROUP_SELECT;
            cfg.queryParameters.top = top;
            if (filter != null) {
                cfg.queryParameters.filter = filter;
            }
            if (search != null) {
                cfg.queryParameters.search = search;
                cfg.headers.add(CONSISTENCY, EVENTUAL);
            }
        }));
    }

    /**
     * Follow a groups next link verbatim; ConsistencyLevel set again for a search (the SDK does not carry it).
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param link the next link
     * @param search whether the first page was a search
     * @return the page
     */
    public GroupCollectionResponse nextPage(String operation, List<String> permissions, String link, boolean search) {
        return calls.run(operation, permissions, true, () -> graph().groups().withUrl(link).get(cfg -> {
            if (search) {
                cfg.headers.add(CONSISTENCY, EVENTUAL);
            }
        }));
    }

    /**
     * {@code GET /groups?$filter=mailNickname eq '…'}: every group (of any type) with this nickname.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param nickname the nickname
     * @return the groups (at most 5)
     */
    public List<Group> byNickname(String operation, List<String> permissions, String nickname) {
        GroupCollectionResponse page = calls.run(operation, permissions, true, () -> graph().groups().get(cfg -> {
            cfg.queryParameters.filter = "mailNickname eq " + OData.literal(nickname);
            cfg.queryParameters.select = GROUP_SELECT;
            cfg.queryParameters.top = 5;
        }));
        return page == null || page.getValue() == null ? List.of() : page.getValue();
    }

    /**
     * {@code POST /groups}; never retried on a transport failure here (the caller decides).
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param body the group to create
     * @return the created group
     */
    public Group create(String operation, List<String> permissions, Group body) {
        return calls.run(operation, permissions, false, () -> graph().groups().post(body));
    }

    /**
     * Stream a group's direct members page by page ({@code $top=999}), holding one page at a time.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param groupId the group
     * @param select the member properties to read
     * @param onPage called with each page's members
     */
    public void forEachMemberPage(String operation, List<String> permissions, String groupId, String[] select,
            Consumer<List<DirectoryObject>> onPage) {
        Pages.directoryObjects(calls, operation, permissions, graph().getRequestAdapter().getBaseUrl(),
                h -> graph().groups().byGroupId(groupId).members().get(cfg -> {
                    cfg.options.add(h);
                    cfg.queryParameters.select = select;
                    cfg.queryParameters.top = PAGE;
                }),
                (link, h) -> graph().groups().byGroupId(groupId).members().withUrl(link)
                        .get(cfg -> cfg.options.add(h)),
                onPage);
    }

    /**
     * Stream a group's owners (ids only) page by page.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param groupId the group
     * @param onPage called with each page's owners
     */
    public void forEachOwnerPage(String operation, List<String> permissions, String groupId,
            Consumer<List<DirectoryObject>> onPage) {
        Pages.directoryObjects(calls, operation, permissions, graph().getRequestAdapter().getBaseUrl(),
                h -> graph().groups().byGroupId(groupId).owners().get(cfg -> {
                    cfg.options.add(h);
                    cfg.queryParameters.select = new String[] {"id"};
                    cfg.queryParameters.top = PAGE;
                }),
                (link, h) -> graph().groups().byGroupId(groupId).owners().withUrl(link)
                        .get(cfg -> cfg.options.add(h)),
                onPage);
    }

    /**
     * Start tracking a group's members and owners from now ({@code $deltatoken=latest}).
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param groupId the group (an object id)
     * @return the deltaLink, or null on any failure
     */
    public @Nullable String deltaStart(String operation, List<String> permissions, String groupId) {
        String url = graph().getRequestAdapter().getBaseUrl() + "/groups/delta?$filter=id%20eq%20'"
                + groupId.toLowerCase(Locale.ROOT) + "'&$select=members,owners&$deltatoken=latest";
        return deltaRound(operation, permissions, url, true);
    }

    /**
     * Follow a deltaLink (every page) and tell whether the tracked group's members or owners changed.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param deltaLink the link
     * @return the next deltaLink if nothing changed; null if something changed or the link failed
     */
    public @Nullable String deltaUnchanged(String operation, List<String> permissions, String deltaLink) {
        return deltaRound(operation, permissions, deltaLink, false);
    }

    /** Follow a delta round to its deltaLink; null on any failure, or on a change unless changes are expected. */
    private @Nullable String deltaRound(String operation, List<String> permissions, String firstUrl, boolean start) {
        String url = firstUrl;
        // Bounded like every paging loop: a link seen before (a cycle) or too many pages means a server loop, and
        // delta is only an optimisation, so the group is read in full instead.
        Set<String> seen = new HashSet<>();
        seen.add(firstUrl);
        try {
            for (int page = 0; page < MAX_DELTA_PAGES; page++) {
                String current = url;
                DeltaGetResponse r = calls.run(operation, permissions, true,
                        () -> graph().groups().delta().withUrl(current).get());
                if (r == null) {
                    return null;
                }
                if (!start && r.getValue() != null && !r.getValue().isEmpty()) {
                    return null;
                }
                String base = graph().getRequestAdapter().getBaseUrl();
                if (r.getOdataDeltaLink() != null && !r.getOdataDeltaLink().isBlank()) {
                    // kept and followed later with the app's token: only ever a link into the Graph endpoint
                    return acceptableLink(r.getOdataDeltaLink(), base) ? r.getOdataDeltaLink() : null;
                }
                if (r.getOdataNextLink() == null || r.getOdataNextLink().isBlank()
                        || !acceptableLink(r.getOdataNextLink(), base) || !seen.add(r.getOdataNextLink())) {
                    return null;
                }
                url = r.getOdataNextLink();
            }
            return null;
        } catch (RuntimeException e) {
            // delta is an optimisation only: any failure (an expired link, a denied or throttled call) means
            // "read the group in full", never a failed plan
            LOG.debug("{}: group delta unavailable ({}); reading the group in full", operation,
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * Tell whether a delta or next link from a Graph answer may be kept and followed: under the Graph endpoint (same
     * scheme, https for every national cloud, host and port: {@link Pages#isUnder}), on its {@code /groups/delta}
     * resource, and at most {@value #MAX_LINK_LENGTH} characters. Anything else is treated as "delta unavailable"
     * (the group is read in full), never followed.
     *
     * @param link the link
     * @param graphBaseUrl the Graph endpoint, such as {@code https://graph.microsoft.com/v1.0}
     * @return true if it may be followed
     */
    static boolean acceptableLink(String link, String graphBaseUrl) {
        String base = graphBaseUrl.endsWith("/") ? graphBaseUrl : graphBaseUrl + "/";
        return link.length() <= MAX_LINK_LENGTH && Pages.isUnder(link, graphBaseUrl)
                && link.regionMatches(true, base.length(), "groups/delta?", 0, "groups/delta?".length())
                && link.chars().noneMatch(c -> c < 0x21 || c > 0x7e);
    }

    /**
     * The connection test's probe: {@code GET /groups?$top=1&$select=id}.
     *
     * @param headers captures the response headers
     * @return the page
     */
    public GroupCollectionResponse probeList(HeadersInspectionOption headers) {
        return graph().groups().get(cfg -> {
            cfg.queryParameters.top = 1;
            cfg.queryParameters.select = new String[] {"id"};
            cfg.options.add(headers);
        });
    }

    /**
     * The connection test's probe: {@code GET /groups/{id}/members?$top=1&$select=id}.
     *
     * @param groupId the group
     * @param headers captures the response headers
     * @return the page
     */
    public DirectoryObjectCollectionResponse probeMembers(String groupId, HeadersInspectionOption headers) {
        return graph().groups().byGroupId(groupId).members().get(cfg -> {
            cfg.queryParameters.top = 1;
            cfg.queryParameters.select = new String[] {"id"};
            cfg.options.add(headers);
        });
    }

    /**
     * The connection test's write probe: {@code DELETE /groups/{id}/members/{random}/$ref}; it never removes anyone,
     * the id being random.
     *
     * @param groupId the group
     * @param randomMember an id no member has
     * @param headers captures the response headers
     */
    public void probeRemoveRef(String groupId, String randomMember, HeadersInspectionOption headers) {
        graph().groups().byGroupId(groupId).members().byDirectoryObjectId(randomMember).ref()
                .delete(cfg -> cfg.options.add(headers));
    }
}
