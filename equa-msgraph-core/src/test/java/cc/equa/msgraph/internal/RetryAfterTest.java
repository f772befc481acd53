package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The library's one Retry-After reader: every form, garbage ignored, huge values clamped (attack14). */
class RetryAfterTest {

    @Test
    void readsWholeAndDecimalSecondsRoundingUp() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse(" 7 "));
        assertEquals(Duration.ZERO, RetryAfter.parse("0"));
        assertEquals(Duration.ofMillis(249), RetryAfter.parse("0.249"));
        assertEquals(Duration.ofMillis(250), RetryAfter.parse("0.2491"));
    }

    @Test
    void ignoresAbsentNegativeAndGarbage() {
        for (String v : new String[] {null, "", "  ", "-5", "+5", "1e3", "abc", "5 s", "NaN", "0x10", "1.", ".5"}) {
            assertNull(RetryAfter.parse(v), String.valueOf(v));
        }
    }

    @Test
    void clampsHugeValuesToTheStatedMaximum() {
        for (String v : new String[] {"99999999999", "9223372036854775807", "9223372036854775808",
            "9".repeat(5000), "99999999999.5", "86400", "86401"}) {
            assertEquals(RetryAfter.MAX, RetryAfter.parse(v), v);
        }
        assertEquals(Duration.ofSeconds(86399), RetryAfter.parse("86399"));
        String farDate = ZonedDateTime.now(ZoneOffset.UTC).plusYears(30).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertEquals(RetryAfter.MAX, RetryAfter.parse(farDate));
    }

    @Test
    void readsHttpDatesAPastDateMeaningNow() {
        String past = ZonedDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertEquals(Duration.ZERO, RetryAfter.parse(past));
        String soon = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = RetryAfter.parse(soon);
        assertEquals(true, d != null && d.compareTo(Duration.ofSeconds(100)) > 0
                && d.compareTo(Duration.ofSeconds(121)) <= 0, String.valueOf(d));
    }

    @Test
    void clientsBelowTheLibrarySeeOnlyValuesThatFitAnInt() {
        // OkHttp's 503 handling reads whole seconds with Integer.valueOf
        assertEquals("86400", RetryAfter.forClients("99999999999"));
        assertEquals("86400", RetryAfter.forClients("9".repeat(5000)));
        assertEquals("120", RetryAfter.forClients("120"));
        assertEquals("0.249", RetryAfter.forClients("0.249"));
        assertEquals("garbage", RetryAfter.forClients("garbage"));
        assertEquals("Wed, 21 Oct 2015 07:28:00 GMT", RetryAfter.forClients("Wed, 21 Oct 2015 07:28:00 GMT"));
    }
}
