package cc.equa.msgraph.testkit.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.testkit.FakeDirectory;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /users/{id}/memberOf, /transitiveMemberOf and $orderby as a third-party connector uses them through the Graph
 * SDK 6 with Microsoft's URLs, routed to the standalone fake. Sources:
 * https://learn.microsoft.com/en-us/graph/api/user-list-memberof?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/api/user-list-transitivememberof?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/aad-advanced-queries?view=graph-rest-1.0.
 */
class MemberOfAndOrderbyAttackTest {
    private static Routed routed;
    private static GraphServiceClient graph;
    private static String token;
    private FakeDirectory dir;
    private FakeUser ann;

    @BeforeAll
    static void start() throws Exception {
        routed = Routed.start();
        var app = routed.app("Directory.Read.All", "User.ReadWrite.All");
        graph = routed.graph(app);
        token = routed.token(app);
    }

    @AfterAll
    static void stop() {
        routed.close();
    }

    @BeforeEach
    void seed() {
        dir = routed.fake.directory();
        dir.reset();
        ann = dir.addUser(FakeUser.builder().mail("ann@contoso.com").displayName("Ann").build());
    }

    private static List<DirectoryObject> all(DirectoryObjectCollectionResponse first) throws Exception {
        List<DirectoryObject> out = new ArrayList<>();
        new PageIterator.Builder<DirectoryObject, DirectoryObjectCollectionResponse>().client(graph)
                .collectionPage(first)
                .collectionPageFactory(DirectoryObjectCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(out::add).build().iterate();
        return out;
    }

    private static List<User> allUsers(UserCollectionResponse first) throws Exception {
        List<User> out = new ArrayList<>();
        new PageIterator.Builder<User, UserCollectionResponse>().client(graph).collectionPage(first)
                .collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(out::add).build().iterate();
        return out;
    }

    private List<String> groups(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = dir.addGroup("G" + i).id();
            dir.addMembers(id, ann.id());
            ids.add(id);
        }
        return ids;
    }

    /** $top=2 over 7 groups: the PageIterator follows graph.microsoft.com nextLinks and sees every group once. */
    @Test
    void memberOfPagesThroughThePageIterator() throws Exception {
        List<String> ids = groups(7);
        List<DirectoryObject> seen = all(graph.users().byUserId(ann.id()).memberOf()
                .get(rc -> rc.queryParameters.top = 2));
        assertEquals(Set.copyOf(ids), seen.stream().map(DirectoryObject::getId).collect(Collectors.toSet()));
        assertEquals(7, seen.size());
        seen.forEach(o -> assertInstanceOf(Group.class, o));
    }

    /** Nesting and a cycle (A in B, B in A): transitiveMemberOf terminates and lists each group once. */
    @Test
    void transitiveMemberOfSurvivesCyclesAndListsEachGroupOnce() throws Exception {
        String a = dir.addGroup("A").id();
        String b = dir.addGroup("B").id();
        String c = dir.addGroup("C").id();
        dir.addMembers(a, ann.id());
        dir.addMembers(b, a);
        dir.addMembers(a, b);
        dir.addMembers(c, b);
        List<DirectoryObject> t = all(graph.users().byUserId(ann.id()).transitiveMemberOf()
                .get(rc -> rc.queryParameters.top = 1));
        assertEquals(List.of("A", "B", "C"), t.stream().map(o -> ((Group) o).getDisplayName()).sorted().toList());
        assertEquals(List.of(a), graph.users().byUserId(ann.id()).memberOf().get().getValue().stream()
                .map(DirectoryObject::getId).toList());
    }

    /** A user in no group: 200 with an empty page; a user who does not exist (or was deleted): 404. */
    @Test
    void noGroupsIsEmptyAndDeletedUserIs404() {
        assertEquals(List.of(), graph.users().byUserId(ann.id()).memberOf().get().getValue());
        assertEquals(List.of(), graph.users().byUserId(ann.id()).transitiveMemberOf().get().getValue());
        ODataError e = assertThrows(ODataError.class,
                () -> graph.users().byUserId(UUID.randomUUID().toString()).memberOf().get());
        assertEquals(404, e.getResponseStatusCode());
        assertEquals("Request_ResourceNotFound", e.getError().getCode());
    }

    /** Owners are not members: a group the user only owns is not in memberOf. */
    @Test
    void ownedGroupIsNotAMembership() {
        String g = dir.addGroup("Owned").id();
        dir.addOwners(g, ann.id());
        assertEquals(List.of(), graph.users().byUserId(ann.id()).memberOf().get().getValue());
    }

    /** $count=true with ConsistencyLevel gives @odata.count; the SDK parses it. */
    @Test
    void countWithConsistencyLevel() {
        groups(3);
        DirectoryObjectCollectionResponse r = graph.users().byUserId(ann.id()).memberOf().get(rc -> {
            rc.queryParameters.count = true;
            rc.headers.add("ConsistencyLevel", "eventual");
        });
        assertEquals(3L, r.getOdataCount());
    }

    /** The memberOf page's example 2: GET /users/{id}/memberOf/$count with ConsistencyLevel: eventual. */
    @Test
    void memberOfDollarCountSegment() {
        groups(3);
        Integer n = graph.users().byUserId(ann.id()).memberOf().count()
                .get(rc -> rc.headers.add("ConsistencyLevel", "eventual"));
        assertEquals(3, n);
        Integer g = graph.users().byUserId(ann.id()).memberOf().graphGroup().count()
                .get(rc -> rc.headers.add("ConsistencyLevel", "eventual"));
        assertEquals(3, g);
    }

    /**
     * The memberOf page's example: /memberOf/microsoft.graph.group?$count=true&$orderby=displayName&$search=...
     * with ConsistencyLevel: eventual.
     */
    @Test
    void memberOfCastWithCountOrderbyAndSearchAsDocumented() {
        for (String n : List.of("Video B", "Audio", "video a")) {
            dir.addMembers(dir.addGroup(n).id(), ann.id());
        }
        var r = graph.users().byUserId(ann.id()).memberOf().graphGroup().get(rc -> {
            rc.queryParameters.count = true;
            rc.queryParameters.orderby = new String[] {"displayName"};
            rc.queryParameters.search = "\"displayName:Video\"";
            rc.queryParameters.select = new String[] {"displayName", "id"};
            rc.headers.add("ConsistencyLevel", "eventual");
        });
        assertEquals(List.of("video a", "Video B"), r.getValue().stream().map(Group::getDisplayName).toList());
        assertEquals(2L, r.getOdataCount());
    }

    /** The memberOf page's example 5: cast + $count + $orderby + $filter=startswith(displayName,'a'). */
    @Test
    void memberOfCastWithCountOrderbyAndFilterAsDocumented() {
        for (String n : List.of("ab", "Aa", "b")) {
            dir.addMembers(dir.addGroup(n).id(), ann.id());
        }
        var r = graph.users().byUserId(ann.id()).memberOf().graphGroup().get(rc -> {
            rc.queryParameters.count = true;
            rc.queryParameters.orderby = new String[] {"displayName"};
            rc.queryParameters.filter = "startswith(displayName, 'a')";
            rc.headers.add("ConsistencyLevel", "eventual");
        });
        assertEquals(List.of("Aa", "ab"), r.getValue().stream().map(Group::getDisplayName).toList());
        assertEquals(2L, r.getOdataCount());
    }

    /**
     * The memberOf permissions table names Directory.Read.All (or Directory.ReadWrite.All) as the application
     * permission for another user's memberships; an app with only User.Read.All is refused by Graph (403).
     * https://learn.microsoft.com/en-us/graph/api/user-list-memberof?view=graph-rest-1.0#permissions
     */
    @Test
    void memberOfWithOnlyUserReadAllIsRefusedAsTheDocsSay() {
        // Sources disagree: user-list-memberof's permission table names Directory.Read.All for another user's
        // memberships, while the same page's "limited information returned for inaccessible member objects" rule
        // (and a Microsoft Q&A answer for $expand=memberOf) has a caller who may read users see the memberships with
        // @odata.type and id only. Either answer is Graph's; anything more than that is kinder than Graph.
        String g = groups(1).get(0);
        GraphServiceClient reader = routed.graph(routed.app("User.Read.All"));
        try {
            List<DirectoryObject> seen = reader.users().byUserId(ann.id()).memberOf().get().getValue();
            assertEquals(List.of(g), seen.stream().map(DirectoryObject::getId).toList());
            assertTrue(seen.stream().allMatch(o -> o instanceof com.microsoft.graph.models.Group gr
                    && gr.getDisplayName() == null), "limited information only: type and id");
        } catch (ODataError e) {
            assertEquals(403, e.getResponseStatusCode());
        }
    }

    /** transitiveMemberOf names User.Read.All as the least-privileged application permission: 200. */
    @Test
    void transitiveMemberOfWithUserReadAll() {
        groups(2);
        GraphServiceClient reader = routed.graph(routed.app("User.Read.All"));
        assertEquals(2, reader.users().byUserId(ann.id()).transitiveMemberOf().get().getValue().size());
    }

    /** A user deleted through Graph: its memberships go with it and memberOf answers 404. */
    @Test
    void deletedUserMemberOfIs404() {
        String g = groups(1).get(0);
        graph.users().byUserId(ann.id()).delete();
        ODataError e = assertThrows(ODataError.class, () -> graph.users().byUserId(ann.id()).memberOf().get());
        assertEquals(404, e.getResponseStatusCode());
        assertEquals(List.of(), dir.memberIds(g));
    }

    /** $select=displayName: the SDK still gets @odata.type and builds Group objects. */
    @Test
    void selectKeepsTheTypeForTheSdk() {
        groups(2);
        var v = graph.users().byUserId(ann.id()).memberOf()
                .get(rc -> rc.queryParameters.select = new String[] {"displayName"}).getValue();
        assertEquals(2, v.size());
        v.forEach(o -> assertInstanceOf(Group.class, o));
        assertEquals(List.of("G0", "G1"), v.stream().map(o -> ((Group) o).getDisplayName()).sorted().toList());
    }

    /**
     * Casts to the other documented memberOf types (directoryRole, administrativeUnit): Graph answers 200 with the
     * (here empty) list; a connector checking roles must not fail.
     */
    @Test
    void castToDirectoryRoleAndAdministrativeUnitIsAnEmptyList() {
        groups(1);
        assertEquals(List.of(), graph.users().byUserId(ann.id()).memberOf().graphDirectoryRole().get().getValue());
        assertEquals(List.of(), graph.users().byUserId(ann.id()).memberOf().graphAdministrativeUnit().get()
                .getValue());
    }

    /** $orderby=displayName with $top over ties: pages neither repeat nor skip users with equal names. */
    @Test
    void orderbyWithTiesIsStableAcrossPages() throws Exception {
        List<String> expected = new ArrayList<>(List.of(ann.id()));
        for (int i = 0; i < 6; i++) {
            expected.add(dir.addUser(FakeUser.builder().mail("same" + i + "@contoso.com").displayName("Same")
                    .build()).id());
        }
        expected.add(dir.addUser(FakeUser.builder().mail("b@contoso.com").displayName("bob").build()).id());
        for (String order : List.of("displayName", "displayName desc")) {
            List<User> seen = allUsers(graph.users().get(rc -> {
                rc.queryParameters.orderby = new String[] {order};
                rc.queryParameters.top = 2;
            }));
            assertEquals(Set.copyOf(expected), seen.stream().map(User::getId).collect(Collectors.toSet()), order);
            assertEquals(expected.size(), seen.size(), order);
            Comparator<String> byName = String.CASE_INSENSITIVE_ORDER;
            List<String> names = seen.stream().map(User::getDisplayName).toList();
            List<String> sorted = names.stream().sorted(order.endsWith("desc") ? byName.reversed() : byName).toList();
            assertEquals(sorted, names, order);
        }
    }

    /** A PATCHed displayName moves the user in $orderby at once. */
    @Test
    void orderbyFollowsAPatchedDisplayName() {
        dir.addUser(FakeUser.builder().mail("bob@contoso.com").displayName("Bob").build());
        User p = new User();
        p.setDisplayName("Zed");
        graph.users().byUserId(ann.id()).patch(p);
        List<String> names = graph.users().get(rc -> rc.queryParameters.orderby = new String[] {"displayName"})
                .getValue().stream().map(User::getDisplayName).toList();
        assertEquals(List.of("Bob", "Zed"), names);
    }

    /** $orderby + $count (advanced query, no filter): sorted and counted. */
    @Test
    void orderbyWithCountAsAdvancedQuery() {
        dir.addUser(FakeUser.builder().mail("bob@contoso.com").displayName("Bob").build());
        UserCollectionResponse r = graph.users().get(rc -> {
            rc.queryParameters.orderby = new String[] {"displayName desc"};
            rc.queryParameters.count = true;
            rc.headers.add("ConsistencyLevel", "eventual");
        });
        assertEquals(List.of("Bob", "Ann"), r.getValue().stream().map(User::getDisplayName).toList());
        assertEquals(2L, r.getOdataCount());
    }

    /** $orderby with $filter but not as advanced query: 400 Request_UnsupportedQuery, which the SDK parses. */
    @Test
    void orderbyWithFilterOutsideAdvancedQueriesIsRefusedInAShapeTheSdkParses() {
        ODataError e = assertThrows(ODataError.class, () -> graph.users().get(rc -> {
            rc.queryParameters.orderby = new String[] {"displayName"};
            rc.queryParameters.filter = "startswith(displayName,'A')";
        }));
        assertEquals(400, e.getResponseStatusCode());
        assertEquals("Request_UnsupportedQuery", e.getError().getCode());
        ODataError multi = assertThrows(ODataError.class, () -> graph.users().get(rc ->
                rc.queryParameters.orderby = new String[] {"displayName", "id"}));
        assertEquals(400, multi.getResponseStatusCode());
    }

    /** Raw: $orderby on memberOf without advanced headers is refused (as documented: advanced only). */
    @Test
    void orderbyOnMemberOfWithoutAdvancedHeadersIsRefused() throws Exception {
        groups(1);
        Routed.Resp r = routed.call("GET", "/users/" + ann.id() + "/memberOf?$orderby=displayName", token, null);
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.contentType() != null && r.contentType().startsWith("application/json"), r.contentType());
    }

    /** $top is 1..999 on directory relationships; 1000 is refused with 400 in Graph's envelope. */
    @Test
    void memberOfTopAbove999IsRefused() throws Exception {
        groups(1);
        Routed.Resp r = routed.call("GET", "/users/" + ann.id() + "/memberOf?$top=1000", token, null);
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.json().getAsJsonObject().getAsJsonObject("error").has("code"), r.body());
    }

    /** transitiveMemberOf with $count=true and ConsistencyLevel counts the nested groups. */
    @Test
    void transitiveMemberOfCount() {
        String a = groups(1).get(0);
        String b = dir.addGroup("Outer").id();
        dir.addMembers(b, a);
        DirectoryObjectCollectionResponse r = graph.users().byUserId(ann.id()).transitiveMemberOf().get(rc -> {
            rc.queryParameters.count = true;
            rc.headers.add("ConsistencyLevel", "eventual");
        });
        assertEquals(2L, r.getOdataCount());
        assertEquals(2, r.getValue().size());
    }

    /** memberOf via the user's UPN (GET /users/{id | userPrincipalName}/memberOf). */
    @Test
    void memberOfByUserPrincipalName() {
        groups(2);
        assertEquals(2, graph.users().byUserId(ann.userPrincipalName()).memberOf().graphGroup().get().getValue()
                .size());
    }

    /** $orderby=displayName on /groups with $search (advanced query): sorted results. */
    @Test
    void groupsOrderbyWithSearch() {
        for (String n : List.of("Board b", "board A", "Other")) {
            dir.addGroup(n);
        }
        var names = graph.groups().get(rc -> {
            rc.queryParameters.orderby = new String[] {"displayName"};
            rc.queryParameters.search = "\"displayName:board\"";
            rc.queryParameters.count = true;
            rc.headers.add("ConsistencyLevel", "eventual");
        }).getValue().stream().map(Group::getDisplayName).toList();
        assertEquals(List.of("board A", "Board b"), names);
    }
}
