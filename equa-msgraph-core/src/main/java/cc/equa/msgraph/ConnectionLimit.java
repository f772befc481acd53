package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.List;
import java.util.Objects;

/**
 * Something that will not work although the connection test passed ({@link ConnectionVerdict#PASSED_WITH_LIMITS}):
 * what, why, and the Microsoft Graph application permissions any one of which lifts it.
 *
 * @param kind what will not work
 * @param why how the test found out (the refused probe, or the token's roles)
 * @param permissions the application permissions any one of which lifts the limit, least privileged first; each
 *     needs admin consent
 * @since 0.2.0
 */
public record ConnectionLimit(Kind kind, String why, List<String> permissions) {

    /**
     * What will not work.
     *
     * @since 0.2.0
     */
    public enum Kind {
        /** Members cannot be added or removed: every sync, add or remove fails. */
        CANNOT_MANAGE_MEMBERSHIP(Capability.MANAGE_MEMBERSHIP.permissions()),
        /** Groups cannot be created from the integration (existing groups can still be linked). */
        CANNOT_CREATE_GROUPS(Capability.CREATE_GROUPS.permissions()),
        /**
         * Users' aliases ({@code otherMails}, {@code proxyAddresses}) and account state ({@code accountEnabled},
         * {@code userType}) cannot be seen: team members are matched on {@code mail} and {@code userPrincipalName}
         * only, and disabled or guest accounts are not recognised as such.
         */
        CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE(List.of("User.Read.All", "Directory.Read.All"));

        private final List<String> permissions;

        Kind(List<String> permissions) {
            this.permissions = permissions;
        }

        /**
         * Return the application permissions any one of which lifts this limit, least privileged first.
         *
         * @return the permissions
         * @since 0.2.0
         */
        public List<String> permissions() {
            return permissions;
        }
    }

    /**
     * Copy the list, reject nulls.
     *
     * @param kind what will not work
     * @param why how the test found out (the refused probe, or the token's roles)
     * @param permissions the application permissions any one of which lifts the limit, least privileged first
     */
    public ConnectionLimit {
        Objects.requireNonNull(kind, "'kind' must not be null");
        Objects.requireNonNull(why, "'why' must not be null");
        permissions = List.copyOf(permissions);
    }

    /**
     * Return the least-privileged permission that lifts the limit.
     *
     * @return the permission, such as {@code GroupMember.ReadWrite.All}
     * @since 0.2.0
     */
    public String permission() {
        return permissions.isEmpty() ? "" : permissions.get(0);
    }

    /**
     * Return one line for the admin: what will not work, why, and what to grant. Like
     * {@link ConnectionReport#messages()} the text is raw ({@code why} may quote Graph); {@link ConnectionReport#render()}
     * shows it escaped.
     *
     * @return the line
     * @since 0.2.0
     */
    public String summary() {
        String what = switch (kind) {
            case CANNOT_MANAGE_MEMBERSHIP -> "Membership cannot be managed (sync, add and remove members will fail)";
            case CANNOT_CREATE_GROUPS -> "Groups cannot be created here (linking an existing group still works)";
            case CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE -> "Aliases and account state cannot be seen (team members are"
                    + " matched on mail and userPrincipalName only; disabled and guest accounts are not recognised)";
        };
        String grant = permissions.isEmpty() ? "" : " Grant " + permissions.get(0)
                + (permissions.size() > 1 ? " (or " + String.join(", ", permissions.subList(1, permissions.size()))
                + ")" : "") + " as an application permission with admin consent, then test again.";
        return what + ": " + why + "." + grant;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
