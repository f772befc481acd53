package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.Capability;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.Pages;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Graph calls of the group feature, each one through the retry layer. Knows nothing of settings or audit.
 */
final class GroupDirectory {

    /** Listing and reading groups. */
    static final List<String> READ_GROUPS = Capability.LIST_GROUPS.permissions();
    /** Reading members, with their e-mail addresses. */
    static final List<String> READ_MEMBERS = Capability.READ_MEMBERS.permissions();
    /** Looking up users. */
    static final List<String> READ_USERS = Capability.READ_USER_EMAILS.permissions();
    /** Creating groups. */
    static final List<String> CREATE = Capability.CREATE_GROUPS.permissions();
    /** Reading the app's own service principal. */
    static final List<String> READ_APPS = List.of("Application.Read.All", "Directory.Read.All");

    private static final String CONSISTENCY = "ConsistencyLevel";
    private static final String EVENTUAL = "eventual";
    private static final int PAGE = 999;

    private final GraphCalls calls;
    private final GraphSession session;

    GroupDirectory(GraphCalls calls, GraphSession session) {
        this.calls = calls;
        this.session = session;
    }

    private GraphServiceClient graph() {
        return session.graph();
    }

    GraphSession session() {
        return session;
    }

    /** {@code GET /groups/{id}?$select=…}. */
    Group group(String operation, String id) {
        Group g = calls.run(operation, READ_GROUPS, true, () -> graph().groups().byGroupId(id).get(cfg ->
                cfg.queryParameters.select = GroupMapper.GROUP_SELECT));
        if (g == null || g.getId() == null || !g.getId().equalsIgnoreCase(id)) {
            // an answer that is not the group asked for (no id, another id, not a group) is never mapped
            throw cc.equa.msgraph.internal.Pages.malformed(operation, "Microsoft Graph answered a read of group " + id
                    + " with " + (g == null || g.getId() == null ? "an object without an id" : "another object"),
                    cc.equa.msgraph.internal.ResponseIds.last());
        }
        return g;
    }

    /** {@code GET /groups?$filter=…&$search=…&$top=…&$select=…}, ConsistencyLevel set when searching. */
    GroupCollectionResponse firstPage(String operation, @Nullable String filter, @Nullable String search, int top) {
        return calls.run(operation, READ_GROUPS, true, () -> graph().groups().get(cfg -> {
            cfg.queryParameters.select = GroupMapper.GROUP_SELECT;
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

    /** Follow a groups next link verbatim; ConsistencyLevel set again for a search (the SDK does not carry it). */
    GroupCollectionResponse nextPage(String operation, String link, boolean search) {
        return calls.run(operation, READ_GROUPS, true, () -> graph().groups().withUrl(link).get(cfg -> {
            if (search) {
                cfg.headers.add(CONSISTENCY, EVENTUAL);
            }
        }));
    }

    /** {@code GET /groups?$filter=mailNickname eq '…'}: every group (of any type) with this nickname. */
    List<Group> byNickname(String operation, String nickname) {
        GroupCollectionResponse page = calls.run(operation, READ_GROUPS, true, () -> graph().groups().get(cfg -> {
            cfg.queryParameters.filter = "mailNickname eq " + GroupInputs.literal(nickname);
            cfg.queryParameters.select = GroupMapper.GROUP_SELECT;
            cfg.queryParameters.top = 5;
        }));
        return page == null || page.getValue() == null ? List.of() : page.getValue();
    }

    /** The ids (lower case) of a group's owners, all pages. */
    Set<String> ownerIds(String operation, String groupId) {
        Set<String> ids = new HashSet<>();
        Pages.directoryObjects(calls, operation, READ_MEMBERS, graph().getRequestAdapter().getBaseUrl(),
                h -> graph().groups().byGroupId(groupId).owners().get(cfg -> {
                    cfg.options.add(h);
                    cfg.queryParameters.select = new String[] {"id"};
                    cfg.queryParameters.top = PAGE;
                }),
                (link, h) -> graph().groups().byGroupId(groupId).owners().withUrl(link)
                        .get(cfg -> cfg.options.add(h)),
                page -> page.stream().map(DirectoryObject::getId).filter(java.util.Objects::nonNull)
                        .forEach(id -> ids.add(id.toLowerCase(Locale.ROOT))));
        return ids;
    }

    /**
     * Stream a group's direct members page by page ({@code $top=999}), holding one page at a time.
     *
     * @param operation what is being done
     * @param groupId the group
     * @param onPage called with each page's members
     */
    void forEachMemberPage(String operation, String groupId, Consumer<List<DirectoryObject>> onPage) {
        Pages.directoryObjects(calls, operation, READ_MEMBERS, graph().getRequestAdapter().getBaseUrl(),
                h -> graph().groups().byGroupId(groupId).members().get(cfg -> {
                    cfg.options.add(h);
                    cfg.queryParameters.select = GroupMapper.MEMBER_SELECT;
                    cfg.queryParameters.top = PAGE;
                }),
                (link, h) -> graph().groups().byGroupId(groupId).members().withUrl(link)
                        .get(cfg -> cfg.options.add(h)),
                onPage);
    }

    /** {@code POST /groups}; never retried on a transport failure here (the caller decides). */
    Group create(String operation, Group body) {
        return calls.run(operation, CREATE, false, () -> graph().groups().post(body));
    }

    /**
     * Resolve a user given by object id, user principal name or e-mail address to its object id.
     *
     * @param operation what is being done
     * @param value the id, UPN or address
     * @return the user's id, empty if no such user
     */
    Optional<String> userId(String operation, String value) {
        try {
            User u = calls.run(operation, READ_USERS, true, () -> graph().users().byUserId(value).get(cfg ->
                    cfg.queryParameters.select = new String[] {"id"}));
            if (u != null && u.getId() != null) {
                return Optional.of(u.getId());
            }
        } catch (NotFoundException notById) {
            // fall through to the mail lookup
        }
        if (GroupInputs.isGuid(value) || value.length() > GroupInputs.MAX_FILTER_VALUE) {
            return Optional.empty();
        }
        UserCollectionResponse found = calls.run(operation, READ_USERS, true, () -> graph().users().get(cfg -> {
            cfg.queryParameters.filter = "mail eq " + GroupInputs.literal(value);
            cfg.queryParameters.select = new String[] {"id"};
            cfg.queryParameters.top = 2;
        }));
        List<User> users = found == null || found.getValue() == null ? List.of() : found.getValue();
        if (users.size() > 1) {
            throw new MsGraphException(Details.of(ErrorKind.CONFLICT, operation,
                    "more than one user has the e-mail address " + value,
                    "Name the owner by user principal name or object id instead."), null);
        }
        return users.isEmpty() || users.get(0).getId() == null ? Optional.empty()
                : Optional.of(users.get(0).getId());
    }

    /** {@code GET /servicePrincipals(appId='…')?$select=id}. */
    Optional<String> servicePrincipalId(String operation, String appId) {
        try {
            ServicePrincipal sp = calls.run(operation, READ_APPS, true, () ->
                    graph().servicePrincipalsWithAppId(appId).get(cfg ->
                            cfg.queryParameters.select = new String[] {"id"}));
            return sp == null || sp.getId() == null ? Optional.empty() : Optional.of(sp.getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
