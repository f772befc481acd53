package cc.equa.msgraph;

import org.jspecify.annotations.Nullable;

/**
 * Options for {@link OrganizationIntegration#linkGroup(String, LinkOptions)}. Immutable.
 *
 * <p>By default only Microsoft 365 ("Unified") groups can be linked. Dynamic groups and groups synchronized from an
 * on-premises directory are always refused, because their members cannot be changed through Microsoft Graph.
 *
 * @since 0.1.0
 */
public final class LinkOptions {

    private static final LinkOptions DEFAULTS = new LinkOptions(false);

    private final boolean anyGroupType;

    private LinkOptions(boolean anyGroupType) {
        this.anyGroupType = anyGroupType;
    }

    /**
     * Return the default options: Microsoft 365 groups only.
     *
     * @return the options
     * @since 0.1.0
     */
    public static LinkOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Return a copy that also accepts security groups and mail-enabled security groups (still neither dynamic nor
     * synchronized from on-premises).
     *
     * @return the options
     * @since 0.1.0
     */
    public LinkOptions allowAnyGroupType() {
        return new LinkOptions(true);
    }

    /**
     * Tell whether groups other than Microsoft 365 groups are accepted.
     *
     * @return true if any group type is accepted
     * @since 0.1.0
     */
    public boolean anyGroupType() {
        return anyGroupType;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof LinkOptions l && l.anyGroupType == anyGroupType;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(anyGroupType);
    }

    @Override
    public String toString() {
        return "LinkOptions[anyGroupType=" + anyGroupType + "]";
    }
}
