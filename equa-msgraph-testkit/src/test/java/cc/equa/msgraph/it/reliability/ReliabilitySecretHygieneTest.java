package cc.equa.msgraph.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Secret hygiene (issue #8 §6): the suite-wide scan itself. The real assertion runs after every test and at the end
 * of the run ({@link SuiteInvariants}); this test proves the scan sees every kind of logger at TRACE and recognises
 * each kind of leak, by planting one of each (it is listed in {@link SuiteLog#PLANTED}, so its plants are counted as
 * {@code planted_leaks_found}, not as leaks).
 */
class ReliabilitySecretHygieneTest {

    @Test
    void plantedLeaksAreFoundInEveryKindOfLogger() {
        assertEquals("cc.equa.msgraph.it.connect.CapturingLogProvider", System.getProperty("slf4j.provider"));
        assertTrue(LoggerFactory.getLogger("com.azure.identity.ClientSecretCredential").isTraceEnabled());
        assertTrue(LoggerFactory.getLogger("com.microsoft.aad.msal4j.ConfidentialClientApplication").isTraceEnabled());
        long mark = SuiteLog.lines();
        Fakes.secret("planted~secret~value~42");
        LoggerFactory.getLogger("cc.equa.msgraph.internal.X").trace("value {}", "planted~secret~value~42");
        LoggerFactory.getLogger("com.azure.core.Y").debug("Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123");
        java.util.logging.Logger.getLogger("okhttp3.OkHttpClient").fine("token eyJhbGciOiJub25lIn0.eyJyb2xlcyI6W119.sig");
        LoggerFactory.getLogger("z").error("failed", new IllegalStateException("fake~0123456789abcdef0123456789abcdef"));
        LoggerFactory.getLogger("z").info("nothing to see here");
        List<SuiteLog.Finding> found = SuiteLog.findingsAfter(mark);
        Set<String> kinds = found.stream().map(SuiteLog.Finding::kind).collect(Collectors.toSet());
        assertEquals(Set.of("leak:registered-secret", "leak:bearer", "leak:jwt", "leak:fake-secret"), kinds,
                found.toString());
        assertTrue(found.stream().allMatch(SuiteLog.Finding::planted));
        assertTrue(found.stream().noneMatch(f -> f.line().contains("planted~secret~value~42")
                || f.line().contains("abcdefghijklmnopqrstuvwxyz0123")), "findings are redacted");
        assertTrue(SuiteLog.lines() - mark >= 5, "every line was seen");
    }
}
