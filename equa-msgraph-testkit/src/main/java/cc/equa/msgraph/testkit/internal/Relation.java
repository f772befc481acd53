package cc.equa.msgraph.testkit.internal;

import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The two group relationships the fake serves. Writing members needs GroupMember.ReadWrite.All or more; writing
 * owners needs Group.ReadWrite.All, because GroupMember.ReadWrite.All "can't update group properties or owners"
 * (the permission's description; graph-behaviour.md §10).
 */
enum Relation {
    MEMBERS("members", "member", Permissions.WRITE_MEMBERS),
    OWNERS("owners", "owner", Permissions.WRITE_OWNERS);

    /** The path segment and the property name Graph uses in its error messages. */
    final String property;
    final String singular;
    final Permissions write;

    Relation(String property, String singular, Permissions write) {
        this.property = property;
        this.singular = singular;
        this.write = write;
    }

    /** The relationship a path segment names (case-sensitive, as the router has always matched), or null. */
    static @Nullable Relation of(String segment) {
        for (Relation r : values()) {
            if (r.property.equals(segment)) {
                return r;
            }
        }
        return null;
    }

    /** The group's set of related object keys (lower-case ids, sorted: the paging order). */
    TreeSet<String> of(Entity group) {
        return this == MEMBERS ? group.members : group.owners;
    }
}
