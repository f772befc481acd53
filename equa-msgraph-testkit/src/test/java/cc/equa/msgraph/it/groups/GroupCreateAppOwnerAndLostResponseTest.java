package cc.equa.msgraph.it.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.testkit.FakeDirectoryObject;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.ObjectType;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Creating a group owned by the app itself (its service principal, looked up by app id), and creating a group when
 * the create response is lost after the group was made (the fake's apply-then-disconnect fault).
 */
class GroupCreateAppOwnerAndLostResponseTest {

    private static List<FakeGroup> groupsNamed(GroupsFixture fx, String name) {
        return fx.directory().groups().stream().filter(g -> g.displayName().equals(name)).toList();
    }

    @Test
    void createGroupWithoutUserOwnersMakesTheAppsServicePrincipalTheOwner() {
        try (GroupsFixture fx = new GroupsFixture()) {
            LinkedGroup linked = fx.org.createGroup(NewGroup.named("Acme Board"));
            List<FakeDirectoryObject> owners = fx.directory().owners(linked.group().id());
            assertEquals(List.of(fx.app.servicePrincipalId()), owners.stream().map(FakeDirectoryObject::id).toList());
            assertEquals(ObjectType.SERVICE_PRINCIPAL, owners.get(0).type());
            assertEquals(1, fx.fake.journal().count("GET", "/servicePrincipals(appId='" + fx.app.clientId() + "')"));
            assertEquals(List.of(), fx.fake.violations());
        }
    }

    @Test
    void withGroupCreateAndNoApplicationReadAllTheAppStillOwnsItsGroup() {
        // an app reads its own service principal without any role, and may bind itself as owner with Group.Create
        try (GroupsFixture fx = new GroupsFixture("GroupMember.ReadWrite.All", "Group.Create", "Group.Read.All",
                "User.ReadBasic.All")) {
            LinkedGroup linked = fx.org.createGroup(NewGroup.named("Acme Board"));
            assertEquals(List.of(fx.app.servicePrincipalId()), fx.directory().owners(linked.group().id()).stream()
                    .map(FakeDirectoryObject::id).toList());
        }
    }

    @Test
    void aLostCreateResponseIsAdoptedByTheRepostWithoutASecondGroup() {
        try (GroupsFixture fx = new GroupsFixture()) {
            fx.fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().build());
            LinkedGroup linked = fx.org.createGroup(NewGroup.named("Acme Board"));
            List<FakeGroup> groups = groupsNamed(fx, "Acme Board");
            assertEquals(1, groups.size(), "no second group");
            assertEquals(groups.get(0).id(), linked.group().id());
            assertEquals(groups.get(0).id(), fx.settings().linkedGroupId());
            List<RecordedCall> posts = fx.fake.journal().calls("POST", "/groups");
            assertEquals(List.of(201, 400), posts.stream().map(RecordedCall::status).toList(),
                    "the lost create, then the repost refused on the nickname");
            assertTrue(fx.settings().stateValue("groups.pendingCreate").isEmpty());
            assertTrue(fx.audit.events().stream().anyMatch(e -> e.detail().contains("adopted")), fx.audit.events()
                    .toString());
        }
    }

    @Test
    void createGroupRetriedAfterEveryResponseWasLostAdoptsTheGroupInsteadOfCreatingAnother() {
        try (GroupsFixture fx = new GroupsFixture()) {
            fx.fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().times(FaultRule.ALWAYS)
                    .build());
            MsGraphException lost = assertThrows(MsGraphException.class,
                    () -> fx.org.createGroup(NewGroup.named("Acme Board")));
            assertEquals(ErrorKind.NETWORK, lost.kind(), lost.getMessage());
            assertEquals(1, groupsNamed(fx, "Acme Board").size(), "the first POST landed; reposts conflicted");
            assertTrue(fx.settings().stateValue("groups.pendingCreate").isPresent(), "the outcome is unknown");
            int posts = fx.fake.journal().count("POST", "/groups");
            fx.fake.faults().clear();

            LinkedGroup linked = fx.org.createGroup(NewGroup.named("Acme Board"));
            List<FakeGroup> groups = groupsNamed(fx, "Acme Board");
            assertEquals(1, groups.size(), "the retry adopted the group instead of creating another");
            assertEquals(groups.get(0).id(), linked.group().id());
            assertEquals(posts, fx.fake.journal().count("POST", "/groups"), "the retry posted nothing");
            assertEquals(List.of(fx.app.servicePrincipalId()), fx.directory().owners(linked.group().id()).stream()
                    .map(FakeDirectoryObject::id).toList());
        }
    }
}
