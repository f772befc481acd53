package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** Matches scripted fault rules and the seeded chaos mode. */
public final class FaultEngine {
    private static final int[] CHAOS_STATUSES = {429, 503, 504, 500};

    private static final class Entry {
        final FaultRule rule;
        int seen;

        Entry(FaultRule rule) {
            this.rule = rule;
        }
    }

    private final List<Entry> rules = new ArrayList<>();
    private @Nullable SplittableRandom chaos;
    private double chaosProbability;
    private long chaosSeed;

    public synchronized void add(FaultRule rule) {
        rules.add(new Entry(rule));
    }

    public synchronized void clear() {
        rules.clear();
        chaos = null;
    }

    public synchronized void chaos(long seed, double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        chaos = new SplittableRandom(seed);
        chaosSeed = seed;
        chaosProbability = probability;
    }

    public synchronized void chaosOff() {
        chaos = null;
    }

    /** How many rules still have applications left. */
    public synchronized int pending() {
        return (int) rules.stream().filter(e -> e.seen < (long) e.rule.skip() + e.rule.times()).count();
    }

    /**
     * Find the fault for a request, consuming one application of it.
     *
     * @param chaosEligible whether chaos may hit this request (Graph calls, not the outer batch or the identity side)
     */
    public synchronized @Nullable FaultRule match(String method, String fullPath, boolean batchItem,
            boolean chaosEligible) {
        for (Entry e : rules) {
            FaultRule r = e.rule;
            if (r.scope() == FaultRule.Scope.REQUESTS && batchItem
                    || r.scope() == FaultRule.Scope.BATCH_ITEMS && !batchItem) {
                continue;
            }
            if (!"*".equals(r.method()) && !r.method().equalsIgnoreCase(method)) {
                continue;
            }
            if (!pathMatches(r.pathPattern(), fullPath)) {
                continue;
            }
            long limit = (long) r.skip() + r.times();
            if (e.seen >= limit) {
                continue;
            }
            e.seen++;
            if (e.seen <= r.skip()) {
                continue;
            }
            if (batchItem && (r.action() == FaultRule.Action.DISCONNECT || r.action() == FaultRule.Action.NO_RESPONSE)) {
                // a batch item can't drop the connection; it fails with 503 instead
                return new FaultRule(r.method(), r.pathPattern(), r.scope(), FaultRule.Action.RESPOND, 503, r.code(),
                        r.message(), r.retryAfter(), 1, 0, r.latency(), r.headers(), r.body());
            }
            return r;
        }
        SplittableRandom rnd = chaos;
        if (rnd != null && chaosEligible) {
            double d = rnd.nextDouble();
            int pick = rnd.nextInt(CHAOS_STATUSES.length);
            int retry = 1 + rnd.nextInt(3);
            if (d < chaosProbability) {
                int status = CHAOS_STATUSES[pick];
                return new FaultRule(method, "chaos(seed=" + chaosSeed + ")", FaultRule.Scope.ALL,
                        FaultRule.Action.RESPOND, status, Optional.empty(), Optional.empty(),
                        status == 429 || status == 503 ? Optional.of(Duration.ofSeconds(retry)) : Optional.empty(),
                        1, 0, Duration.ZERO);
            }
        }
        return null;
    }

    static boolean pathMatches(String pattern, String fullPath) {
        if (glob(split(pattern), 0, split(fullPath), 0)) {
            return true;
        }
        if (!pattern.startsWith("/v1.0/") && fullPath.startsWith("/v1.0/")) {
            return glob(split(pattern), 0, split(fullPath.substring(5)), 0);
        }
        return false;
    }

    private static String[] split(String p) {
        String s = p.startsWith("/") ? p.substring(1) : p;
        return s.isEmpty() ? new String[0] : s.split("/", -1);
    }

    private static boolean glob(String[] pat, int i, String[] path, int j) {
        if (i == pat.length) {
            return j == path.length;
        }
        if ("**".equals(pat[i])) {
            for (int k = j; k <= path.length; k++) {
                if (glob(pat, i + 1, path, k)) {
                    return true;
                }
            }
            return false;
        }
        if (j == path.length) {
            return false;
        }
        if ("*".equals(pat[i]) || pat[i].equalsIgnoreCase(path[j])) {
            return glob(pat, i + 1, path, j + 1);
        }
        return false;
    }

    public static String defaultCode(int status) {
        switch (status) {
            case 429:
                return "TooManyRequests";
            case 503:
                return "serviceNotAvailable";
            case 504:
                return "UnknownError";
            case 500:
                return "InternalServerError";
            case 401:
                return "InvalidAuthenticationToken";
            case 403:
                return "Authorization_RequestDenied";
            case 404:
                return "Request_ResourceNotFound";
            default:
                return status >= 500 ? "UnknownError" : "Request_BadRequest";
        }
    }

    public static String defaultMessage(int status) {
        switch (status) {
            case 429:
                return "Please retry again later.";
            case 503:
                return "Service is unavailable.";
            default:
                return "Injected fault (HTTP " + status + ").";
        }
    }
}
