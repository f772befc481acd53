package cc.equa.msgraph.internal.graph;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An Entra user as a lookup returned it.
 *
 * @param id the object id
 * @param displayName the name, or null
 * @param mail the mail, or null
 * @param userPrincipalName the UPN, or null
 * @param otherMails other addresses
 * @param proxyAddresses proxy addresses (with their {@code SMTP:}/{@code smtp:} prefixes)
 * @param accountEnabled whether the account is enabled, or null if unknown
 * @param userType {@code Member} or {@code Guest}, or null if unknown (User.ReadBasic.All does not show it)
 */
public record UserRecord(String id, @Nullable String displayName, @Nullable String mail,
        @Nullable String userPrincipalName, List<String> otherMails, List<String> proxyAddresses,
        @Nullable Boolean accountEnabled, @Nullable String userType) {

    /** Copy the lists. */
    public UserRecord {
        otherMails = List.copyOf(otherMails);
        proxyAddresses = List.copyOf(proxyAddresses);
    }

    /**
     * A user whose type is unknown.
     *
     * @param id the object id
     * @param displayName the name, or null
     * @param mail the mail, or null
     * @param userPrincipalName the UPN, or null
     * @param otherMails other addresses
     * @param proxyAddresses proxy addresses
     * @param accountEnabled whether the account is enabled, or null if unknown
     */
    public UserRecord(String id, @Nullable String displayName, @Nullable String mail,
            @Nullable String userPrincipalName, List<String> otherMails, List<String> proxyAddresses,
            @Nullable Boolean accountEnabled) {
        this(id, displayName, mail, userPrincipalName, otherMails, proxyAddresses, accountEnabled, null);
    }

    /**
     * Tell whether the user is known to be a guest ({@code userType} Guest); an unknown type is not.
     *
     * @return true for a guest
     */
    public boolean guest() {
        return "Guest".equalsIgnoreCase(userType);
    }
}
