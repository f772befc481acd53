package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of linking (or creating and linking) an organization's Microsoft 365 group.
 *
 * @param group the group now linked
 * @param previousGroupId the id of the group linked before, or {@code null} if none was (or it was the same group)
 * @param created whether the group was created by this call (or adopted after a create whose response was lost)
 * @since 0.1.0
 */
public record LinkedGroup(GroupInfo group, @Nullable String previousGroupId, boolean created) {

    /**
     * Reject a null group.
     *
     * @param group the group now linked
     * @param previousGroupId the id of the group linked before, or {@code null} if none was (or it was the same group)
     * @param created whether the group was created by this call (or adopted after a create whose response was lost)
     */
    public LinkedGroup {
        Objects.requireNonNull(group, "'group' must not be null");
    }

    /**
     * Return the previously linked group's id, if another group was linked before.
     *
     * @return the id
     * @since 0.1.0
     */
    public Optional<String> previousGroupIdIfAny() {
        return Optional.ofNullable(previousGroupId);
    }

    /**
     * Return the component {@code previousGroupId}: the id of the group linked before, or {@code null} if none was (or
     * it was the same group).
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #previousGroupIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String previousGroupId() {
        return previousGroupId;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
