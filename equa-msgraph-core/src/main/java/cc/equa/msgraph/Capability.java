package cc.equa.msgraph;

import java.util.List;

/**
 * Something the library needs the Entra application to be allowed to do, with the Microsoft Graph application
 * permissions that allow it (least privileged first).
 *
 * @since 0.1.0
 */
public enum Capability {
    /** List and search the tenant's groups (browse, search, link). */
    LIST_GROUPS(List.of("GroupMember.Read.All", "Group.Read.All", "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All")),
    /** Read a group's members. */
    READ_MEMBERS(List.of("GroupMember.Read.All", "Group.Read.All", "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All")),
    /** Read users' e-mail addresses, to match Equa team members and to show members' addresses. */
    READ_USER_EMAILS(List.of("User.ReadBasic.All", "User.Read.All", "Directory.Read.All")),
    /** Add and remove group members. */
    MANAGE_MEMBERSHIP(List.of("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All")),
    /** Create Microsoft 365 groups. */
    CREATE_GROUPS(List.of("Group.Create", "Group.ReadWrite.All", "Directory.ReadWrite.All"));

    private final List<String> permissions;

    Capability(List<String> permissions) {
        this.permissions = permissions;
    }

    /**
     * Return the application permissions any one of which allows this, least privileged first.
     *
     * @return the permissions
     * @since 0.1.0
     */
    public List<String> permissions() {
        return permissions;
    }
}
