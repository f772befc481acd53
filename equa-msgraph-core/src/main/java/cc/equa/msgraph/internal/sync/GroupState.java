package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.internal.plan.Fingerprints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A group's membership as read for planning or applying.
 *
 * @param groupId the group
 * @param members its direct members
 * @param ownerIds its owners' ids
 * @param appObjectId this app's service principal id, or null if unknown
 */
public record GroupState(String groupId, List<DirectoryMember> members, Set<String> ownerIds,
        @Nullable String appObjectId) {

    /** Copy the collections. */
    public GroupState {
        members = List.copyOf(members);
        ownerIds = Set.copyOf(ownerIds);
    }

    /**
     * Index the members by id.
     *
     * @return the members by id
     */
    public Map<String, DirectoryMember> byId() {
        Map<String, DirectoryMember> map = new LinkedHashMap<>();
        members.forEach(m -> map.put(m.id(), m));
        return map;
    }

    /**
     * Count the user members.
     *
     * @return the count
     */
    public int userCount() {
        return (int) members.stream().filter(DirectoryMember::isUser).count();
    }

    /**
     * Fingerprint the group.
     *
     * @return the fingerprint
     */
    public String fingerprint() {
        return Fingerprints.ofGroup(groupId, members.stream().map(DirectoryMember::id).toList(), ownerIds);
    }
}
