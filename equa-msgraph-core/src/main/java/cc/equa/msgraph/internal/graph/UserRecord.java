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
 */
public record UserRecord(String id, @Nullable String displayName, @Nullable String mail,
        @Nullable String userPrincipalName, List<String> otherMails, List<String> proxyAddresses,
        @Nullable Boolean accountEnabled) {

    /** Copy the lists. */
    public UserRecord {
        otherMails = List.copyOf(otherMails);
        proxyAddresses = List.copyOf(proxyAddresses);
    }
}
