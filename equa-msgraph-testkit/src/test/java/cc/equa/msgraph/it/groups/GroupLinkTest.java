package cc.equa.msgraph.it.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationStatus;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.LinkOptions;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupLinkTest {

    private final GroupsFixture fx = new GroupsFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    private String group(FakeGroup.Builder builder) {
        return fx.directory().addGroup(builder.build()).id();
    }

    @Test
    void linkGroupStoresTheIdAndAudits() {
        String id = group(FakeGroup.builder("Acme Board"));
        LinkedGroup linked = fx.org.linkGroup(id);
        assertEquals(id, linked.group().id());
        assertEquals("Acme Board", linked.group().displayName());
        assertFalse(linked.created());
        assertNull(linked.previousGroupId());
        assertEquals(id, fx.settings().linkedGroupId());
        AuditEvent event = fx.audit.events().get(0);
        assertEquals("group.link", event.action());
        assertEquals(id, event.groupId());
        assertEquals("applied", event.outcome());
        assertEquals("Acme Board", fx.org.linkedGroup().orElseThrow().displayName());
    }

    @Test
    void relinkReplacesThePreviousGroup() {
        String first = group(FakeGroup.builder("First"));
        String second = group(FakeGroup.builder("Second"));
        fx.org.linkGroup(first);
        LinkedGroup relinked = fx.org.linkGroup(second);
        assertEquals(first, relinked.previousGroupId());
        assertEquals(second, fx.settings().linkedGroupId());
        assertTrue(fx.audit.events().get(1).detail().contains(first));
        LinkedGroup again = fx.org.linkGroup(second);
        assertNull(again.previousGroupId());
        assertEquals("already_in_state", fx.audit.events().get(2).outcome());
    }

    @Test
    void unlinkRemovesTheLinkAndLeavesTheGroup() {
        String id = group(FakeGroup.builder("Acme Board"));
        String ada = fx.directory().addUser("ada@acme.example").id();
        String bob = fx.directory().addUser("bob@acme.example").id();
        fx.directory().addMembers(id, ada, bob);
        fx.org.linkGroup(id);
        fx.fake.journal().clear();
        assertTrue(fx.org.unlinkGroup());
        assertEquals(java.util.Set.of(ada, bob), java.util.Set.copyOf(fx.directory().memberIds(id)),
                "the group's members are unchanged");
        assertNull(fx.settings().linkedGroupId());
        assertTrue(fx.directory().group(id).isPresent());
        assertEquals(0, fx.graphCalls(), "unlinking never touches Microsoft 365");
        assertEquals("group.unlink", fx.audit.events().get(1).action());
        assertFalse(fx.org.unlinkGroup());
        assertEquals("already_in_state", fx.audit.events().get(2).outcome());
        assertTrue(fx.org.linkedGroup().isEmpty());
    }

    @Test
    void linkGroupRefusesDynamicGroup() {
        String id = group(FakeGroup.builder("All staff").dynamic("user.department -eq \"Sales\""));
        MsGraphException e = assertThrows(MsGraphException.class, () -> fx.org.linkGroup(id));
        assertEquals(ErrorKind.UNMANAGEABLE_GROUP, e.kind());
        assertTrue(e.reason().contains("dynamic"));
        assertNull(fx.settings().linkedGroupId());
        assertTrue(fx.audit.events().isEmpty());
    }

    @Test
    void linkGroupRefusesOnPremisesSyncedGroup() {
        String id = group(FakeGroup.builder("Legacy board").onPremisesSyncEnabled(true));
        MsGraphException e = assertThrows(MsGraphException.class, () -> fx.org.linkGroup(id));
        assertEquals(ErrorKind.UNMANAGEABLE_GROUP, e.kind());
        assertTrue(e.reason().contains("on-premises"));
        assertNull(fx.settings().linkedGroupId());
    }

    @Test
    void linkGroupRefusesSecurityGroupUnlessAllowed() {
        String id = group(FakeGroup.builder("Security").security());
        MsGraphException e = assertThrows(MsGraphException.class, () -> fx.org.linkGroup(id));
        assertEquals(ErrorKind.UNMANAGEABLE_GROUP, e.kind());
        LinkedGroup linked = fx.org.linkGroup(id, LinkOptions.defaults().allowAnyGroupType());
        assertFalse(linked.group().unified());
        assertEquals(id, fx.settings().linkedGroupId());
    }

    @Test
    void linkGroupWithUnknownIdIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> fx.org.linkGroup("0a1b2c3d-0000-1111-2222-333344445555"));
        assertEquals(404, e.httpStatus().getAsInt());
        assertTrue(e.requestId().isPresent());
        assertNull(fx.settings().linkedGroupId());
    }

    @Test
    void linkGroupValidatesTheIdBeforeAnyCall() {
        assertThrows(InvalidInputException.class, () -> fx.org.linkGroup("not-a-guid"));
        assertEquals(0, fx.graphCalls());
    }

    @Test
    void linkedGroupDeletedFailsWithNotFoundAndKeepsTheLink() {
        String id = group(FakeGroup.builder("Acme Board"));
        fx.org.linkGroup(id);
        fx.directory().reset();
        NotFoundException members = assertThrows(NotFoundException.class, fx.org::members);
        assertTrue(members.reason().contains(id), members.getMessage());
        assertTrue(members.remediation().contains("Link another group or create a new one"));
        NotFoundException read = assertThrows(NotFoundException.class, fx.org::linkedGroup);
        assertEquals(ErrorKind.NOT_FOUND, read.kind());
        assertEquals(id, fx.settings().linkedGroupId(), "the link is kept until the admin relinks");
        String other = group(FakeGroup.builder("New board"));
        assertEquals(id, fx.org.linkGroup(other).previousGroupId());
    }

    @Test
    void membersWithoutLinkedGroupIsUnavailable() {
        IntegrationUnavailableException e = assertThrows(IntegrationUnavailableException.class, fx.org::members);
        assertEquals(ErrorKind.NO_LINKED_GROUP, e.kind());
        assertEquals(0, fx.graphCalls());
    }

    @Test
    void groupOperationsNeedAConnectedOrganization() {
        fx.store.delete(GroupsFixture.ORG);
        IntegrationUnavailableException e = assertThrows(IntegrationUnavailableException.class,
                () -> fx.org.linkGroup("0a1b2c3d-0000-1111-2222-333344445555"));
        assertEquals(ErrorKind.NOT_CONNECTED, e.kind());
        assertEquals(List.of(), fx.audit.events());
    }

    @Test
    void unlinkWorksWhileDisconnectedSendingNothingAndKeepingTheCredentialsState() {
        String id = group(FakeGroup.builder("Acme Board"));
        fx.org.linkGroup(id);
        fx.org.disconnect();
        fx.fake.journal().clear();

        assertTrue(fx.org.unlinkGroup());

        assertEquals(0, fx.fake.journal().calls().size(), "no token request, no Graph request");
        IntegrationStatus status = fx.org.status();
        assertFalse(status.connected(), "still disconnected");
        assertTrue(status.linkedGroupIdIfAny().isEmpty());
        assertNull(fx.settings().credentials());
        assertTrue(fx.settings().enabled());
        assertEquals("group.unlink", fx.audit.events().get(fx.audit.events().size() - 1).action());
        assertFalse(fx.org.unlinkGroup());
        assertEquals(0, fx.fake.journal().calls().size());
    }

    @Test
    void unlinkWorksWhileDisabledAndLeavesItDisabled() {
        String id = group(FakeGroup.builder("Acme Board"));
        fx.org.linkGroup(id);
        fx.org.disable();
        fx.fake.journal().clear();

        assertTrue(fx.org.unlinkGroup());

        assertEquals(0, fx.fake.journal().calls().size());
        assertFalse(fx.settings().enabled());
        assertNotNull(fx.settings().credentials(), "the credentials are kept");
        assertNull(fx.settings().linkedGroupId());
    }

    @Test
    void unlinkWhileConnectedKeepsTheCachedToken() {
        String id = group(FakeGroup.builder("Acme Board"));
        fx.org.linkGroup(id);
        fx.fake.journal().clear();

        assertTrue(fx.org.unlinkGroup());
        fx.org.linkGroup(id);

        assertEquals(0, fx.fake.journal().calls(c -> c.kind() == RecordedCall.Kind.TOKEN).size(),
                "the token acquired before the unlink is still used");
        assertEquals(1, fx.graphCalls());
    }

    @Test
    void unlinkOfAnOrganizationWithoutSettingsStoresNothing() {
        fx.store.delete(GroupsFixture.ORG);
        int writes = fx.store.writeCount();

        assertFalse(fx.org.unlinkGroup());

        assertTrue(fx.store.load(GroupsFixture.ORG).isEmpty());
        assertEquals(writes, fx.store.writeCount());
        assertEquals(0, fx.fake.journal().calls().size());
    }
}
