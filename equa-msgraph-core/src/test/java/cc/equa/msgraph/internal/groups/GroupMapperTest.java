package cc.equa.msgraph.internal.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupMember;
import cc.equa.msgraph.GroupVisibility;
import cc.equa.msgraph.MemberType;
import com.microsoft.graph.models.Device;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.OrgContact;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.User;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupMapperTest {

    private static Group group(List<String> types) {
        Group g = new Group();
        g.setId("0a1b2c3d-0000-1111-2222-333344445555");
        g.setDisplayName("Acme Board");
        g.setGroupTypes(types);
        g.setVisibility("HiddenMembership");
        g.setMailNickname("acme-board");
        return g;
    }

    @Test
    void unifiedAssignedGroupIsLinkable() {
        GroupInfo info = GroupMapper.group(group(List.of("Unified")));
        assertTrue(info.unified());
        assertTrue(info.linkable());
        assertEquals(GroupVisibility.HIDDEN_MEMBERSHIP, info.visibility());
        assertEquals("acme-board", info.mailNickname());
    }

    @Test
    void dynamicMembershipByTypeOrRuleIsDetected() {
        assertTrue(GroupMapper.group(group(List.of("Unified", "DynamicMembership"))).dynamic());
        Group ruled = group(List.of("Unified"));
        ruled.setMembershipRule("user.department -eq \"Board\"");
        GroupInfo info = GroupMapper.group(ruled);
        assertTrue(info.dynamic());
        assertFalse(info.linkable());
    }

    @Test
    void onPremisesAndSecurityGroupsAreNotLinkableByDefault() {
        Group synced = group(List.of("Unified"));
        synced.setOnPremisesSyncEnabled(true);
        assertFalse(GroupMapper.group(synced).linkable());
        Group security = group(List.of());
        security.setSecurityEnabled(true);
        GroupInfo info = GroupMapper.group(security);
        assertFalse(info.unified());
        assertTrue(info.securityEnabled());
        assertFalse(info.linkable());
    }

    @Test
    void membersAreTypedAndOwnersFlagged() {
        User u = new User();
        u.setId("AAAAAAAA-0000-1111-2222-333344445555");
        u.setDisplayName("Guest Person");
        u.setMail("g@ext.example");
        u.setUserPrincipalName("g_ext.example#EXT#@contoso.onmicrosoft.com");
        u.setUserType("Guest");
        u.setAccountEnabled(false);
        GroupMember m = GroupMapper.member(u, Set.of("aaaaaaaa-0000-1111-2222-333344445555"));
        assertEquals(MemberType.USER, m.type());
        assertTrue(m.owner());
        assertEquals(Boolean.TRUE, m.guest());
        assertEquals(Boolean.FALSE, m.accountEnabled());
        assertEquals("g@ext.example", m.mail());

        Device d = new Device();
        d.setId("d1");
        assertEquals(MemberType.DEVICE, GroupMapper.member(d, Set.of()).type());
        ServicePrincipal sp = new ServicePrincipal();
        sp.setId("s1");
        assertEquals(MemberType.SERVICE_PRINCIPAL, GroupMapper.member(sp, Set.of()).type());
        OrgContact c = new OrgContact();
        c.setId("c1");
        c.setMail("c@partner.example");
        assertEquals(MemberType.ORG_CONTACT, GroupMapper.member(c, Set.of()).type());
        Group nested = new Group();
        nested.setId("g1");
        assertEquals(MemberType.GROUP, GroupMapper.member(nested, Set.of()).type());
        DirectoryObject unknown = new DirectoryObject();
        unknown.setId("x1");
        unknown.setOdataType("#microsoft.graph.somethingNew");
        GroupMember other = GroupMapper.member(unknown, Set.of());
        assertEquals(MemberType.OTHER, other.type());
        assertNull(other.guest());
        assertFalse(other.owner());
    }

    @Test
    void userWithLimitedInformationHasUnknownGuestAndEnabled() {
        User u = new User();
        u.setId("u1");
        GroupMember m = GroupMapper.member(u, Set.of());
        assertNull(m.guest());
        assertNull(m.accountEnabled());
        assertTrue(m.isUser());
    }
}
