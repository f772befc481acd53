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
