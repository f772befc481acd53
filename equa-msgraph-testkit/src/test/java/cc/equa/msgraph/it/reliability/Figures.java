package cc.equa.msgraph.it.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The suite's figures, printed as the {@code RELIABILITY} summary line when the test run ends. */
final class Figures {

    static final String SCHEDULES = "schedules";
    static final String CONVERGED = "converged";
    static final String LOST_CHANGES = "lost_changes";
    static final String EARLY_RETRIES = "early_retries";
    static final String BAD_INPUTS = "bad_inputs";
    static final String REJECTED_BEFORE_NETWORK = "rejected_before_network";
    static final String SECRET_LEAKS = "secret_leaks";
    static final String FORGED_PLANS = "forged_plans";
    static final String RAW_EXCEPTIONS = "raw_exceptions";
    /** Soak schedules run against the fake's realistic profile (issue 14); their own figures carry this prefix. */
    static final String REALISTIC = "realistic";
    /** Groups a soak schedule's create left beyond the one it asked for. */
    static final String SECOND_GROUPS = "second_groups";
    /** Soak applies refused as stale (nothing in a schedule changes the team or the link, so each is spurious). */
    static final String STALE_PLANS = "stale_plans";
    /** Re-plans right after an apply (realistic profile, inside the read lag) that re-add or re-remove anything. */
    static final String SPURIOUS_REPLANS = "spurious_replans";

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private Figures() {
    }

    static void add(String name, long n) {
        COUNTS.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    static long get(String name) {
        AtomicLong v = COUNTS.get(name);
        return v == null ? 0 : v.get();
    }

    static Map<String, Long> all() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
