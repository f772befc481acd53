package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupMember;
import cc.equa.msgraph.GroupVisibility;
import cc.equa.msgraph.MemberType;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.Device;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.OrgContact;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.User;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Turn Graph SDK models into the library's values. */
final class GroupMapper {

    /** The member properties the library reads, for {@code $select} on the members collection. */
    static final String[] MEMBER_SELECT = {"id", "displayName", "mail", "userPrincipalName", "userType",
        "accountEnabled"};

    private GroupMapper() {
    }

    static GroupInfo group(Group g) {
        List<String> types = g.getGroupTypes() == null ? List.of()
                : g.getGroupTypes().stream().filter(t -> t != null).toList();
        boolean dynamic = types.stream().anyMatch("DynamicMembership"::equalsIgnoreCase)
                || (g.getMembershipRule() != null && !g.getMembershipRule().isBlank());
        String id = g.getId() == null ? "" : g.getId();
        return new GroupInfo(id, g.getDisplayName() == null ? "" : g.getDisplayName(), g.getDescription(),
                g.getMailNickname(), g.getMail(), GroupVisibility.fromGraph(g.getVisibility()).orElse(null), types,
                Boolean.TRUE.equals(g.getSecurityEnabled()), Boolean.TRUE.equals(g.getMailEnabled()), dynamic,
                Boolean.TRUE.equals(g.getOnPremisesSyncEnabled()),
                g.getCreatedDateTime() == null ? null : g.getCreatedDateTime().toInstant());
    }

    static GroupMember member(DirectoryObject o, Set<String> ownerIds) {
        String id = o.getId() == null ? "" : o.getId();
        boolean owner = ownerIds.contains(id.toLowerCase(Locale.ROOT));
        if (o instanceof User u) {
            return new GroupMember(id, MemberType.USER, u.getDisplayName(), u.getMail(), u.getUserPrincipalName(),
                    guest(u.getUserType()), u.getAccountEnabled(), owner);
        }
        if (o instanceof Group g) {
            return new GroupMember(id, MemberType.GROUP, g.getDisplayName(), g.getMail(), null, null, null, owner);
        }
        if (o instanceof Device d) {
            return new GroupMember(id, MemberType.DEVICE, d.getDisplayName(), null, null, null,
                    d.getAccountEnabled(), owner);
        }
        if (o instanceof ServicePrincipal sp) {
            return new GroupMember(id, MemberType.SERVICE_PRINCIPAL, sp.getDisplayName(), null, null, null,
                    sp.getAccountEnabled(), owner);
        }
        if (o instanceof OrgContact c) {
            return new GroupMember(id, MemberType.ORG_CONTACT, c.getDisplayName(), c.getMail(), null, null, null,
                    owner);
        }
        if (o instanceof Application a) {
            return new GroupMember(id, MemberType.APPLICATION, a.getDisplayName(), null, null, null, null, owner);
        }
        return new GroupMember(id, typeOf(o.getOdataType()), null, null, null, null, null, owner);
    }

    private static MemberType typeOf(@Nullable String odataType) {
        if (odataType == null) {
            return MemberType.OTHER;
        }
        return switch (odataType.toLowerCase(Locale.ROOT)) {
            case "#microsoft.graph.user" -> MemberType.USER;
            case "#microsoft.graph.group" -> MemberType.GROUP;
            case "#microsoft.graph.device" -> MemberType.DEVICE;
            case "#microsoft.graph.serviceprincipal" -> MemberType.SERVICE_PRINCIPAL;
            case "#microsoft.graph.orgcontact" -> MemberType.ORG_CONTACT;
            case "#microsoft.graph.application" -> MemberType.APPLICATION;
            default -> MemberType.OTHER;
        };
    }

    private static @Nullable Boolean guest(@Nullable String userType) {
        if (userType == null) {
            return null;
        }
        return "Guest".equalsIgnoreCase(userType);
    }
}
