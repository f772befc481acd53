package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupMember;
import cc.equa.msgraph.GroupPage;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.LinkOptions;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.ResponseIds;
import cc.equa.msgraph.internal.graph.Gateway;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Browse and search groups, link and unlink the organization's group, read the linked group and its members, and
 * create a group (through {@link GroupCreation}).
 */
public final class GroupService {

    private static final String UNIFIED = "groupTypes/any(c:c eq 'Unified')";

    private final IntegrationRuntime runtime;
    private final GroupSupport support;

    /**
     * Create the service.
     *
     * @param runtime the runtime
     */
    public GroupService(IntegrationRuntime runtime) {
        this.runtime = runtime;
        this.support = new GroupSupport(runtime);
    }

    private Gateway gateway(OrganizationId organization, IntegrationSettings settings) {
        return new Gateway(runtime.calls(), runtime.session(organization,
                Objects.requireNonNull(settings.credentials())));
    }

    /**
     * List one page of groups.
     *
     * @param organization the organization
     * @param query what to list
     * @param pageQuerySize the page size set on a page query, if one was: it must be the listing's own
     * @return the page
     */
    public GroupPage groups(OrganizationId organization, GroupQuery query, OptionalInt pageQuerySize) {
        String operation = "List groups for organization " + organization;
        List<FieldProblem> problems = new ArrayList<>();
        PageToken token = null;
        Optional<String> pageToken = query.pageToken();
        if (pageToken.isPresent()) {
            token = PageToken.decode(operation, pageToken.get(), organization, runtime.config().cloud().graphBaseUrl(),
                    runtime.config().planKeys());
            if (pageQuerySize.isPresent()) {
                checkPageQuerySize(pageQuerySize.getAsInt(), token, problems);
            }
        } else {
            GroupInputs.checkPageSize(query.pageSize(), problems);
            query.prefix().ifPresent(p -> GroupInputs.checkFilterValue("prefix", p, problems));
            query.searchText().ifPresent(s -> GroupInputs.checkSearchText("searchText", s, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(operation, problems);
        }
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        String tenant = settings.credentials().tenantId().toLowerCase(Locale.ROOT);
        if (token != null && !token.tenant().equals(tenant)) {
            throw new InvalidInputException(operation, List.of(new FieldProblem("pageToken",
                    "belongs to a listing of another tenant: the organization has been reconnected since",
                    "Start the listing again; a page token continues only the listing it came from.")));
        }
        Gateway gateway = gateway(organization, settings);
        GroupCollectionResponse page;
        boolean search;
        if (token != null) {
            search = token.search();
            page = gateway.groups().nextPage(operation, GroupSupport.READ_GROUPS, token.nextLink(), search);
        } else {
            List<String> filters = new ArrayList<>();
            if (!query.allGroupTypes()) {
                filters.add(UNIFIED);
            }
            query.prefix().ifPresent(p -> filters.add("startswith(displayName," + GroupInputs.literal(p) + ")"));
            String filter = filters.isEmpty() ? null : String.join(" and ", filters);
            String searchPhrase = query.searchText().map(s -> GroupInputs.searchPhrase("displayName", s))
                    .orElse(null);
            search = searchPhrase != null;
            page = gateway.groups().firstPage(operation, GroupSupport.READ_GROUPS, filter, searchPhrase,
                    query.pageSize());
        }
        List<GroupInfo> groups = new ArrayList<>();
        if (page != null && page.getValue() != null) {
            for (Group g : page.getValue()) {
                if (g.getId() != null) {
                    groups.add(GroupMapper.group(g));
                }
            }
        }
        String next = page == null ? null : page.getOdataNextLink();
        String nextToken = next == null ? null
                : nextToken(operation, organization, query, token, search, next, tenant);
        return new GroupPage(groups, nextToken);
    }

    /**
     * Check a page size given with a page token. Graph's next link must be followed verbatim, never taken apart or
     * edited (https://learn.microsoft.com/en-us/graph/paging), and it continues the listing with the first request's
     * {@code $top}; so a page cannot honour another size without starting the listing again or re-reading and
     * slicing pages. Refusing is honest; the listing's own size is accepted.
     */
    private static void checkPageQuerySize(int size, PageToken token, List<FieldProblem> problems) {
        List<FieldProblem> range = new ArrayList<>();
        GroupInputs.checkPageSize(size, range);
        if (!range.isEmpty()) {
            problems.addAll(range);
        } else if (token.pageSize() == 0) {
            problems.add(new FieldProblem("pageSize", "cannot be checked against this page token, which was issued"
                    + " before tokens recorded their listing's page size (was " + size + ")",
                    "Leave the page size out of GroupQuery.page(token): the page keeps its listing's size; or start"
                            + " the listing again with the size you want."));
        } else if (token.pageSize() != size) {
            problems.add(new FieldProblem("pageSize", "is " + size + ", but this listing's pages hold "
                    + token.pageSize() + " groups: a next page keeps the size of the listing's first page",
                    "Leave the page size out of GroupQuery.page(token), or start the listing again with"
                            + " GroupQuery.all(), nameStartsWith or search and pageSize(" + size + ")."));
        }
    }

    /**
     * The caller's token for the page after this one: the next link checked to point at the configured Graph
     * endpoint, never seen before in this listing, and within the page bound.
     */
    private String nextToken(String operation, OrganizationId organization, GroupQuery query,
            @Nullable PageToken token, boolean search, String next, String tenant) {
        if (!PageToken.pointsAtGroups(next, runtime.config().cloud().graphBaseUrl())) {
            throw new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                    "Microsoft Graph returned a next-page link outside the configured Graph endpoint",
                    "Check the configured cloud; report it if it persists.")
                    .withHttp(null, GraphFailure.MALFORMED, ResponseIds.last()), null);
        }
        if (token != null && token.seen(next)) {
            throw new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                    "Microsoft Graph returned a next-page link it had returned before (a paging cycle)",
                    "Start the listing again; report it if it persists.")
                    .withHttp(null, GraphFailure.MALFORMED, ResponseIds.last()), null);
        }
        PageToken following = token == null
                ? new PageToken(organization, search, next, 1, query.pageSize(), List.of(), tenant)
                : token.next(next);
        if (following.pages() >= PageToken.maxPages(following.pageSize())) {
            throw new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                    "Microsoft Graph kept returning next-page links past " + following.pages() + " pages of "
                            + following.pageSize() + ", more groups than any directory holds",
                    "Start the listing again; report it if it persists.")
                    .withHttp(null, GraphFailure.MALFORMED, ResponseIds.last()), null);
        }
        cc.equa.msgraph.spi.PlanKey key;
        try {
            key = runtime.config().planKeys().current(organization);
        } catch (RuntimeException e) {
            throw PageToken.keyFailure(operation, e);
        }
        if (key == null) {
            throw PageToken.keyFailure(operation, new IllegalStateException("PlanKeys.current returned null"));
        }
        return following.encode(key);
    }

    /**
     * Link a group, replacing any linked before.
     *
     * @param organization the organization
     * @param groupId the group's id
     * @param options the options
     * @return the linked group
     */
    public LinkedGroup link(OrganizationId organization, String groupId, LinkOptions options) {
        String operation = "Link group " + groupId + " to organization " + organization;
        List<FieldProblem> problems = new ArrayList<>();
        GroupInputs.checkGroupId("groupId", groupId, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(operation, problems);
        }
        String id = groupId.trim();
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        Gateway gateway = gateway(organization, settings);
        Group group;
        try {
            group = gateway.groups().get(operation, GroupSupport.READ_GROUPS, id);
        } catch (NotFoundException e) {
            throw new NotFoundException(Details.of(ErrorKind.NOT_FOUND, operation,
                    "no group with id " + id + " exists in the organization's tenant",
                    "Choose a group from the list, or check the Object ID in the Entra admin center.")
                    .withHttp(404, e.graphErrorCode().orElse(null), e.requestId().orElse(null)), e);
        }
        GroupInfo info = GroupMapper.group(group);
        checkManageable(operation, info, options);
        return store(organization, operation, info, false, null);
    }

    /**
     * Refuse a group the library cannot manage.
     *
     * @param operation what is being done
     * @param info the group
     * @param options the options
     */
    static void checkManageable(String operation, GroupInfo info, LinkOptions options) {
        String what = "group '" + info.displayName() + "' (" + info.id() + ")";
        if (info.dynamic()) {
            throw unmanageable(operation, what + " has dynamic membership: its members are computed by a rule and"
                    + " cannot be added or removed", "Choose a group with assigned membership, or create a new one.");
        }
        if (info.onPremisesSynced()) {
            throw unmanageable(operation, what + " is synchronized from an on-premises directory: its members can be"
                    + " changed only on-premises", "Choose a cloud group, or create a new one.");
        }
        if (!info.unified() && !options.anyGroupType()) {
            throw unmanageable(operation, what + " is not a Microsoft 365 group",
                    "Choose a Microsoft 365 group, or link with LinkOptions.defaults().allowAnyGroupType() to accept"
                            + " security groups.");
        }
    }

    private static MsGraphException unmanageable(String operation, String reason, String remediation) {
        return new MsGraphException(Details.of(ErrorKind.UNMANAGEABLE_GROUP, operation, reason, remediation), null);
    }

    /**
     * Store the link and audit it.
     *
     * @param organization the organization
     * @param operation what is being done
     * @param info the group
     * @param created whether it was created by the library
     * @param extraState a state change to make in the same update, or null
     * @return the linked group
     */
    LinkedGroup store(OrganizationId organization, String operation, GroupInfo info, boolean created,
            java.util.function.@Nullable UnaryOperator<IntegrationSettings> extraState) {
        AtomicReference<String> previous = new AtomicReference<>();
        runtime.updateSettings(organization, operation, s -> {
            previous.set(s.linkedGroupId());
            IntegrationSettings changed = s.withLinkedGroupId(info.id());
            return extraState == null ? changed : extraState.apply(changed);
        });
        String before = previous.get();
        boolean same = before != null && before.equalsIgnoreCase(info.id());
        support.audit(organization, "group.link", info.id(), info.displayName(), same ? "already_in_state" : "applied",
                null, before == null || same ? null : "replaced the link to group " + before);
        return new LinkedGroup(info, same ? null : before, created);
    }

    /**
     * Remove the link; the group itself is not touched. Forgetting a link is local, so it needs neither a connection
     * nor an enabled integration, sends nothing and leaves the credentials, the enabled flag and any cached token as
     * they were.
     *
     * @param organization the organization
     * @return whether a group was linked
     */
    public boolean unlink(OrganizationId organization) {
        String operation = "Unlink the group of organization " + organization;
        AtomicReference<String> previous = new AtomicReference<>();
        // an organization with nothing stored gets no settings row just for an unlink
        if (runtime.loadSettings(organization, operation).map(IntegrationSettings::linkedGroupId).isPresent()) {
            runtime.updateSettings(organization, operation, s -> {
                previous.set(s.linkedGroupId());
                return s.linkedGroupId() == null ? s : s.withLinkedGroupId(null);
            });
        }
        String before = previous.get();
        support.audit(organization, "group.unlink", before, null, before == null ? "already_in_state" : "applied",
                null, before == null ? "no group was linked" : "the group itself was not changed");
        return before != null;
    }

    /**
     * Read the linked group.
     *
     * @param organization the organization
     * @return the group, or empty when none is linked
     */
    public Optional<GroupInfo> linkedGroup(OrganizationId organization) {
        String operation = "Read the linked group of organization " + organization;
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        String id = settings.linkedGroupId();
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Gateway gateway = gateway(organization, settings);
        Group g = support.onLinkedGroup(settings, id, operation,
                () -> gateway.groups().get(operation, GroupSupport.READ_GROUPS, id));
        return Optional.of(GroupMapper.group(g));
    }

    /**
     * Stream the linked group's direct members, one page at a time, owners flagged.
     *
     * @param organization the organization
     * @param action called for each member
     */
    public void forEachMember(OrganizationId organization, Consumer<? super GroupMember> action) {
        String operation = "Read the members of the linked group of organization " + organization;
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        String id = GroupSupport.requireLinked(settings, operation);
        Gateway gateway = gateway(organization, settings);
        Set<String> owners = support.onLinkedGroup(settings, id, operation, () -> ownerIds(gateway, operation, id));
        try {
            gateway.groups().forEachMemberPage(operation, GroupSupport.READ_MEMBERS, id, GroupMapper.MEMBER_SELECT,
                    page -> {
                for (DirectoryObject o : page) {
                    if (o.getId() != null) {
                        action.accept(GroupMapper.member(o, owners));
                    }
                }
            });
        } catch (NotFoundException e) {
            throw GroupSupport.linkedGroupGone(operation, id, e);
        }
    }

    /**
     * Read all direct members of the linked group.
     *
     * @param organization the organization
     * @return the members
     */
    public List<GroupMember> members(OrganizationId organization) {
        List<GroupMember> members = new ArrayList<>();
        forEachMember(organization, members::add);
        return members;
    }

    /**
     * Create a group and link it.
     *
     * @param organization the organization
     * @param group the group
     * @return the linked group
     */
    public LinkedGroup create(OrganizationId organization, NewGroup group) {
        return new GroupCreation(this, support).create(organization, group);
    }

    /** The ids (lower case) of a group's owners, all pages. */
    private static Set<String> ownerIds(Gateway gateway, String operation, String groupId) {
        Set<String> ids = new HashSet<>();
        gateway.groups().forEachOwnerPage(operation, GroupSupport.READ_MEMBERS, groupId,
                page -> page.stream().map(DirectoryObject::getId).filter(Objects::nonNull)
                        .forEach(id -> ids.add(id.toLowerCase(Locale.ROOT))));
        return ids;
    }

    Gateway gatewayFor(OrganizationId organization, IntegrationSettings settings) {
        return gateway(organization, settings);
    }
}
