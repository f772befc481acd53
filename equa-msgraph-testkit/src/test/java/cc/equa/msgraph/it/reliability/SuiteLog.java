package cc.equa.msgraph.it.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Every log line of the whole test JVM (SLF4J at TRACE through the connect tests' {@code CapturingLogProvider}, and
 * java.util.logging at ALL, both handed over by {@code LogCapture.tap}), scanned as it is written: for registered secrets and tokens, anything shaped like a JWT, a bearer header or a
 * fake-tenant default secret ({@code fake~} and 32 hex digits), and the fake's violation warnings. Lines are not kept
 * (the suite logs millions at TRACE); only counts and the first offending lines, redacted, are.
 *
 * <p>Each finding is attributed to the test running when it was logged ({@link #currentTest}). Tests that plant a
 * leak on purpose to prove a detector works are listed in {@link #PLANTED} and counted apart.
 */
final class SuiteLog {

    /** Test classes that log a secret or token on purpose (self-tests of a leak detector). */
    static final Set<String> PLANTED = Set.of("cc.equa.msgraph.it.connect.LogCaptureSelfTest",
            "cc.equa.msgraph.it.reliability.ReliabilitySecretHygieneTest#plantedLeaksAreFoundInEveryKindOfLogger");

    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{16,}");
    static final Pattern FAKE_SECRET = Pattern.compile("fake~[0-9a-f]{32}");
    private static final String VIOLATION = "Fake Graph tenant: client violation ";
    private static final String STARTED = "Fake Graph tenant listening on ";

    private static final Set<String> SENSITIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicLong LINES = new AtomicLong();
    private static final AtomicLong FAKES_STARTED = new AtomicLong();
    private static final List<Finding> FINDINGS = new ArrayList<>();
    private static volatile @Nullable String currentTest;

    /** A leak or a violation seen in the log. */
    record Finding(long seq, String kind, @Nullable String test, boolean planted, String line) {
    }

    private SuiteLog() {
    }

    static void currentTest(@Nullable String test) {
        currentTest = test;
    }

    static @Nullable String currentTest() {
        return currentTest;
    }

    /**
     * Register a value (client secret, access token, certificate password) that must never be logged.
     *
     * @param value the value
     */
    static void sensitive(@Nullable String value) {
        if (value != null && value.length() >= 6) {
            SENSITIVE.add(value);
        }
    }

    static int sensitiveCount() {
        return SENSITIVE.size();
    }

    static long lines() {
        return LINES.get();
    }

    static long fakesStarted() {
        return FAKES_STARTED.get();
    }

    static void record(String logger, String line) {
        long seq = LINES.incrementAndGet();
        if (line.contains(STARTED)) {
            FAKES_STARTED.incrementAndGet();
        }
        String test = currentTest;
        boolean planted = test != null && (PLANTED.contains(test) || PLANTED.contains(test.split("#")[0]));
        int v = line.indexOf(VIOLATION);
        if (v >= 0) {
            String rest = line.substring(v + VIOLATION.length());
            String kind = rest.split(" ", 2)[0];
            add(new Finding(seq, "violation:" + kind, test, planted, redact(line)));
        }
        String leak = leakKind(line);
        if (leak != null) {
            add(new Finding(seq, "leak:" + leak, test, planted, logger + ": " + redact(line)));
        }
    }

    /** Return what kind of secret a line holds, or null. */
    static @Nullable String leakKind(String line) {
        for (String s : SENSITIVE) {
            if (line.contains(s)) {
                return "registered-secret";
            }
        }
        if (JWT.matcher(line).find()) {
            return "jwt";
        }
        if (BEARER.matcher(line).find()) {
            return "bearer";
        }
        if (FAKE_SECRET.matcher(line).find()) {
            return "fake-secret";
        }
        return null;
    }

    static String redact(String line) {
        String out = line;
        for (String s : SENSITIVE) {
            out = out.replace(s, "<SECRET>");
        }
        out = JWT.matcher(out).replaceAll("<JWT>");
        out = BEARER.matcher(out).replaceAll("<BEARER>");
        out = FAKE_SECRET.matcher(out).replaceAll("<FAKE-SECRET>");
        Matcher m = Pattern.compile("[\\r\\n]+").matcher(out);
        out = m.replaceAll(" | ");
        return out.length() > 600 ? out.substring(0, 600) + "…" : out;
    }

    private static void add(Finding f) {
        synchronized (FINDINGS) {
            if (FINDINGS.size() < 10_000) {
                FINDINGS.add(f);
            }
        }
    }

    /**
     * Return the findings logged after a line number.
     *
     * @param afterSeq the last line number already examined
     * @return the findings
     */
    static List<Finding> findingsAfter(long afterSeq) {
        synchronized (FINDINGS) {
            return FINDINGS.stream().filter(f -> f.seq() > afterSeq).toList();
        }
    }

    static List<Finding> findings() {
        synchronized (FINDINGS) {
            return List.copyOf(FINDINGS);
        }
    }
}
