package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.Set;

/**
 * Application roles each operation needs (any one of the set), after graph-behaviour.md §10. Checked before the
 * target's existence, as Graph does.
 */
enum Permissions {
    READ_GROUPS("GroupMember.Read.All", "Group.Read.All", "Directory.Read.All", "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All", "Directory.ReadWrite.All"),
    READ_MEMBERS("GroupMember.Read.All", "Group.Read.All", "Directory.Read.All", "GroupMember.ReadWrite.All",
            "Group.ReadWrite.All", "Directory.ReadWrite.All"),
    READ_USERS("User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
            "Directory.ReadWrite.All"),
    WRITE_MEMBERS("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"),
    WRITE_OWNERS("Group.ReadWrite.All", "Directory.ReadWrite.All"),
    CREATE_GROUP("Group.Create", "Group.ReadWrite.All", "Directory.ReadWrite.All"),
    UPDATE_GROUP("Group.ReadWrite.All", "Directory.ReadWrite.All"),
    DELETE_USER("User.ReadWrite.All", "Directory.ReadWrite.All"),
    /** user-update: User.ReadWrite.All least privileged, Directory.ReadWrite.All higher. */
    UPDATE_USER("User.ReadWrite.All", "Directory.ReadWrite.All"),
    DELETE_OBJECT("Directory.ReadWrite.All"),
    READ_ORGANIZATION("Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All",
            "Directory.ReadWrite.All"),
    READ_DEVICES("Device.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"),
    READ_APPLICATIONS("Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All",
            "Directory.ReadWrite.All"),
    READ_CONTACTS("OrgContact.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"),
    /** serviceprincipal-get: Application.Read.All least privileged; OwnedBy may read all service principals. */
    READ_SERVICE_PRINCIPALS("Application.Read.All", "Application.ReadWrite.All", "Application.ReadWrite.OwnedBy",
            "Directory.Read.All", "Directory.ReadWrite.All");

    /** Roles that read users' full profile; without one of them, User.ReadBasic.All sees the basic profile only. */
    static final Set<String> FULL_USER_READ = Set.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
            "Directory.ReadWrite.All");

    /**
     * The basic profile User.ReadBasic.All exposes (permissions reference: displayName, givenName, id, mail, photo,
     * securityIdentifier, surname, userPrincipalName; photo and securityIdentifier are not modelled).
     */
    public static final Set<String> BASIC_USER_PROPERTIES = Set.of("id", "displayName", "givenName", "surname",
            "mail", "userPrincipalName", "securityIdentifier");

    public final Set<String> anyOf;

    Permissions(String... roles) {
        this.anyOf = Set.of(roles);
    }

    public void check(Caller caller) {
        if (!caller.hasAny(anyOf)) {
            throw GraphException.denied();
        }
    }

    /** Whether the caller's only user-read role is User.ReadBasic.All (then users show their basic profile only). */
    public static boolean basicUsersOnly(Caller caller) {
        return !caller.hasAny(FULL_USER_READ);
    }

    /** Whether the caller may see the properties of an object of this type (otherwise only type and id). */
    public static boolean canRead(Caller caller, ObjectType type) {
        return caller.hasAny(switch (type) {
            case USER -> READ_USERS.anyOf;
            case GROUP -> READ_GROUPS.anyOf;
            case DEVICE -> READ_DEVICES.anyOf;
            case SERVICE_PRINCIPAL -> READ_APPLICATIONS.anyOf;
            default -> READ_CONTACTS.anyOf;
        });
    }
}
