package cc.equa.msgraph.internal.sync;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** E-mail normalisation and plausibility checks; an implausible address is reported, never sent to Graph. */
public final class Emails {

    /** Graph compares at most 120 characters in an {@code eq} filter value. */
    public static final int MAX_LENGTH = 120;

    private static final Pattern PLAUSIBLE = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

    private Emails() {
    }

    /**
     * Normalise an address: strip blanks (including non-breaking spaces), lower-case (root locale).
     *
     * @param raw the address as given, or null
     * @return the normalised address, or null when nothing is left
     */
    public static @Nullable String normalize(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.replace('\u00A0', ' ').strip();
        if (s.startsWith("mailto:") || s.startsWith("MAILTO:")) {
            s = s.substring(7).strip();
        }
        return s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }

    /**
     * Tell whether a normalised address is plausible: one {@code @}, a dotted domain, no blanks or control
     * characters, no leading, trailing or doubled dot in the local part, at most 120 characters.
     *
     * @param normalized the normalised address
     * @return true if it may be sent to Graph
     */
    public static boolean isPlausible(String normalized) {
        if (normalized.length() > MAX_LENGTH || !PLAUSIBLE.matcher(normalized).matches()) {
            return false;
        }
        String local = normalized.substring(0, normalized.indexOf('@'));
        return !local.startsWith(".") && !local.endsWith(".") && !local.contains("..");
    }

    /**
     * Quote a value as an OData string literal: single quotes doubled.
     *
     * @param value the value
     * @return the literal, with its quotes
     */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * Strip an {@code smtp:} prefix (any case) from a proxy address and normalise it.
     *
     * @param proxyAddress the proxy address
     * @return the address, or null if it is not an SMTP address
     */
    public static @Nullable String fromProxyAddress(@Nullable String proxyAddress) {
        if (proxyAddress == null || proxyAddress.length() < 6
                || !proxyAddress.regionMatches(true, 0, "smtp:", 0, 5)) {
            return null;
        }
        return normalize(proxyAddress.substring(5));
    }
}
