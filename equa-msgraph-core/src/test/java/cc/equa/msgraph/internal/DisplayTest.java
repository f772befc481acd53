package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DisplayTest {

    @Test
    void invisibleAndLineBreakingCharactersBecomeVisibleEscapes() {
        assertEquals("a\\nb\\rc\\td", Display.safe("a\nb\rc\td"));
        assertEquals("\\u202Eevil\\u2066x\\u2069\\u200E\\u200F\\u061C", Display.safe("\u202Eevil\u2066x\u2069\u200E\u200F\u061C"));
        assertEquals("\\u0085\\u2028\\u2029\\u007F\\u009B\\u001B[2K", Display.safe("\u0085\u2028\u2029\u007F\u009B\u001B[2K"));
        assertEquals("ce\\u200Bo\\u200C\\u200D\\uFEFF\\u00AD\\u00A0\\u3000", Display.safe("ce\u200Bo\u200C\u200D\uFEFF\u00AD\u00A0\u3000"));
        // A tag character above the BMP (category Cf) and a lone surrogate.
        assertEquals("x\\u{E0041}\\uD800", Display.safe("x" + new String(Character.toChars(0xE0041)) + "\uD800"));
        // A backslash in a value cannot pass for an escape.
        assertEquals("a\\\\nb", Display.safe("a\\nb"));
    }

    @Test
    void visibleTextIsUnchanged() {
        String text = "Ann Ünïcode-Ñ <ann+x@contoso.com> 日本 \uD83D\uDE00 Ω";
        assertEquals(text, Display.safe(text));
        assertEquals("null", Display.safe(null));
    }

    @Test
    void longValuesAreCutWithAMarkerNeverInsideAnEscape() {
        String cut = Display.safe("x".repeat(500));
        assertEquals(Display.MAX, cut.length());
        assertTrue(cut.endsWith(Display.ELLIPSIS));
        assertEquals("x".repeat(Display.MAX), Display.safe("x".repeat(Display.MAX)));
        // 7 characters then escapes of 6: the cut falls before a whole escape, never inside one.
        String escapes = Display.safe("abcdefg" + "\u202E".repeat(10), 20);
        assertEquals("abcdefg\\u202E\\u202E…", escapes);
    }

    @Test
    void aTableCellShowsASecondSpaceAsAnEscapeSoItCannotFakeAColumn() {
        assertEquals("a \\u0020\\u0020b c", Display.cell("a   b c", 60));
        assertEquals("a b", Display.cell("a b", 60));
    }
}
