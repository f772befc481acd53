package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.internal.graph.OData;
import java.net.IDN;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * E-mail normalisation and plausibility checks; an implausible address is reported, never sent to Graph and never
 * matched.
 *
 * <p>The rule, applied to the address as given (blanks and a {@code mailto:} prefix stripped) <em>before</em> any case
 * folding, so that a character which folds to ASCII (U+212A KELVIN SIGN folds to {@code k}) cannot pass as ASCII:
 * <ul>
 *   <li>exactly one {@code @};</li>
 *   <li>the local part is ASCII in RFC 5321 dot-atom form: letters, digits and {@code !#$%&'*+/=?^_`{|}~-}, dots only
 *       between them, at most 64 characters;</li>
 *   <li>the domain is either ASCII (letter-digit-hyphen labels, at least two, no label starting or ending with a
 *       hyphen; punycode {@code xn--} labels included), or an internationalised domain that is NFC-normalised, is
 *       unchanged by NFKC (so no compatibility characters: no Kelvin sign, no fullwidth forms, no ideographic full
 *       stop), converts with {@link IDN#toASCII(String, int)} under {@link IDN#USE_STD3_ASCII_RULES} and converts
 *       back to itself in lower case (so a domain the conversion would silently map, such as {@code ß} to
 *       {@code ss}, is refused), and whose every label is written in one script (UTS #39 "highly restrictive":
 *       letters of one script, or Latin with Han, Hiragana and Katakana, with Han and Bopomofo, or with Han and
 *       Hangul), so {@code acme.te\u0455t} with a Cyrillic {@code ѕ} among Latin letters is refused;</li>
 *   <li>the normalised address is at most 120 characters (Graph's limit for a filter value).</li>
 * </ul>
 * Only then is the address folded: the local part lower-cased with {@link Locale#ROOT}, the domain converted to its
 * lower-case ASCII (punycode) form. Two addresses match only if their normalised forms are equal, so a Unicode
 * compatibility character never matches an ASCII address, whichever side (team or directory) holds it.
 */
public final class Emails {

    /** Graph compares at most 120 characters in an {@code eq} filter value. */
    public static final int MAX_LENGTH = 120;

    /** RFC 5321 section 4.5.3.1.1. */
    static final int MAX_LOCAL_LENGTH = 64;

    private static final Pattern LOCAL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$");
    private static final Pattern ASCII_DOMAIN = Pattern.compile(
            "^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

    private Emails() {
    }

    /**
     * Strip an address as given: surrounding blanks (including non-breaking spaces) and a {@code mailto:} prefix.
     * Nothing is folded.
     *
     * @param raw the address as given, or null
     * @return the stripped address, or null when nothing is left
     */
    public static @Nullable String strip(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.replace('\u00A0', ' ').strip();
        if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
            s = s.substring(7).strip();
        }
        return s.isEmpty() ? null : s;
    }

    /**
     * Normalise an address for matching: strip it, check it against the rule above, then fold it.
     *
     * @param raw the address as given, or null
     * @return the normalised address, or null when nothing is left or the address is not plausible
     */
    public static @Nullable String normalize(@Nullable String raw) {
        String s = strip(raw);
        if (s == null) {
            return null;
        }
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@') || at == s.length() - 1) {
            return null;
        }
        String local = s.substring(0, at);
        if (local.length() > MAX_LOCAL_LENGTH || !LOCAL.matcher(local).matches()) {
            return null;
        }
        String domain = asciiDomain(s.substring(at + 1));
        if (domain == null) {
            return null;
        }
        String out = local.toLowerCase(Locale.ROOT) + "@" + domain;
        return out.length() > MAX_LENGTH ? null : out;
    }

    private static @Nullable String asciiDomain(String domain) {
        if (ASCII_DOMAIN.matcher(domain).matches()) {
            return domain.toLowerCase(Locale.ROOT);
        }
        if (!Normalizer.isNormalized(domain, Normalizer.Form.NFC)
                || !Normalizer.normalize(domain, Normalizer.Form.NFKC).equals(domain)
                || domain.indexOf('\u3002') >= 0) {
            return null;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!ASCII_DOMAIN.matcher(ascii).matches()
                || !IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES).equals(domain.toLowerCase(Locale.ROOT))) {
            return null;
        }
        for (String label : domain.split("\\.")) {
            if (!singleScript(label)) {
                return null;
            }
        }
        return ascii.toLowerCase(Locale.ROOT);
    }

    private static final Set<Character.UnicodeScript> JAPANESE = EnumSet.of(Character.UnicodeScript.LATIN,
            Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA);
    private static final Set<Character.UnicodeScript> CHINESE = EnumSet.of(Character.UnicodeScript.LATIN,
            Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO);
    private static final Set<Character.UnicodeScript> KOREAN = EnumSet.of(Character.UnicodeScript.LATIN,
            Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL);

    /**
     * Tell whether a domain label mixes scripts the way look-alike domains do (Latin with a Cyrillic or Greek letter)
     * — UTS #39 section 5.2, "highly restrictive": one script, or one of the three East Asian combinations. Digits,
     * hyphens and combining marks (scripts COMMON and INHERITED) go with any script.
     */
    private static boolean singleScript(String label) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        label.codePoints().forEach(cp -> {
            Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
            if (sc != Character.UnicodeScript.COMMON && sc != Character.UnicodeScript.INHERITED) {
                scripts.add(sc);
            }
        });
        return scripts.size() <= 1 || JAPANESE.containsAll(scripts) || CHINESE.containsAll(scripts)
                || KOREAN.containsAll(scripts);
    }

    /**
     * Tell whether an address (as given, or stripped) is plausible under the rule above.
     *
     * @param address the address
     * @return true if it may be sent to Graph
     */
    public static boolean isPlausible(String address) {
        return normalize(address) != null;
    }

    /**
     * Quote a value as an OData string literal: single quotes doubled.
     *
     * @param value the value
     * @return the literal, with its quotes
     */
    public static String literal(String value) {
        return OData.literal(value);
    }

    /**
     * Strip an {@code smtp:} prefix (any case) from a proxy address and normalise it.
     *
     * @param proxyAddress the proxy address
     * @return the address, or null if it is not a plausible SMTP address
     */
    public static @Nullable String fromProxyAddress(@Nullable String proxyAddress) {
        if (proxyAddress == null || proxyAddress.length() < 6
                || !proxyAddress.regionMatches(true, 0, "smtp:", 0, 5)) {
            return null;
        }
        return normalize(proxyAddress.substring(5));
    }
}
