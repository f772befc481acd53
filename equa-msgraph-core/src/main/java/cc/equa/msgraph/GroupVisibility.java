package cc.equa.msgraph;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who can see a Microsoft 365 group and its content.
 *
 * @since 0.1.0
 */
public enum GroupVisibility {
    /** Anyone in the organization can see and join the group. Graph's default for Microsoft 365 groups. */
    PUBLIC("Public"),
    /** Only members can see the group's content; owners approve joins. */
    PRIVATE("Private"),
    /** Like private, and only members see who the members are. Can be set only when the group is created. */
    HIDDEN_MEMBERSHIP("HiddenMembership");

    private final String graphValue;

    GroupVisibility(String graphValue) {
        this.graphValue = graphValue;
    }

    /**
     * Return the value Microsoft Graph uses, such as {@code "HiddenMembership"}.
     *
     * @return the Graph value
     * @since 0.1.0
     */
    public String graphValue() {
        return graphValue;
    }

    /**
     * Read Graph's value, ignoring case.
     *
     * @param value Graph's {@code visibility} value, or {@code null}
     * @return the visibility, empty when absent or unknown
     * @since 0.1.0
     */
    public static Optional<GroupVisibility> fromGraph(@Nullable String value) {
        if (value != null) {
            for (GroupVisibility v : values()) {
                if (v.graphValue.equalsIgnoreCase(value.trim())) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }
}
