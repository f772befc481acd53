package cc.equa.msgraph;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which Entra user attributes an Equa e-mail address is matched against. Matching is case-insensitive and ignores
 * surrounding blanks. Addresses found on {@link Attribute#MAIL} or {@link Attribute#USER_PRINCIPAL_NAME} win; the
 * alias attributes ({@link Attribute#OTHER_MAILS}, {@link Attribute#PROXY_ADDRESSES}) are consulted only for addresses
 * not found there. An address that matches several users is reported as ambiguous and never added.
 *
 * <p>The matching rules, on both sides (the team's addresses and the directory's):
 * <ul>
 *   <li>An address is checked for plausibility <em>before</em> any case folding, as given (blanks and a
 *       {@code mailto:} prefix stripped): one {@code @}; an ASCII local part in RFC 5321 dot-atom form of at most 64
 *       characters; a domain that is ASCII (letter-digit-hyphen labels, punycode included) or an internationalised
 *       domain that is NFC-normalised, unchanged by NFKC and converts to ASCII with
 *       {@link java.net.IDN#toASCII(String, int)} under {@code USE_STD3_ASCII_RULES} and back to itself; at most 120
 *       characters once normalised. A team
 *       address that fails is skipped ({@link SkipReason#INVALID_EMAIL}) and never looked up; a directory address
 *       that fails matches nothing.</li>
 *   <li>Only then is it folded: the local part lower-cased with {@link java.util.Locale#ROOT}, the domain to its
 *       lower-case ASCII (punycode) form. Addresses match only when their folded forms are equal, so a Unicode
 *       compatibility character (U+212A KELVIN SIGN, fullwidth letters, and anything else NFKC changes) never matches
 *       an ASCII address, and {@code bücher.example} matches {@code xn--bcher-kva.example}.</li>
 *   <li>An address that cannot place one person never removes anyone: in {@link SyncMode#MIRROR} mode a group member
 *       that a team address resolves to ambiguously, or as a disabled account (or whose mail or user principal name
 *       is such an address), is kept ({@link KeepReason#AMBIGUOUS_MATCH}, {@link KeepReason#ACCOUNT_DISABLED}).</li>
 *   <li>A team address that exactly one current group member holds as {@code mail} or {@code userPrincipalName} (as
 *       these rules allow), on an account the member read shows enabled, is matched to that member from the group's
 *       member read, without a user lookup (since 0.2.0): Entra keeps {@code userPrincipalName} and SMTP
 *       {@code proxyAddresses} (of which {@code mail} is one) unique across the tenant, so a lookup would find that
 *       member on a primary attribute and never consult the aliases of others ({@code otherMails} is not unique).
 *       Such a match only keeps that member and adds no one for that address. Every other address is looked up: one
 *       only a member's {@code proxyAddresses} hold (another user's {@code userPrincipalName} or {@code otherMails}
 *       could hold it too), one two members answer to, a disabled account, an account state the app cannot read
 *       ({@code User.ReadBasic.All}), and a team member with an owner role.</li>
 * </ul>
 *
 * @param attributes the attributes to match against (copied; at least one)
 * @since 0.1.0
 */
public record MatchRules(Set<Attribute> attributes) {

    /**
     * Copy the set and reject an empty one.
     *
     * @param attributes the attributes to match against (copied; at least one)
     * @throws IllegalArgumentException if no attribute is given
     */
    public MatchRules {
        Objects.requireNonNull(attributes, "'attributes' must not be null");
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("Match rules need at least one attribute.");
        }
        attributes = Collections.unmodifiableSet(EnumSet.copyOf(attributes));
    }

    /**
     * Return the default rules: all four attributes.
     *
     * @return the rules
     * @since 0.1.0
     */
    public static MatchRules defaults() {
        return new MatchRules(EnumSet.allOf(Attribute.class));
    }

    /**
     * Return rules matching only the given attributes.
     *
     * @param first an attribute
     * @param more more attributes
     * @return the rules
     * @since 0.1.0
     */
    public static MatchRules of(Attribute first, Attribute... more) {
        EnumSet<Attribute> set = EnumSet.of(first);
        set.addAll(Arrays.asList(more));
        return new MatchRules(set);
    }

    /**
     * Tell whether an attribute is matched.
     *
     * @param attribute the attribute
     * @return true if it is
     * @since 0.1.0
     */
    public boolean uses(Attribute attribute) {
        return attributes.contains(attribute);
    }

    /**
     * An Entra user attribute holding e-mail addresses.
     *
     * @since 0.1.0
     */
    public enum Attribute {
        /** The user's primary SMTP address ({@code mail}). */
        MAIL,
        /** The user's sign-in name ({@code userPrincipalName}). */
        USER_PRINCIPAL_NAME,
        /** The user's additional addresses ({@code otherMails}). */
        OTHER_MAILS,
        /** The user's aliases ({@code proxyAddresses}, compared without the {@code smtp:} prefix). */
        PROXY_ADDRESSES
    }
}
