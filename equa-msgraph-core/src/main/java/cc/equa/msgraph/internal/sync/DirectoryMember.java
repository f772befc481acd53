package cc.equa.msgraph.internal.sync;

import org.jspecify.annotations.Nullable;

/**
 * One direct member of a group, as read with {@code $select=id,mail,userPrincipalName,accountEnabled,userType}.
 *
 * @param id the object id
 * @param type the OData type without prefix, such as {@code user} or {@code group}
 * @param mail the user's mail, or null
 * @param userPrincipalName the user's UPN, or null
 * @param accountEnabled whether the account is enabled, or null when unknown
 */
public record DirectoryMember(String id, String type, @Nullable String mail, @Nullable String userPrincipalName,
        @Nullable Boolean accountEnabled) {

    /**
     * Tell whether this is a user.
     *
     * @return true for users
     */
    public boolean isUser() {
        return "user".equalsIgnoreCase(type);
    }

    /**
     * Return a readable label: mail, else UPN, else the type and id.
     *
     * @return the label
     */
    public String label() {
        if (mail != null && !mail.isBlank()) {
            return mail;
        }
        if (userPrincipalName != null && !userPrincipalName.isBlank()) {
            return userPrincipalName;
        }
        return type + " " + id;
    }
}
