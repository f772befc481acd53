package cc.equa.msgraph.it.reliability;

import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Retry discipline read from a fake's journal, request by request.
 *
 * <p>The fake's own early-retry check ({@link Violation.Kind#RETRY_BEFORE_RETRY_AFTER}) keys on app, method and path.
 * That key cannot tell a retry from a <em>different</em> request to the same URL: two {@code PATCH /groups/{id}}
 * binds in one {@code $batch}, or two {@code GET /users?$filter=…} lookups, share it. So when one of them is
 * throttled, the next sibling in the same batch is flagged (a false positive) and the real retry is then not checked
 * at all. This checker keys a logical request on app, method, path, query and body (for an outer {@code $batch}: any
 * next {@code $batch}, whose body differs only in generated ids) and checks that <em>its</em> next attempt came no
 * earlier than the Retry-After told. Every violation the fake reports must be either confirmed here or shown to be
 * such a sibling; an unexplained one counts as an early retry.
 */
final class JournalChecks {

    /** What was found. */
    record Report(int earlyRetries, List<String> early, int fakeViolations, int siblingFalsePositives,
            List<String> siblings, int longestRetryChain, String longestChainAt, int throttled) {
    }

    private JournalChecks() {
    }

    static String identity(RecordedCall c) {
        String app = c.appId().orElse("?");
        if (c.kind() == RecordedCall.Kind.GRAPH && c.path().endsWith("/$batch")) {
            return app + " POST $batch";
        }
        return app + " " + c.method() + " " + c.path() + "?" + c.query() + " " + c.body().orElse("");
    }

    private static boolean transientFailure(RecordedCall c) {
        return c.status() == 429 || c.status() == 503 || c.status() == 504 || c.status() == -1 || c.status() == 0;
    }

    /**
     * Check a journal.
     *
     * @param calls the journal, oldest first
     * @param violations the fake's violations for the same period
     * @param retryAfterOf the Retry-After a faulted call was told, from the fault description (empty if none or
     *     unknown)
     * @return the report
     */
    static Report check(List<RecordedCall> calls, List<Violation> violations,
            Function<RecordedCall, Optional<Duration>> retryAfterOf) {
        Map<String, Instant> notBefore = new HashMap<>();
        Map<String, Integer> chain = new HashMap<>();
        Map<String, Boolean> lastFailed = new HashMap<>();
        List<String> early = new ArrayList<>();
        List<RecordedCall> earlyCalls = new ArrayList<>();
        int longest = 0;
        String longestAt = "";
        int throttled = 0;
        for (RecordedCall c : calls) {
            if (c.kind() != RecordedCall.Kind.GRAPH && c.kind() != RecordedCall.Kind.BATCH_ITEM) {
                continue;
            }
            String id = identity(c);
            Instant nb = notBefore.remove(id);
            if (nb != null && c.time().isBefore(nb)) {
                early.add(c.method() + " " + c.path() + " " + Duration.between(c.time(), nb).toMillis()
                        + " ms early");
                earlyCalls.add(c);
            }
            int length = Boolean.TRUE.equals(lastFailed.get(id)) ? chain.getOrDefault(id, 1) + 1 : 1;
            chain.put(id, length);
            if (length > longest) {
                longest = length;
                longestAt = c.method() + " " + c.path();
            }
            lastFailed.put(id, transientFailure(c));
            Optional<Duration> ra = retryAfterOf.apply(c);
            if (ra.isPresent()) {
                throttled++;
                long secs = Math.max(0, (ra.get().toMillis() + 999) / 1000);
                notBefore.put(id, c.time().plusSeconds(secs));
            }
        }
        int fake = 0;
        int siblings = 0;
        List<String> siblingText = new ArrayList<>();
        for (Violation v : violations) {
            if (v.kind() != Violation.Kind.RETRY_BEFORE_RETRY_AFTER) {
                continue;
            }
            fake++;
            boolean confirmed = earlyCalls.stream().anyMatch(c -> c.time().equals(v.time())
                    && c.method().equals(v.method()) && c.path().equals(v.path()));
            if (confirmed) {
                continue;
            }
            if (isSibling(calls, v, retryAfterOf)) {
                siblings++;
                siblingText.add(v.method() + " " + v.path() + " (" + v.message() + ")");
            } else {
                early.add("unexplained fake violation: " + v.method() + " " + v.path() + " " + v.message());
            }
        }
        return new Report(early.size(), early, fake, siblings, siblingText, longest, longestAt, throttled);
    }

    /**
     * Whether a flagged call was a different request than the throttled one it was keyed with: at the flagged
     * instant, the journal holds a throttled call with the same app, method and path but another query or body,
     * followed (before any retry could have been sent) by the flagged call.
     */
    private static boolean isSibling(List<RecordedCall> calls, Violation v,
            Function<RecordedCall, Optional<Duration>> retryAfterOf) {
        RecordedCall throttledOne = null;
        for (RecordedCall c : calls) {
            if (c.kind() != RecordedCall.Kind.BATCH_ITEM || !c.method().equals(v.method())
                    || !c.path().equals(v.path()) || !v.appId().equals(c.appId().orElse(""))) {
                continue;
            }
            if (!c.time().equals(v.time())) {
                if (c.time().isAfter(v.time())) {
                    break;
                }
                continue;
            }
            if (throttledOne != null && !identity(c).equals(identity(throttledOne))) {
                return true;
            }
            if (retryAfterOf.apply(c).isPresent()) {
                throttledOne = c;
            }
        }
        return false;
    }
}
