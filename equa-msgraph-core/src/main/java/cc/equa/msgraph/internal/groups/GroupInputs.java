package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.internal.graph.OData;
import cc.equa.msgraph.internal.graph.ObjectIds;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Input rules for the group feature, all applied before any network call: identifiers, OData literals and search
 * phrases (escaped so no input changes a query's meaning), mail nicknames and new-group limits.
 */
final class GroupInputs {

    /** The longest value Graph matches with {@code eq} or {@code startswith} (graph-behaviour.md §8). */
    public static final int MAX_FILTER_VALUE = OData.MAX_FILTER_VALUE;
    /** The longest display name Graph accepts. */
    public static final int MAX_DISPLAY_NAME = 256;
    /** The longest description the library sends (Graph does not document one; 1,024 is the de-facto limit). */
    public static final int MAX_DESCRIPTION = 1024;
    /** The longest mail nickname Graph accepts. */
    public static final int MAX_NICKNAME = 64;
    /** The most owners and members Graph accepts in the create call. */
    public static final int MAX_CREATE_RELATIONSHIPS = 20;
    /** The largest page Graph serves for directory collections. */
    public static final int MAX_PAGE_SIZE = 999;
    /** The nickname used when nothing usable is left of a name. */
    static final String FALLBACK_NICKNAME = "group";

    private static final Pattern NICKNAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern USER_NAME = Pattern.compile("[^\\s@]+@[^\\s@]+");
    private static final int MAX_USER_NAME = 256;

    private GroupInputs() {
    }

    /**
     * Tell whether a value is a GUID in its usual 8-4-4-4-12 form.
     *
     * @param value the value
     * @return true for a GUID
     */
    public static boolean isGuid(@Nullable String value) {
        return ObjectIds.isGuid(value);
    }

    /**
     * Check a group id.
     *
     * @param field the field name
     * @param value the value
     * @param problems where to add a problem
     */
    public static void checkGroupId(String field, @Nullable String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is empty",
                    "Choose a group from the list, or paste the group's Object ID from the Entra admin center."));
        } else if (!isGuid(value.trim())) {
            problems.add(new FieldProblem(field, "is not a group object id (a GUID such as"
                    + " 0a1b2c3d-0000-1111-2222-333344445555)",
                    "Choose a group from the list, or paste the group's Object ID from the Entra admin center."));
        }
    }

    /**
     * Check text that goes into an {@code eq} or {@code startswith} filter value.
     *
     * @param field the field name
     * @param value the value
     * @param problems where to add problems
     */
    public static void checkFilterValue(String field, String value, List<FieldProblem> problems) {
        if (value.isBlank()) {
            problems.add(new FieldProblem(field, "is empty", "Enter at least one character."));
            return;
        }
        if (value.length() > MAX_FILTER_VALUE) {
            problems.add(new FieldProblem(field, "is longer than " + MAX_FILTER_VALUE + " characters ("
                    + value.length() + ")", "Shorten it to at most " + MAX_FILTER_VALUE
                    + " characters; Microsoft Graph matches no longer values."));
        }
        if (hasControl(value)) {
            problems.add(new FieldProblem(field, "contains control characters (such as a line break or tab)",
                    "Remove the control characters."));
        } else if (hasFormat(value)) {
            problems.add(new FieldProblem(field, "contains an invisible formatting character (such as a zero-width"
                    + " space or a bidi control)", "Type the text again rather than pasting it."));
        }
    }

    /**
     * Check text that goes into a {@code $search} phrase. Graph's search phrase is enclosed in double quotes and
     * has no documented escape, so {@code "} and {@code \} are refused rather than guessed at.
     *
     * @param field the field name
     * @param value the value
     * @param problems where to add problems
     */
    public static void checkSearchText(String field, String value, List<FieldProblem> problems) {
        checkFilterValue(field, value, problems);
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
            problems.add(new FieldProblem(field, "contains a double quote (\") or a backslash (\\)",
                    "Remove the quotes and backslashes; search matches words, so they are not needed."));
        }
    }

    /**
     * Quote a value as an OData string literal: single quotes doubled, the whole enclosed in single quotes. The
     * value must have passed {@link #checkFilterValue}.
     *
     * @param value the value
     * @return the literal
     */
    public static String literal(String value) {
        return OData.literal(value);
    }

    /**
     * Build a {@code $search} value for one property, such as {@code "displayName:board"}. The value must have
     * passed {@link #checkSearchText}.
     *
     * @param property the property
     * @param value the words
     * @return the search expression, with its double quotes
     */
    public static String searchPhrase(String property, String value) {
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 || hasControl(value)) {
            throw new IllegalArgumentException("unchecked search text");
        }
        return "\"" + property + ":" + value.trim() + "\"";
    }

    /**
     * Check a page size.
     *
     * @param size the size
     * @param problems where to add a problem
     */
    public static void checkPageSize(int size, List<FieldProblem> problems) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            problems.add(new FieldProblem("pageSize", "must be between 1 and " + MAX_PAGE_SIZE + " (was " + size
                    + ")", "Use a page size between 1 and " + MAX_PAGE_SIZE + "."));
        }
    }

    /**
     * Check everything about a group to create.
     *
     * @param group the group
     * @return the problems (empty when valid)
     */
    public static List<FieldProblem> check(NewGroup group) {
        List<FieldProblem> problems = new ArrayList<>();
        checkDisplayName(group.displayName(), problems);
        group.description().ifPresent(d -> checkDescription(d, problems));
        group.mailNickname().ifPresent(n -> checkNickname(n, problems));
        checkOwners(group, problems);
        return problems;
    }

    private static void checkDisplayName(String name, List<FieldProblem> problems) {
        if (name.isBlank()) {
            problems.add(new FieldProblem("displayName", "is empty", "Enter a name for the group."));
        } else {
            if (name.length() > MAX_DISPLAY_NAME) {
                problems.add(new FieldProblem("displayName", "is longer than " + MAX_DISPLAY_NAME + " characters ("
                        + name.length() + ")", "Shorten the name to at most " + MAX_DISPLAY_NAME + " characters."));
            }
            if (hasControl(name)) {
                problems.add(new FieldProblem("displayName", "contains control characters",
                        "Remove line breaks, tabs and other control characters from the name."));
            } else if (hasBidiControl(name)) {
                problems.add(new FieldProblem("displayName", BIDI_PROBLEM, BIDI_REMEDIATION));
            } else if (!hasVisible(name)) {
                problems.add(new FieldProblem("displayName", "has no visible character",
                        "Enter a name for the group."));
            }
        }
    }

    private static void checkDescription(String d, List<FieldProblem> problems) {
        if (d.length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "is longer than " + MAX_DESCRIPTION + " characters ("
                    + d.length() + ")", "Shorten the description to at most " + MAX_DESCRIPTION
                    + " characters."));
        }
        if (hasControlExceptLineBreaks(d)) {
            problems.add(new FieldProblem("description", "contains control characters",
                    "Remove tabs and other control characters from the description."));
        } else if (hasBidiControl(d)) {
            problems.add(new FieldProblem("description", BIDI_PROBLEM, BIDI_REMEDIATION));
        }
    }

    /** Whether a mail nickname is one the library would post (also used to check one read back from settings). */
    static boolean isNickname(String n) {
        return NICKNAME.matcher(n).matches();
    }

    /** Whether a display name is one the library would post (the same rules as a request's). */
    static boolean isDisplayName(String name) {
        List<FieldProblem> problems = new ArrayList<>();
        checkDisplayName(name, problems);
        return problems.isEmpty();
    }

    private static void checkNickname(String n, List<FieldProblem> problems) {
        if (!NICKNAME.matcher(n).matches()) {
            problems.add(new FieldProblem("mailNickname", n.isEmpty() ? "is empty"
                    : "must be 1-" + MAX_NICKNAME + " characters of A-Z, a-z, 0-9, _ and -",
                    "Use only letters, digits, '_' and '-', at most " + MAX_NICKNAME
                            + " characters, or leave it out to derive one from the name."));
        }
    }

    private static void checkOwners(NewGroup group, List<FieldProblem> problems) {
        List<String> owners = group.owners();
        for (int i = 0; i < owners.size(); i++) {
            String owner = owners.get(i).trim();
            String field = "owners[" + i + "]";
            if (owner.isEmpty()) {
                problems.add(new FieldProblem(field, "is empty", "Enter the owner's user principal name, e-mail"
                        + " address or object id."));
            } else if (owner.length() > MAX_USER_NAME || hasControl(owner) || hasFormat(owner)
                    || !Normalizer.isNormalized(owner, Normalizer.Form.NFKC)
                    || !(isGuid(owner) || USER_NAME.matcher(owner).matches())) {
                // Not NFKC-stable: a compatibility character (Kelvin sign, fullwidth @ or letters) that a lookup
                // would fold into another, ASCII, user's name.
                problems.add(new FieldProblem(field, "is neither a user object id nor a user principal name or"
                        + " e-mail address", "Enter the owner's user principal name (such as admin@contoso.com),"
                        + " e-mail address or object id."));
            }
        }
        if (owners.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).distinct().count() < owners.size()) {
            problems.add(new FieldProblem("owners", "names the same user twice", "Name each owner once."));
        }
        int relationships = owners.size() + (group.appAsOwner() ? 1 : 0);
        if (relationships == 0) {
            problems.add(new FieldProblem("owners", "no owner: without one, the group cannot be changed after an"
                    + " app creates it", "Name at least one owner, or let the app own the group."));
        } else if (relationships > MAX_CREATE_RELATIONSHIPS) {
            problems.add(new FieldProblem("owners", "too many owners (" + relationships
                    + (group.appAsOwner() ? ", including the app" : "") + "); Microsoft Graph accepts at most "
                    + MAX_CREATE_RELATIONSHIPS + " when creating a group",
                    "Name at most " + MAX_CREATE_RELATIONSHIPS + " owners (including the app); add more owners"
                            + " later in the Microsoft 365 admin center."));
        }
    }

    /**
     * Derive a mail nickname from a display name: accents dropped, runs of other characters turned into one
     * {@code -}, lower case, at most {@code 64 - reserve} characters; {@code "group"} when nothing is left.
     *
     * @param displayName the name
     * @param reserve characters to keep free for a suffix
     * @return the nickname, matching {@code [a-z0-9_-]{1,64}}
     */
    public static String deriveNickname(String displayName, int reserve) {
        String plain = Normalizer.normalize(displayName, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        StringBuilder sb = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                sb.append(c);
                dash = false;
            } else if (c >= 'A' && c <= 'Z') {
                sb.append((char) (c + ('a' - 'A')));
                dash = false;
            } else if (!dash && sb.length() > 0) {
                sb.append('-');
                dash = true;
            }
        }
        int max = Math.max(1, MAX_NICKNAME - reserve);
        String s = sb.length() > max ? sb.substring(0, max) : sb.toString();
        s = trimDashes(s);
        return s.isEmpty() ? FALLBACK_NICKNAME : s;
    }

    /**
     * Return the nickname with a numeric suffix ({@code base-2}, {@code base-3} …), shortening the base so the
     * result stays within 64 characters.
     *
     * @param base the base nickname
     * @param n the number, at least 2
     * @return the nickname
     */
    public static String withSuffix(String base, int n) {
        String suffix = "-" + n;
        String b = base.length() + suffix.length() > MAX_NICKNAME
                ? trimDashes(base.substring(0, MAX_NICKNAME - suffix.length())) : base;
        return (b.isEmpty() ? FALLBACK_NICKNAME : b) + suffix;
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }

    private static final String BIDI_PROBLEM = "contains a bidi embedding, override or isolate control (U+202A to"
            + " U+202E, U+2066 to U+2069), which makes text display in a different order than it is stored";
    private static final String BIDI_REMEDIATION = "Type the text again rather than pasting it; right-to-left text"
            + " needs no such control.";

    /** Embeddings, overrides and isolates: they reorder what follows them ("Trojan Source"). */
    static boolean hasBidiControl(String s) {
        return s.codePoints().anyMatch(c -> (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
    }

    /** Zero-width characters, BOM, bidi marks and controls, soft hyphen, tags: nothing a typed filter holds. */
    static boolean hasFormat(String s) {
        return s.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT);
    }

    private static boolean hasVisible(String s) {
        return s.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT && !Character.isISOControl(c));
    }

    static boolean hasControl(String s) {
        return s.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    private static boolean hasControlExceptLineBreaks(String s) {
        return s.codePoints().anyMatch(c -> (Character.isISOControl(c) && c != '\n' && c != '\r')
                || c == 0x2028 || c == 0x2029);
    }
}
