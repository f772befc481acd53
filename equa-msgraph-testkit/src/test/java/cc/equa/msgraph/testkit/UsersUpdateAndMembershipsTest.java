package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a connector written for Graph, not for this library, does with users: update them, list the groups they are
 * in, list users and groups sorted by name (issue 18). Through the real Graph SDK.
 */
@FakeGraphTest
class UsersUpdateAndMembershipsTest {

    @Test
    void patchUserUpdatesTheWritablePropertiesAConnectorTouches(FakeGraphTenant fake) {
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "User.ReadWrite.All"));
        User patch = new User();
        patch.setDisplayName("Ann Smith");
        patch.setJobTitle("Treasurer");
        patch.setDepartment("Board");
        patch.setGivenName("Ann");
        patch.setSurname("Smith");
        patch.setUsageLocation("ch");
        patch.setAccountEnabled(false);
        patch.setMailNickname("ann.smith");
        patch.setOtherMails(List.of("ann@home.example"));
        assertNull(graph.users().byUserId(ann.id()).patch(patch));

        User read = graph.users().byUserId(ann.id()).get(rc -> rc.queryParameters.select = new String[] {
            "displayName", "jobTitle", "department", "givenName", "surname", "usageLocation", "accountEnabled",
            "mailNickname", "otherMails"});
        assertEquals("Ann Smith", read.getDisplayName());
        assertEquals("Treasurer", read.getJobTitle());
        assertEquals("Board", read.getDepartment());
        assertEquals("Ann", read.getGivenName());
        assertEquals("Smith", read.getSurname());
        assertEquals("CH", read.getUsageLocation());
        assertEquals(false, read.getAccountEnabled());
        assertEquals("ann.smith", read.getMailNickname());
        assertEquals(List.of("ann@home.example"), read.getOtherMails());
        FakeUser stored = fake.directory().user(ann.id()).orElseThrow();
        assertEquals("Ann Smith", stored.displayName());
        assertEquals(false, stored.accountEnabled());
        assertEquals(1, fake.journal().count("PATCH", "/users/" + ann.id()));

        // the user index answers address lookups: an updated otherMails is found, the old value is not
        GraphServiceClient reader = Sdk.graph(fake, Sdk.app(fake, "User.Read.All"));
        assertEquals(List.of(ann.id()), reader.users().get(rc -> rc.queryParameters.filter =
                "otherMails/any(x:x eq 'ann@home.example')").getValue().stream().map(User::getId).toList());
        User again = new User();
        again.setOtherMails(List.of("ann@elsewhere.example"));
        graph.users().byUserId(ann.id()).patch(again);
        assertEquals(List.of(), reader.users().get(rc -> rc.queryParameters.filter =
                "otherMails/any(x:x eq 'ann@home.example')").getValue());
        assertEquals(List.of(ann.id()), reader.users().get(rc -> rc.queryParameters.filter =
                "otherMails/any(x:x eq 'ann@elsewhere.example')").getValue().stream().map(User::getId).toList());
    }

    @Test
    void patchUserRefusesReadOnlyUnknownAndMistypedPropertiesAndChangesNothing(FakeGraphTenant fake) {
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        FakeApp app = Sdk.app(fake, "User.ReadWrite.All");
        Http http = new Http(fake);
        String token = http.accessToken(app);
        Http.Resp readOnly = http.graph("PATCH", "/users/" + ann.id(), token,
                "{\"jobTitle\":\"Treasurer\",\"createdDateTime\":\"2020-01-01T00:00:00Z\"}");
        assertEquals(400, readOnly.status());
        assertEquals("Request_BadRequest", readOnly.errorCode());
        assertTrue(readOnly.body().contains("Property 'createdDateTime' is read-only and cannot be set."),
                readOnly.body());
        Http.Resp unknown = http.graph("PATCH", "/users/" + ann.id(), token, "{\"favouriteColour\":\"blue\"}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("does not exist on type 'microsoft.graph.user'"), unknown.body());
        Http.Resp mistyped = http.graph("PATCH", "/users/" + ann.id(), token, "{\"accountEnabled\":\"no\"}");
        assertEquals(400, mistyped.status());
        assertTrue(mistyped.body().contains("Invalid value specified for property 'accountEnabled'"),
                mistyped.body());
        Http.Resp unmodelled = http.graph("PATCH", "/users/" + ann.id(), token,
                "{\"passwordProfile\":{\"password\":\"x\"}}");
        assertEquals(400, unmodelled.status());
        assertEquals("Request_UnsupportedQuery", unmodelled.errorCode());
        Http.Resp missing = http.graph("PATCH", "/users/" + java.util.UUID.randomUUID(), token,
                "{\"jobTitle\":\"x\"}");
        assertEquals(404, missing.status());
        assertEquals("Request_ResourceNotFound", missing.errorCode());

        Http.Resp read = http.get("/users/" + ann.id() + "?$select=jobTitle,displayName", token);
        assertTrue(read.json().get("jobTitle").isJsonNull(), "a refused PATCH changed nothing: " + read.body());
    }

    @Test
    void patchUserNeedsUserReadWriteAllOrDirectoryReadWriteAll(FakeGraphTenant fake) {
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        User patch = new User();
        patch.setJobTitle("Treasurer");
        for (String role : List.of("User.Read.All", "Group.ReadWrite.All", "GroupMember.ReadWrite.All")) {
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, role));
            ODataError e = assertThrows(ODataError.class, () -> graph.users().byUserId(ann.id()).patch(patch));
            assertEquals(403, e.getResponseStatusCode(), role);
            assertEquals("Authorization_RequestDenied", e.getError().getCode(), role);
        }
        for (String role : List.of("User.ReadWrite.All", "Directory.ReadWrite.All")) {
            Sdk.graph(fake, Sdk.app(fake, role)).users().byUserId(ann.id()).patch(patch);
        }
    }

    @Test
    void patchUserCountsAgainstTheWriteQuota(FakeGraphTenant fake) {
        fake.writeQuota(WriteQuota.of(1, java.time.Duration.ofSeconds(30)));
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        Http http = new Http(fake);
        String token = http.accessToken(Sdk.app(fake, "User.ReadWrite.All"));
        assertEquals(204, http.graph("PATCH", "/users/" + ann.id(), token, "{\"jobTitle\":\"a\"}").status());
        Http.Resp second = http.graph("PATCH", "/users/" + ann.id(), token, "{\"jobTitle\":\"b\"}");
        assertEquals(429, second.status(), second.body());
        assertTrue(second.header("Retry-After") != null);
    }

    @Test
    void memberOfPagesTheUsersDirectGroupsAndTransitiveMemberOfFollowsNesting(FakeGraphTenant fake) {
        FakeDirectory dir = fake.directory();
        FakeUser ann = dir.addUser("ann@contoso.com");
        List<String> direct = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FakeGroup g = dir.addGroup("Team " + i);
            dir.addMembers(g.id(), ann.id());
            direct.add(g.id());
        }
        FakeGroup outer = dir.addGroup("Everyone");
        dir.addMembers(outer.id(), direct.get(0));
        FakeGroup outermost = dir.addGroup("Company");
        dir.addMembers(outermost.id(), outer.id());
        dir.addGroup("Unrelated");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "User.Read.All", "GroupMember.Read.All"));

        DirectoryObjectCollectionResponse first = graph.users().byUserId(ann.id()).memberOf()
                .get(rc -> rc.queryParameters.top = 2);
        assertEquals(2, first.getValue().size());
        assertTrue(first.getOdataNextLink().contains("$skiptoken="), first.getOdataNextLink());
        List<String> ids = new ArrayList<>();
        iterate(graph, first, o -> ids.add(o.getId()));
        assertEquals(direct.stream().sorted().toList(), ids.stream().sorted().toList());
        assertTrue(first.getValue().get(0) instanceof Group, "memberOf items carry their @odata.type");

        List<String> transitive = new ArrayList<>();
        iterate(graph, graph.users().byUserId(ann.id()).transitiveMemberOf().get(), o -> transitive.add(o.getId()));
        List<String> expected = new ArrayList<>(direct);
        expected.add(outer.id());
        expected.add(outermost.id());
        assertEquals(expected.stream().sorted().toList(), transitive.stream().sorted().toList());

        GroupCollectionResponse cast = graph.users().byUserId(ann.id()).transitiveMemberOf().graphGroup()
                .get(rc -> rc.queryParameters.select = new String[] {"id", "displayName"});
        assertEquals(7, cast.getValue().size());
        assertTrue(cast.getValue().stream().anyMatch(g -> "Company".equals(g.getDisplayName())));
        assertEquals(5, graph.users().byUserId(ann.id()).memberOf().graphGroup().get().getValue().size());
    }

    @Test
    void memberOfShowsGroupsTheCallerMayNotReadAsTypeAndIdAndFiltersOnlyAsAnAdvancedQuery(FakeGraphTenant fake) {
        FakeDirectory dir = fake.directory();
        FakeUser ann = dir.addUser("ann@contoso.com");
        FakeGroup board = dir.addGroup("Board");
        dir.addMembers(board.id(), ann.id());
        FakeApp usersOnly = Sdk.app(fake, "User.Read.All");
        Http http = new Http(fake);
        String token = http.accessToken(usersOnly);
        Http.Resp limited = http.get("/users/" + ann.id() + "/memberOf", token);
        assertEquals(200, limited.status(), limited.body());
        var item = limited.json().getAsJsonArray("value").get(0).getAsJsonObject();
        assertEquals("#microsoft.graph.group", item.get("@odata.type").getAsString());
        assertEquals(board.id(), item.get("id").getAsString());
        assertTrue(!item.has("displayName") || item.get("displayName").isJsonNull(), limited.body());

        String groupReader = http.accessToken(Sdk.app(fake, "User.Read.All", "Group.Read.All"));
        Http.Resp plainFilter = http.get("/users/" + ann.id() + "/memberOf?$filter="
                + Http.enc("displayName eq 'Board'"), groupReader);
        assertEquals(400, plainFilter.status());
        assertEquals("Request_UnsupportedQuery", plainFilter.errorCode());
        Http.Resp advanced = http.get("/users/" + ann.id() + "/memberOf?$count=true&$filter="
                + Http.enc("displayName eq 'Board'"), groupReader, "ConsistencyLevel", "eventual");
        assertEquals(200, advanced.status(), advanced.body());
        assertEquals(1, advanced.json().get("@odata.count").getAsInt());

        String groupsOnly = http.accessToken(Sdk.app(fake, "Group.Read.All"));
        assertEquals(403, http.get("/users/" + ann.id() + "/memberOf", groupsOnly).status());
        assertEquals(404, http.get("/users/" + java.util.UUID.randomUUID() + "/memberOf", token).status());
    }

    @Test
    void orderbyDisplayNameSortsUsersAndGroupsAcrossPagesBothWays(FakeGraphTenant fake) throws Exception {
        FakeDirectory dir = fake.directory();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "member " + (char) ('a' + (i * 7) % 12) + i;
            names.add(name);
            dir.addUser(FakeUser.builder().mail("u" + i + "@contoso.com").displayName(name).build());
            dir.addGroup("Group " + name);
        }
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "User.Read.All", "Group.Read.All"));
        List<String> users = new ArrayList<>();
        UserCollectionResponse page = graph.users().get(rc -> {
            rc.queryParameters.orderby = new String[] {"displayName"};
            rc.queryParameters.top = 5;
        });
        new PageIterator.Builder<User, UserCollectionResponse>().client(graph).collectionPage(page)
                .collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(u -> users.add(u.getDisplayName())).build().iterate();
        List<String> sorted = names.stream().sorted(Comparator.comparing(String::toLowerCase)).toList();
        assertEquals(sorted, users);

        List<String> groups = new ArrayList<>();
        GroupCollectionResponse gp = graph.groups().get(rc -> {
            rc.queryParameters.orderby = new String[] {"displayName desc"};
            rc.queryParameters.top = 4;
        });
        new PageIterator.Builder<Group, GroupCollectionResponse>().client(graph).collectionPage(gp)
                .collectionPageFactory(GroupCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(g -> groups.add(g.getDisplayName())).build().iterate();
        List<String> reversed = new ArrayList<>(sorted.stream().map(n -> "Group " + n).toList());
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, groups);
    }

    @Test
    void orderbyIsRefusedWhereGraphRefusesIt(FakeGraphTenant fake) {
        fake.directory().addUser("ann@contoso.com");
        Http http = new Http(fake);
        String token = http.accessToken(Sdk.app(fake, "User.Read.All", "Group.Read.All"));
        Map<String, String> refused = Map.of(
                "/users?$orderby=displayName&$filter=" + Http.enc("startswith(displayName,'a')"),
                "Sorting not supported for current query.",
                "/users?$orderby=jobTitle", "Sorting not supported for current query.",
                "/groups?$orderby=mailNickname", "Sorting not supported for current query.");
        refused.forEach((query, message) -> {
            Http.Resp r = http.get(query, token);
            assertEquals(400, r.status(), query);
            assertEquals("Request_UnsupportedQuery", r.errorCode(), query);
            assertTrue(r.body().contains(message), r.body());
        });
        Http.Resp search = http.get("/users?$orderby=displayName&$search=" + Http.enc("\"displayName:ann\""), token);
        assertEquals(400, search.status(), "$search without ConsistencyLevel");
        assertEquals("Request_UnsupportedQuery", search.errorCode());
        Http.Resp advanced = http.get("/users?$count=true&$orderby=displayName&$filter="
                + Http.enc("startswith(displayName,'a')"), token, "ConsistencyLevel", "eventual");
        assertEquals(200, advanced.status(), advanced.body());
        assertEquals(400, http.get("/users?$orderby=displayName%20sideways", token).status());
        Http.Resp onMembers = http.get("/users/ann@contoso.com/memberOf?$orderby=displayName", token);
        assertEquals(400, onMembers.status());
        assertEquals("Request_UnsupportedQuery", onMembers.errorCode());
    }

    private static void iterate(GraphServiceClient graph, DirectoryObjectCollectionResponse first,
            java.util.function.Consumer<DirectoryObject> each) {
        try {
            new PageIterator.Builder<DirectoryObject, DirectoryObjectCollectionResponse>().client(graph)
                    .collectionPage(first)
                    .collectionPageFactory(DirectoryObjectCollectionResponse::createFromDiscriminatorValue)
                    .processPageItemCallback(o -> {
                        each.accept(o);
                        return true;
                    }).build().iterate();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
