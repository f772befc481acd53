package cc.equa.msgraph.internal.graph;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One request inside a {@code $batch}: a user lookup or a membership write. */
public sealed interface Step {

    /**
     * Tell whether the step writes (counts against the write quota).
     *
     * @return true for writes
     */
    boolean isWrite();

    /**
     * {@code GET /users?$filter=…&$select=…&$top=999}, or a next page of one.
     *
     * @param filter the filter (null when following a next link)
     * @param nextLink the next link to follow, or null
     */
    record UserQuery(@Nullable String filter, @Nullable String nextLink) implements Step {
        @Override
        public boolean isWrite() {
            return false;
        }
    }

    /**
     * {@code PATCH /groups/{id}} with {@code members@odata.bind} (at most 20 ids; all or nothing).
     *
     * @param groupId the group
     * @param memberIds the users to add
     */
    record Bind(String groupId, List<String> memberIds) implements Step {
        /** Copy the list. */
        public Bind {
            memberIds = List.copyOf(memberIds);
        }

        @Override
        public boolean isWrite() {
            return true;
        }
    }

    /**
     * {@code POST /groups/{id}/members/$ref} for one user.
     *
     * @param groupId the group
     * @param memberId the user
     */
    record AddRef(String groupId, String memberId) implements Step {
        @Override
        public boolean isWrite() {
            return true;
        }
    }

    /**
     * {@code POST /groups/{id}/owners/$ref} for one user.
     *
     * @param groupId the group
     * @param ownerId the user
     */
    record AddOwnerRef(String groupId, String ownerId) implements Step {
        @Override
        public boolean isWrite() {
            return true;
        }
    }

    /**
     * {@code DELETE /groups/{id}/members/{memberId}/$ref}: removes the membership only.
     *
     * @param groupId the group
     * @param memberId the member
     */
    record RemoveRef(String groupId, String memberId) implements Step {
        @Override
        public boolean isWrite() {
            return true;
        }
    }
}
