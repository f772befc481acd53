package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@FakeGraphTest
class GroupsAndUsersTest {

    private static ODataError odataError(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(ODataError.class, call);
    }

    @Test
    void pageIteratorFollowsOpaqueNextLinksOverAllGroups(FakeGraphTenant fake) throws Exception {
        for (int i = 0; i < 250; i++) {
            fake.directory().addGroup("Team " + i);
        }
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All"));
        GroupCollectionResponse first = graph.groups().get(rc -> rc.queryParameters.top = 100);
        assertEquals(100, first.getValue().size());
        assertTrue(first.getOdataNextLink().startsWith(fake.graphEndpoint() + "/v1.0/groups?"));
        assertTrue(first.getOdataNextLink().contains("$skiptoken="));
        List<String> names = new ArrayList<>();
        new PageIterator.Builder<Group, GroupCollectionResponse>().client(graph).collectionPage(first)
                .collectionPageFactory(GroupCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(g -> names.add(g.getDisplayName())).build().iterate();
        assertEquals(250, names.size());
        assertEquals(250, names.stream().distinct().count());
        assertEquals(3, fake.journal().count("GET", "/groups"));
    }

    @Test
    void filterSupportsEqStartswithInAnyAndOrWithEscapedQuotes(FakeGraphTenant fake) {
        FakeDirectory dir = fake.directory();
        dir.addGroup("O'Neil Fans");
        dir.addGroup("Board");
        dir.addGroup(FakeGroup.builder("Security Team").security().build());
        dir.addUser(FakeUser.builder().mail("ann@contoso.com").otherMails("ann@home.example").build());
        dir.addUser(FakeUser.builder().mail("bob@contoso.com").proxyAddresses("smtp:robert@contoso.com").build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All", "User.Read.All"));
        assertEquals(List.of("O'Neil Fans"), names(graph.groups().get(rc ->
                rc.queryParameters.filter = "displayName eq 'o''neil fans'").getValue()));
        assertEquals(List.of("Board"), names(graph.groups().get(rc ->
                rc.queryParameters.filter = "startswith(displayName,'bo')").getValue()));
        assertEquals(2, graph.groups().get(rc -> rc.queryParameters.filter =
                "groupTypes/any(c:c eq 'Unified')").getValue().size());
        assertEquals(2, graph.groups().get(rc -> rc.queryParameters.filter =
                "displayName in ('Board', 'Security Team', 'Nope')").getValue().size());
        assertEquals(List.of("ann@contoso.com"), mails(graph.users().get(rc -> rc.queryParameters.filter =
                "otherMails/any(x:x eq 'ANN@home.example')").getValue()));
        assertEquals(List.of("bob@contoso.com"), mails(graph.users().get(rc -> rc.queryParameters.filter =
                "proxyAddresses/any(x:x eq 'SMTP:robert@contoso.com')").getValue()));
        assertEquals(2, graph.users().get(rc -> rc.queryParameters.filter =
                "mail eq 'ann@contoso.com' or userPrincipalName eq 'bob@contoso.com'").getValue().size());
        assertEquals(0, graph.users().get(rc -> rc.queryParameters.filter =
                "mail eq 'ann@contoso.com' and userPrincipalName eq 'bob@contoso.com'").getValue().size());
    }

    @Test
    void unsupportedQueriesAreRejectedNotIgnored(FakeGraphTenant fake) {
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All", "User.Read.All"));
        String sixteen = String.join(",", java.util.Collections.nCopies(16, "'x'"));
        ODataError in16 = odataError(() -> graph.users().get(rc ->
                rc.queryParameters.filter = "mail in (" + sixteen + ")"));
        assertEquals(400, in16.getResponseStatusCode());
        // $orderby=displayName alone is supported (issue 18); with a plain $filter it is not
        ODataError orderby = odataError(() -> graph.groups().get(rc -> {
            rc.queryParameters.orderby = new String[] {"displayName"};
            rc.queryParameters.filter = "startswith(displayName,'b')";
        }));
        assertEquals("Request_UnsupportedQuery", orderby.getError().getCode());
        ODataError search = odataError(() -> graph.groups().get(rc ->
                rc.queryParameters.search = "\"displayName:board\""));
        assertEquals("Request_UnsupportedQuery", search.getError().getCode());
        ODataError count = odataError(() -> graph.groups().get(rc -> rc.queryParameters.count = true));
        assertEquals("Request_UnsupportedQuery", count.getError().getCode());
        ODataError ne = odataError(() -> graph.groups().get(rc -> rc.queryParameters.filter = "displayName ne 'x'"));
        assertEquals("Request_UnsupportedQuery", ne.getError().getCode());
        ODataError top = odataError(() -> graph.groups().get(rc -> rc.queryParameters.top = 1000));
        assertEquals(400, top.getResponseStatusCode());
        ODataError unknownProp = odataError(() -> graph.groups().get(rc ->
                rc.queryParameters.select = new String[] {"nope"}));
        assertEquals(400, unknownProp.getResponseStatusCode());
    }

    @Test
    void searchAndCountWorkWithConsistencyLevelEventual(FakeGraphTenant fake) {
        fake.directory().addGroup("Finance Board");
        fake.directory().addGroup("Board of Directors");
        fake.directory().addGroup("Sales");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
        GroupCollectionResponse r = graph.groups().get(rc -> {
            rc.headers.add("ConsistencyLevel", "eventual");
            rc.queryParameters.search = "\"displayName:board\"";
            rc.queryParameters.count = true;
            rc.queryParameters.select = new String[] {"id", "displayName"};
        });
        assertEquals(2L, r.getOdataCount());
        assertEquals(2, r.getValue().size());
        assertNull(r.getValue().get(0).getMailNickname());
        assertNotNull(r.getValue().get(0).getDisplayName());
    }

    @Test
    void getGroupByIdAndUnknownIdIs404(FakeGraphTenant fake) {
        FakeGroup board = fake.directory().addGroup("Board");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
        Group g = graph.groups().byGroupId(board.id()).get();
        assertEquals("Board", g.getDisplayName());
        assertEquals(List.of("Unified"), g.getGroupTypes());
        assertEquals("Board@contoso.onmicrosoft.com", g.getMail());
        ODataError e = odataError(() -> graph.groups().byGroupId("00000000-0000-0000-0000-000000000001").get());
        assertEquals(404, e.getResponseStatusCode());
        assertEquals("Request_ResourceNotFound", e.getError().getCode());
        assertNotNull(e.getError().getInnerError().getRequestId());
    }

    @Test
    void createGroupReturns201AndEnforcesGraphRules(FakeGraphTenant fake) {
        FakeUser owner = fake.directory().addUser("owner@contoso.com");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.ReadWrite.All", "User.Read.All"));
        Group created = graph.groups().post(newGroup("Board", "board", List.of(
                "https://graph.microsoft.com/v1.0/users/" + owner.id())));
        assertNotNull(created.getId());
        assertEquals("board@contoso.onmicrosoft.com", created.getMail());
        assertEquals(List.of(owner.id()), fake.directory().owners(created.getId()).stream()
                .map(FakeDirectoryObject::id).toList());
        ODataError dup = odataError(() -> graph.groups().post(newGroup("Other", "BOARD", List.of())));
        assertEquals(400, dup.getResponseStatusCode());
        assertEquals("Another object with the same value for property mailNickname already exists.",
                dup.getError().getMessage());
        ODataError banned = odataError(() -> graph.groups().post(newGroup("X", "has space", List.of())));
        assertEquals("Request_BadRequest", banned.getError().getCode());
        ODataError tooLong = odataError(() -> graph.groups().post(newGroup("X", "n".repeat(65), List.of())));
        assertEquals(400, tooLong.getResponseStatusCode());
        ODataError longName = odataError(() -> graph.groups().post(newGroup("d".repeat(257), "ok1", List.of())));
        assertEquals(400, longName.getResponseStatusCode());
        List<String> binds = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            binds.add("https://graph.microsoft.com/v1.0/users/" + fake.directory().addUser("u" + i + "@c.com").id());
        }
        ODataError tooMany = odataError(() -> graph.groups().post(newGroup("X", "ok2", binds)));
        assertEquals(400, tooMany.getResponseStatusCode());
        Group missing = new Group();
        missing.setDisplayName("No nickname");
        missing.setMailEnabled(true);
        missing.setSecurityEnabled(false);
        assertEquals(400, odataError(() -> graph.groups().post(missing)).getResponseStatusCode());
    }

    static Group newGroup(String name, String nick, List<String> ownerBinds) {
        Group g = new Group();
        g.setDisplayName(name);
        g.setMailNickname(nick);
        g.setMailEnabled(true);
        g.setSecurityEnabled(false);
        g.setGroupTypes(List.of("Unified"));
        if (!ownerBinds.isEmpty()) {
            Map<String, Object> extra = new HashMap<>();
            extra.put("owners@odata.bind", ownerBinds);
            g.setAdditionalData(extra);
        }
        return g;
    }

    @Test
    void usersListAndGetByUpnWithSelect(FakeGraphTenant fake) {
        FakeUser ann = fake.directory().addUser(FakeUser.builder().mail("ann@contoso.com").displayName("Ann")
                .otherMails("a@x.com").build());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "User.Read.All"));
        UserCollectionResponse all = graph.users().get();
        assertEquals(1, all.getValue().size());
        assertNull(all.getValue().get(0).getOtherMails(), "otherMails only with $select");
        User u = graph.users().byUserId("ann@contoso.com").get(rc ->
                rc.queryParameters.select = new String[] {"id", "otherMails"});
        assertEquals(ann.id(), u.getId());
        assertEquals(List.of("a@x.com"), u.getOtherMails());
        assertEquals(403, odataError(() -> Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All")).users().get())
                .getResponseStatusCode());
    }

    @Test
    void userReadBasicAllSeesOnlyTheBasicProfileAndCannotFilterOnOtherProperties(FakeGraphTenant fake) {
        FakeUser ann = fake.directory().addUser(FakeUser.builder().mail("ann@contoso.com").displayName("Ann")
                .otherMails("a@x.com").proxyAddresses("SMTP:ann@contoso.com").build());
        FakeGroup board = fake.directory().addGroup("Board");
        fake.directory().addMembers(board.id(), ann.id());
        String[] select = {"id", "displayName", "mail", "userPrincipalName", "otherMails", "proxyAddresses",
            "accountEnabled"};
        GraphServiceClient basic = Sdk.graph(fake, Sdk.app(fake, "User.ReadBasic.All", "GroupMember.Read.All"));
        User u = basic.users().byUserId(ann.id()).get(rc -> rc.queryParameters.select = select);
        assertEquals("ann@contoso.com", u.getMail());
        assertEquals("Ann", u.getDisplayName());
        assertEquals(ann.userPrincipalName(), u.getUserPrincipalName());
        assertEquals(List.of(), u.getOtherMails(), "otherMails is outside the basic profile");
        assertEquals(List.of(), u.getProxyAddresses());
        assertNull(u.getAccountEnabled());
        User listed = basic.users().get(rc -> rc.queryParameters.select = select).getValue().get(0);
        assertEquals(List.of(), listed.getOtherMails());
        assertEquals("ann@contoso.com", listed.getMail());
        User member = basic.groups().byGroupId(board.id()).members().graphUser().get(rc ->
                rc.queryParameters.select = select).getValue().get(0);
        assertEquals("ann@contoso.com", member.getMail());
        assertEquals(List.of(), member.getOtherMails());
        assertEquals(403, odataError(() -> basic.users().get(rc ->
                rc.queryParameters.filter = "otherMails/any(x:x eq 'a@x.com')")).getResponseStatusCode());
        assertEquals(1, basic.users().get(rc -> rc.queryParameters.filter = "mail eq 'otherMails@x.com' or "
                + "mail eq 'ann@contoso.com'").getValue().size(), "a property name inside a literal is fine");

        GraphServiceClient full = Sdk.graph(fake, Sdk.app(fake, "User.ReadBasic.All", "User.Read.All"));
        User f = full.users().byUserId(ann.id()).get(rc -> rc.queryParameters.select = select);
        assertEquals(List.of("a@x.com"), f.getOtherMails());
        assertEquals(Boolean.TRUE, f.getAccountEnabled());
        assertEquals(1, full.users().get(rc -> rc.queryParameters.filter = "otherMails/any(x:x eq 'a@x.com')")
                .getValue().size());
    }

    private static List<String> names(List<Group> groups) {
        return groups.stream().map(Group::getDisplayName).toList();
    }

    private static List<String> mails(List<User> users) {
        return users.stream().map(User::getMail).toList();
    }
}
