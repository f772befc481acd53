package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.Device;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.OrgContact;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@FakeGraphTest
class MembersTest {

    static ReferenceCreate ref(String id) {
        ReferenceCreate r = new ReferenceCreate();
        r.setOdataId("https://graph.microsoft.com/v1.0/directoryObjects/" + id);
        return r;
    }

    static Group bind(List<String> ids) {
        Group g = new Group();
        Map<String, Object> extra = new HashMap<>();
        extra.put("members@odata.bind", ids.stream().map(id ->
                "https://graph.microsoft.com/v1.0/directoryObjects/" + id).toList());
        g.setAdditionalData(extra);
        return g;
    }

    @Test
    void membersOfEveryTypeComeBackWithTheirOdataType(FakeGraphTenant fake) {
        FakeDirectory dir = fake.directory();
        FakeGroup g = dir.addGroup("Board");
        dir.addMembers(g.id(), dir.addUser("ann@contoso.com").id(), dir.addGroup("Nested").id(),
                dir.addDevice("Laptop").id(), dir.addServicePrincipal("Robot").id(),
                dir.addOrgContact("Ext", "ext@partner.com").id());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Directory.Read.All"));
        List<DirectoryObject> members = graph.groups().byGroupId(g.id()).members().get().getValue();
        assertEquals(5, members.size());
        assertEquals(1, members.stream().filter(User.class::isInstance).count());
        assertEquals(1, members.stream().filter(Group.class::isInstance).count());
        assertEquals(1, members.stream().filter(Device.class::isInstance).count());
        assertEquals(1, members.stream().filter(ServicePrincipal.class::isInstance).count());
        assertEquals(1, members.stream().filter(OrgContact.class::isInstance).count());
        List<User> users = graph.groups().byGroupId(g.id()).members().graphUser().get(rc ->
                rc.queryParameters.select = new String[] {"id", "mail", "userPrincipalName"}).getValue();
        assertEquals(List.of("ann@contoso.com"), users.stream().map(User::getMail).toList());
    }

    @Test
    void withOnlyGroupMemberReadAllMembersHaveTypeAndIdOnly(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        fake.directory().addMembers(g.id(), ann.id());
        List<DirectoryObject> limited = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All")).groups()
                .byGroupId(g.id()).members().get().getValue();
        User u = assertInstanceOf(User.class, limited.get(0));
        assertEquals(ann.id(), u.getId());
        assertNull(u.getMail());
        List<DirectoryObject> full = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All", "User.ReadBasic.All"))
                .groups().byGroupId(g.id()).members().get().getValue();
        assertEquals("ann@contoso.com", ((User) full.get(0)).getMail());
    }

    @Test
    void memberPagingHonoursTopUpTo999(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Big");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(fake.directory().addUser("u" + i + "@c.com").id());
        }
        fake.directory().addMembers(g.id(), ids);
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All"));
        var firstDefault = graph.groups().byGroupId(g.id()).members().get();
        assertEquals(100, firstDefault.getValue().size());
        assertTrue(firstDefault.getOdataNextLink() != null);
        assertEquals(150, graph.groups().byGroupId(g.id()).members().get(rc -> rc.queryParameters.top = 999)
                .getValue().size());
        assertEquals(400, assertThrows(ODataError.class, () -> graph.groups().byGroupId(g.id()).members()
                .get(rc -> rc.queryParameters.top = 1000)).getResponseStatusCode());
    }

    @Test
    void addMemberRefIs204ThenDuplicateIs400AndUnknownObjectIs404(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        graph.groups().byGroupId(g.id()).members().ref().post(ref(ann.id()));
        assertEquals(List.of(ann.id()), fake.directory().memberIds(g.id()));
        ODataError dup = assertThrows(ODataError.class,
                () -> graph.groups().byGroupId(g.id()).members().ref().post(ref(ann.id())));
        assertEquals(400, dup.getResponseStatusCode());
        assertEquals("Request_BadRequest", dup.getError().getCode());
        assertEquals("One or more added object references already exist for the following modified properties: "
                + "'members'.", dup.getError().getMessage());
        ODataError unknown = assertThrows(ODataError.class, () -> graph.groups().byGroupId(g.id()).members().ref()
                .post(ref("00000000-0000-0000-0000-0000000000aa")));
        assertEquals(404, unknown.getResponseStatusCode());
    }

    @Test
    void patchMembersBindIsAllOrNothingAndCappedAt20(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            ids.add(fake.directory().addUser("u" + i + "@c.com").id());
        }
        fake.directory().addMembers(g.id(), ids.get(0));
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        ODataError existing = assertThrows(ODataError.class,
                () -> graph.groups().byGroupId(g.id()).patch(bind(ids.subList(0, 5))));
        assertEquals(400, existing.getResponseStatusCode());
        assertEquals(1, fake.directory().memberIds(g.id()).size());
        assertEquals(400, assertThrows(ODataError.class,
                () -> graph.groups().byGroupId(g.id()).patch(bind(ids.subList(0, 21)))).getResponseStatusCode());
        graph.groups().byGroupId(g.id()).patch(bind(ids.subList(1, 21)));
        assertEquals(21, fake.directory().memberIds(g.id()).size());
    }

    @Test
    void removeMemberRefIs204AndNonMemberIs404(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        fake.directory().addMembers(g.id(), ann.id());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        graph.groups().byGroupId(g.id()).members().byDirectoryObjectId(ann.id()).ref().delete();
        assertEquals(List.of(), fake.directory().memberIds(g.id()));
        ODataError again = assertThrows(ODataError.class,
                () -> graph.groups().byGroupId(g.id()).members().byDirectoryObjectId(ann.id()).ref().delete());
        assertEquals(404, again.getResponseStatusCode());
        assertEquals("Request_ResourceNotFound", again.getError().getCode());
    }

    @Test
    void permissionIsCheckedBeforeExistence(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        String random = "00000000-0000-0000-0000-0000000000bb";
        GraphServiceClient readOnly = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All"));
        assertEquals(403, assertThrows(ODataError.class, () -> readOnly.groups().byGroupId(g.id()).members()
                .byDirectoryObjectId(random).ref().delete()).getResponseStatusCode());
        GraphServiceClient writer = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        assertEquals(404, assertThrows(ODataError.class, () -> writer.groups().byGroupId(g.id()).members()
                .byDirectoryObjectId(random).ref().delete()).getResponseStatusCode());
        assertEquals(403, assertThrows(ODataError.class, () -> writer.groups().post(
                GroupsAndUsersTest.newGroup("X", "x", List.of()))).getResponseStatusCode());
    }

    @Test
    void ownersCanBeListedAddedAndRemovedByRef(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        FakeUser bob = fake.directory().addUser("bob@contoso.com");
        fake.directory().addOwners(g.id(), ann.id());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.ReadWrite.All", "User.Read.All"));
        assertEquals(1, graph.groups().byGroupId(g.id()).owners().get().getValue().size());
        graph.groups().byGroupId(g.id()).owners().ref().post(ref(bob.id()));
        graph.groups().byGroupId(g.id()).owners().byDirectoryObjectId(ann.id()).ref().delete();
        assertEquals(List.of(bob.id()), fake.directory().owners(g.id()).stream().map(FakeDirectoryObject::id)
                .toList());
        GraphServiceClient memberWriter = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        assertEquals(403, assertThrows(ODataError.class, () -> memberWriter.groups().byGroupId(g.id()).owners()
                .ref().post(ref(ann.id()))).getResponseStatusCode());
    }

    @Test
    void deleteWithoutRefIsRecordedAsAViolation(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        fake.directory().addMembers(g.id(), ann.id());
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        // the SDK has no member DELETE without /$ref; a hand-built URL can still do it
        Http http = new Http(fake);
        String token = http.accessToken(Sdk.app(fake, "GroupMember.ReadWrite.All"));
        assertEquals(403, http.graph("DELETE", "/groups/" + g.id() + "/members/" + ann.id(), token, null).status());
        assertEquals(403, assertThrows(ODataError.class, () -> graph.users().byUserId(ann.id()).delete())
                .getResponseStatusCode());
        assertEquals(403, assertThrows(ODataError.class, () -> graph.directoryObjects()
                .byDirectoryObjectId(ann.id()).delete()).getResponseStatusCode());
        assertEquals(3, fake.violations().size());
        assertTrue(fake.violations().stream().allMatch(v -> v.kind() == Violation.Kind.DIRECTORY_OBJECT_DELETE));
        assertTrue(fake.directory().user(ann.id()).isPresent());
    }
}
