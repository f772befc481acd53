package cc.equa.msgraph.internal;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Makes a value that came from the team, the directory, Graph or a stored plan safe to show to an admin in a
 * rendered table, a report or a {@code toString()}.
 *
 * <p>Such a value is attacker-controlled: a line break in a team member's name would start a forged
 * "remove ceo@…" row, U+202E would reverse the rest of the line, a zero-width space would make two different
 * addresses look alike, an ESC sequence would rewrite the terminal. So every code point that is not plainly
 * visible is shown as an escape instead:
 * <ul>
 *   <li>the escape character itself: {@code \\};
 *   <li>{@code \n}, {@code \r}, {@code \t} as such;
 *   <li>every other C0 control, DEL and C1 control, the line and paragraph separators (U+0085, U+2028, U+2029),
 *       every format character (category Cf: bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width
 *       space/joiners, BOM, soft hyphen, tag characters…), lone surrogates, unassigned and private-use code points,
 *       and every space other than U+0020 (no-break, em, ideographic…, which could pass for column padding): as
 *       {@code \}{@code uXXXX} (or {@code \}{@code u{XXXXX}} above the BMP).
 * </ul>
 * The result is then capped at a length (measured after escaping, never cutting an escape in half), ending with
 * {@value #ELLIPSIS} when cut, so that one value cannot push the others off screen.
 */
public final class Display {

    /** The longest value, in characters after escaping, that free text in a render shows. */
    public static final int MAX = 200;

    /** What a cut value ends with. */
    public static final String ELLIPSIS = "…";

    private Display() {
    }

    /**
     * Escape a value and cap it at {@link #MAX} characters.
     *
     * @param value the value, or {@code null}
     * @return the safe text; {@code "null"} for {@code null}, like string concatenation would show it
     */
    public static String safe(@Nullable Object value) {
        return safe(value, MAX);
    }

    /**
     * Escape a value and cap it.
     *
     * @param value the value, or {@code null}
     * @param max the longest result, at least 2
     * @return the safe text; {@code "null"} for {@code null}
     */
    public static String safe(@Nullable Object value, int max) {
        return escape(String.valueOf(value), max, false);
    }

    /**
     * Escape a text field of an audit event the library records: like {@link #safe(Object, int)} capped at 2,000
     * characters, and {@code null} kept. Audit events end up in hosts' logs and tables; a Graph error message or a
     * directory name must not be able to forge a log line there.
     *
     * @param value the value, or {@code null}
     * @return the safe text, or {@code null}
     */
    public static @Nullable String audit(@Nullable String value) {
        return value == null ? null : escape(value, 2000, false);
    }

    /**
     * Escape a value for a cell of a space-aligned table: like {@link #safe(Object, int)}, and a space that follows
     * another space is shown as {@code \}{@code u0020} too, since two spaces are the table's column separator.
     *
     * @param value the value, or {@code null}
     * @param max the longest result
     * @return the safe text
     */
    public static String cell(@Nullable Object value, int max) {
        return escape(String.valueOf(value), max, true);
    }

    private static String escape(String s, int max, boolean cell) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        int i = 0;
        int previous = -1;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            String piece = cell && cp == ' ' && previous == ' ' ? "\\u0020" : escape(cp);
            // The last piece must leave room for the marker unless it ends the value exactly.
            int next = i + Character.charCount(cp);
            int room = next < s.length() ? max - ELLIPSIS.length() : max;
            if (sb.length() + (piece == null ? Character.charCount(cp) : piece.length()) > room) {
                return sb.append(ELLIPSIS).toString();
            }
            if (piece == null) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(piece);
            }
            previous = cp;
            i = next;
        }
        return sb.toString();
    }

    /**
     * Show a record like its generated {@code toString()} would, {@code Name[a=…, b=…]}, with every component made
     * safe: nested records of the public API and collections are shown the same way (each value escaped once), other
     * values (such as an {@code OrganizationId}) through their own {@code toString()} and {@link #safe(Object)}.
     *
     * @param value the record
     * @return the text
     */
    public static String record(Record value) {
        StringBuilder sb = new StringBuilder(value.getClass().getSimpleName()).append('[');
        RecordComponent[] parts = value.getClass().getRecordComponents();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v;
            try {
                v = parts[i].getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                v = "?";
            }
            sb.append(parts[i].getName()).append('=');
            appendValue(sb, v);
        }
        return sb.append(']').toString();
    }

    private static void appendValue(StringBuilder sb, @Nullable Object v) {
        if (v instanceof Record r && r.getClass().getPackageName().equals(Display.class.getPackageName()
                .substring(0, Display.class.getPackageName().lastIndexOf('.')))) {
            sb.append(record(r));
        } else if (v instanceof Collection<?> items) {
            sb.append('[');
            String sep = "";
            for (Object item : items) {
                sb.append(sep);
                appendValue(sb, item);
                sep = ", ";
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(sep);
                appendValue(sb, e.getKey());
                sb.append('=');
                appendValue(sb, e.getValue());
                sep = ", ";
            }
            sb.append('}');
        } else {
            sb.append(safe(v));
        }
    }

    /**
     * Tell whether a code point needs an escape.
     *
     * @param cp the code point
     * @return true unless it is plainly visible
     */
    static boolean needsEscape(int cp) {
        if (cp == ' ') {
            return false;
        }
        if (cp == '\\') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE ->
                    true;
            default -> false;
        };
    }

    private static @Nullable String escape(int cp) {
        if (!needsEscape(cp)) {
            return null;
        }
        return switch (cp) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\u{%X}", cp);
        };
    }
}
