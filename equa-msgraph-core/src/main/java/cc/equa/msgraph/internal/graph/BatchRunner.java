package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.RequestEvents;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send steps in {@code $batch} requests of at most 20, pacing writes, and retry the items Graph throttled (429) or
 * failed transiently (500, 502, 503, 504, no or malformed answer, sign-in outage; writes too, as they converge on a
 * repeat, see {@link StepResponse#isRetriable()}) — after the
 * <em>largest</em> Retry-After of the batch, never earlier; with an exponential backoff when Graph gave none. A
 * step refused with 401 renews the organization's token once and is tried once more. The SDK retries none of these
 * inside a batch.
 */
public final class BatchRunner {

    /** Graph's limit of requests in one {@code $batch}. */
    public static final int MAX_BATCH = 20;

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final BatchSender port;
    private final GraphCalls calls;
    private final @Nullable WritePacer pacer;
    private final int maxRetries;
    private final Duration maxTotalWait;
    private final String operation;
    private int batches;

    /**
     * Create a runner.
     *
     * @param port what sends one {@code $batch}
     * @param calls the retry layer (its sleeper and limits)
     * @param pacer the write pacer, or null not to pace
     * @param maxRetries retries per step
     * @param maxTotalWait the longest total wait of one run
     * @param operation what is being done
     */
    public BatchRunner(BatchSender port, GraphCalls calls, @Nullable WritePacer pacer, int maxRetries,
            Duration maxTotalWait, String operation) {
        this.port = port;
        this.calls = calls;
        this.pacer = pacer;
        this.maxRetries = maxRetries;
        this.maxTotalWait = maxTotalWait;
        this.operation = operation;
    }

    /**
     * Return how many {@code $batch} requests this runner sent.
     *
     * @return the count
     */
    public int batches() {
        return batches;
    }

    /**
     * Run the steps.
     *
     * @param steps the steps
     * @return one final response per step, in order (transient failures only when the retry budget ran out)
     */
    public List<StepResponse> run(List<? extends Step> steps) {
        return new Run(steps).toEnd();
    }

    /** One run's state: each step's final answer, attempts and renewal, the queue of steps still to send. */
    private final class Run {
        private final List<? extends Step> steps;
        private final StepResponse[] out;
        private final int[] attempts;
        private final boolean[] renewed;
        private final Deque<Integer> queue = new ArrayDeque<>();
        private Duration waited = Duration.ZERO;
        /** The run's writes, for the size of the pacer's probes. */
        private final int runWrites;

        Run(List<? extends Step> steps) {
            this.steps = steps;
            this.out = new StepResponse[steps.size()];
            this.attempts = new int[steps.size()];
            this.renewed = new boolean[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                queue.add(i);
            }
            this.runWrites = (int) steps.stream().filter(Step::isWrite).count();
        }

        List<StepResponse> toEnd() {
            while (!queue.isEmpty()) {
                List<Integer> chunk = nextChunk();
                List<StepResponse> responses = heldBack(chunk);
                if (responses == null) {
                    responses = send(chunk);
                    batches++;
                }
                judge(chunk, responses);
            }
            return List.of(out);
        }

        /** Take up to 20 queued steps, never more writes than the quota's window holds (as the pacer learned it). */
        private List<Integer> nextChunk() {
            int maxWrites = pacer == null ? MAX_BATCH : pacer.nextRequestWrites(runWrites);
            List<Integer> chunk = new ArrayList<>(MAX_BATCH);
            int writes = 0;
            while (!queue.isEmpty() && chunk.size() < MAX_BATCH) {
                Step next = steps.get(queue.peek());
                if (next.isWrite() && writes >= maxWrites) {
                    break;
                }
                chunk.add(queue.poll());
                writes += next.isWrite() ? 1 : 0;
            }
            return chunk;
        }

        /**
         * Answer a chunk with writes as throttled, without sending it, when Graph's last {@code Retry-After} holds
         * writes back for longer than this run may still wait: waiting in the pacer would overrun the retry budget
         * (or, for a huge Retry-After, hang the caller), and the answer tells the caller when to try again.
         */
        private @Nullable List<StepResponse> heldBack(List<Integer> chunk) {
            if (pacer == null || chunk.stream().noneMatch(i -> steps.get(i).isWrite())) {
                return null;
            }
            Duration hold = pacer.holdOff();
            if (hold.isZero() || waited.plus(hold).compareTo(maxTotalWait) <= 0) {
                return null;
            }
            StepResponse throttled = new StepResponse(429, hold, null, "TooManyRequests",
                    "not sent: Microsoft Graph asked the app to send no writes for another " + hold.toSeconds()
                            + " s (Retry-After), longer than the library may wait", null);
            List<StepResponse> all = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                all.add(throttled);
            }
            return all;
        }

        /** Send one {@code $batch}, its writes paced. */
        private List<StepResponse> send(List<Integer> chunk) {
            List<Step> chunkSteps = new ArrayList<>(chunk.size());
            int writes = 0;
            for (int idx : chunk) {
                chunkSteps.add(steps.get(idx));
                writes += steps.get(idx).isWrite() ? 1 : 0;
            }
            if (pacer == null || writes == 0) {
                return reported(chunk, chunkSteps);
            }
            pacer.acquire(writes, calls, operation);
            List<StepResponse> responses = null;
            try {
                responses = reported(chunk, chunkSteps);
                return responses;
            } finally {
                int throttled = 0;
                Duration retryAfter = null;
                for (int i = 0; responses != null && i < responses.size(); i++) {
                    StepResponse r = responses.get(i);
                    if (chunkSteps.get(i).isWrite() && r.status() == 429) {
                        throttled++;
                        if (r.retryAfter() != null && (retryAfter == null || r.retryAfter().compareTo(retryAfter) > 0)) {
                            retryAfter = r.retryAfter();
                        }
                    }
                }
                pacer.completed(writes, throttled, retryAfter);
            }
        }

        /** Send one {@code $batch}; with a request listener, report it and each of its items. */
        private List<StepResponse> reported(List<Integer> chunk, List<Step> chunkSteps) {
            RequestEvents events = calls.events();
            if (!events.enabled()) {
                return port.batch(chunkSteps);
            }
            boolean[] retried = new boolean[chunk.size()];
            boolean any = false;
            for (int i = 0; i < chunk.size(); i++) {
                retried[i] = attempts[chunk.get(i)] > 0 || renewed[chunk.get(i)];
                any |= retried[i];
            }
            events.markBatch(chunk.size(), any);
            long start = System.nanoTime();
            List<StepResponse> responses;
            try {
                responses = port.batch(chunkSteps);
            } finally {
                events.markBatch(0, false);
            }
            BatchEvents.report(events, chunkSteps, responses, retried, Duration.ofNanos(System.nanoTime() - start));
            return responses;
        }

        /**
         * Keep each final answer; queue again, at the front, the steps refused with 401 (once, after renewing the
         * token) and those that failed transiently within the retry budget (after the batch's largest wait).
         */
        private void judge(List<Integer> chunk, List<StepResponse> responses) {
            List<Integer> retry = new ArrayList<>();
            Duration wait = Duration.ZERO;
            boolean told = false;
            boolean renew = false;
            String claims = null;
            for (int i = 0; i < chunk.size(); i++) {
                int idx = chunk.get(i);
                StepResponse r = responses.get(i);
                if (r.isUnauthorized() && !renewed[idx]) {
                    // the token was refused: drop it, and give each refused step one more try with a fresh one
                    renewed[idx] = true;
                    renew = true;
                    claims = claims != null ? claims : r.claims();
                    retry.add(idx);
                    continue;
                }
                if (r.isRetriable() && attempts[idx] < maxRetries) {
                    Duration w = r.retryAfter() != null ? r.retryAfter() : GraphCalls.backoff(attempts[idx]);
                    if (waited.plus(w).compareTo(maxTotalWait) <= 0) {
                        attempts[idx]++;
                        retry.add(idx);
                        if (w.compareTo(wait) > 0) {
                            wait = w;
                            told = r.retryAfter() != null;
                        }
                        continue;
                    }
                }
                out[idx] = r;
            }
            if (renew) {
                LOG.debug("{}: Microsoft Graph refused the access token inside $batch; renewing it once", operation);
                port.renewToken(claims);
            }
            if (!retry.isEmpty()) {
                LOG.debug("{}: {} of {} batch items throttled or failed transiently; retrying after {} ms", operation,
                        retry.size(), chunk.size(), wait.toMillis());
                if (!wait.isZero()) {
                    calls.pause(operation, wait, told ? GraphWait.Reason.RETRY_AFTER : GraphWait.Reason.BACKOFF);
                    waited = waited.plus(wait);
                }
                for (int i = retry.size() - 1; i >= 0; i--) {
                    queue.addFirst(retry.get(i));
                }
            }
        }
    }
}
