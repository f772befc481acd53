package cc.equa.msgraph.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The batch runner's retry rules: transient statuses on lookups and writes alike, and a 401's one renewal. */
class BatchRunnerTest {

    /** A port whose answers a function decides from the step and how often it was sent. */
    static final class ScriptedPort implements BatchSender {
        final BiFunction<Step, Integer, StepResponse> answer;
        final java.util.Map<Step, Integer> sent = new java.util.HashMap<>();
        final List<String> renewals = new ArrayList<>();

        ScriptedPort(BiFunction<Step, Integer, StepResponse> answer) {
            this.answer = answer;
        }

        @Override
        public void renewToken(String claims) {
            renewals.add(String.valueOf(claims));
        }

        @Override
        public List<StepResponse> batch(List<Step> steps) {
            List<StepResponse> out = new ArrayList<>();
            for (Step s : steps) {
                int n = sent.merge(s, 1, Integer::sum);
                out.add(answer.apply(s, n));
            }
            return out;
        }
    }

    private static StepResponse status(int status) {
        return new StepResponse(status, null, "rid", status >= 400 ? "code" + status : null, null, null);
    }

    private static BatchRunner runner(BatchSender port, VirtualTime time) {
        return new BatchRunner(port, time.calls(), null, 4, Duration.ofMinutes(10), "test");
    }

    @Test
    void serverErrorsOnLookupsAreRetriedWithTheWritesLimits() {
        for (int status : new int[] {500, 502, 503, 504}) {
            VirtualTime time = new VirtualTime();
            ScriptedPort port = new ScriptedPort((s, n) -> n <= 2 ? status(status) : status(200));
            List<StepResponse> r = runner(port, time).run(List.of(new Step.UserQuery("f", null)));
            assertEquals(200, r.get(0).status(), "HTTP " + status);
            assertEquals(2, time.sleeps.size(), "backoff through the sleeper, HTTP " + status);
        }
        // the same limit as a write: after maxRetries the failure is returned
        VirtualTime time = new VirtualTime();
        ScriptedPort port = new ScriptedPort((s, n) -> status(500));
        List<StepResponse> r = runner(port, time).run(List.of(new Step.UserQuery("f", null)));
        assertEquals(500, r.get(0).status());
        assertEquals(4, time.sleeps.size());
    }

    @Test
    void aWriteThatMetA500Or502IsRetriedAfterABackoffAndReportedOnlyOnceTheBudgetIsSpent() {
        // Graph documents 500/502 as service errors to retry; the library's writes converge on a repeat ("already
        // exist" on an addition, 404 on a removal count as done), so a write item is retried like a read
        for (int status : new int[] {500, 502}) {
            VirtualTime time = new VirtualTime();
            Step write = new Step.AddRef("g", "u");
            ScriptedPort port = new ScriptedPort((s, n) -> n == 1 ? status(status) : status(204));
            List<StepResponse> r = runner(port, time).run(List.of(write));
            assertEquals(204, r.get(0).status(), "HTTP " + status);
            assertEquals(2, port.sent.get(write), "HTTP " + status);
            assertEquals(1, time.sleeps.size(), "one backoff through the sleeper, HTTP " + status);
        }
        VirtualTime time = new VirtualTime();
        Step write = new Step.AddRef("g", "u");
        ScriptedPort port = new ScriptedPort((s, n) -> status(500));
        List<StepResponse> r = runner(port, time).run(List.of(write));
        assertEquals(500, r.get(0).status());
        assertEquals(5, port.sent.get(write), "the first try and 4 retries, no more");
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndOnlyTheRefusedStepsRetriedOnce() {
        VirtualTime time = new VirtualTime();
        Step refusedOnce = new Step.AddRef("g", "a");
        Step alwaysRefused = new Step.AddRef("g", "b");
        Step fine = new Step.AddRef("g", "c");
        ScriptedPort port = new ScriptedPort((s, n) -> {
            if (s.equals(fine)) {
                return status(204);
            }
            if (s.equals(refusedOnce)) {
                return n == 1 ? new StepResponse(401, null, "rid", "InvalidAuthenticationToken", "expired", null,
                        "{\"access_token\":{\"nbf\":{\"essential\":true}}}") : status(204);
            }
            return new StepResponse(401, null, "rid", "InvalidAuthenticationToken", "expired", null);
        });
        List<StepResponse> r = runner(port, time).run(List.of(refusedOnce, alwaysRefused, fine));
        assertEquals(204, r.get(0).status());
        assertEquals(401, r.get(1).status());
        assertEquals("InvalidAuthenticationToken", r.get(1).code());
        assertEquals(204, r.get(2).status());
        assertEquals(1, port.sent.get(fine));
        assertEquals(2, port.sent.get(refusedOnce));
        assertEquals(2, port.sent.get(alwaysRefused));
        assertEquals(List.of("{\"access_token\":{\"nbf\":{\"essential\":true}}}"), port.renewals);
        assertEquals(List.of(), time.sleeps);
    }

    @Test
    void aServiceFailureThatOutlastsTheRetriesKeepsTheLastRetryAfter() {
        VirtualTime time = new VirtualTime();
        ScriptedPort port = new ScriptedPort((s, n) -> new StepResponse(503, Duration.ofSeconds(n), "rid",
                "serviceNotAvailable", "down", null));
        List<StepResponse> r = runner(port, time).run(List.of(new Step.UserQuery("f", null)));
        assertEquals(503, r.get(0).status());
        assertEquals(Duration.ofSeconds(5), r.get(0).retryAfter());
    }
}
