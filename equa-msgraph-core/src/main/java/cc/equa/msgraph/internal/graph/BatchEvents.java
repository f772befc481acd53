package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.RequestEvents;
import java.time.Duration;
import java.util.List;

/**
 * Report each request inside a {@code $batch} to the host's listener with its own status: Graph throttles and fails
 * items one by one inside a {@code $batch} answered 200, so the outer request alone would hide every 429. A
 * {@code $batch} refused as a whole (503 without per-item answers, a malformed or lost answer) reports no items: Graph
 * never ran them, and the outer request's event already tells. Only a {@code $batch} never sent for want of a token
 * reports its items ({@link GraphRequestEvent.Failure#NO_TOKEN}), as no HTTP request tells of it.
 */
final class BatchEvents {

    private BatchEvents() {
    }

    /**
     * Report the items of one answered {@code $batch}.
     *
     * @param events where to report
     * @param steps the steps sent
     * @param responses their answers, in order
     * @param retried whether each step was sent before
     * @param took how long the {@code $batch} took
     */
    static void report(RequestEvents events, List<Step> steps, List<StepResponse> responses, boolean[] retried,
            Duration took) {
        if (Batch.asAWhole(responses)) {
            return;
        }
        for (int i = 0; i < steps.size() && i < responses.size(); i++) {
            StepResponse r = responses.get(i);
            GraphRequestEvent.Failure failure = r.status() != 0 ? GraphRequestEvent.Failure.NONE
                    : ErrorMapper.SIGN_IN_UNAVAILABLE.equals(r.code()) ? GraphRequestEvent.Failure.NO_TOKEN
                    : GraphRequestEvent.Failure.NO_ANSWER;
            events.completed(new GraphRequestEvent(GraphRequestEvent.Kind.BATCH_ITEM, method(steps.get(i)),
                    resource(steps.get(i)), r.status(), failure, took, 0, retried[i]));
        }
    }

    static String method(Step step) {
        if (step instanceof Step.UserQuery) {
            return "GET";
        }
        if (step instanceof Step.Bind) {
            return "PATCH";
        }
        return step instanceof Step.RemoveRef ? "DELETE" : "POST";
    }

    static String resource(Step step) {
        if (step instanceof Step.UserQuery) {
            return "/users";
        }
        if (step instanceof Step.Bind) {
            return "/groups/{id}";
        }
        if (step instanceof Step.AddOwnerRef) {
            return "/groups/{id}/owners/$ref";
        }
        return step instanceof Step.RemoveRef ? "/groups/{id}/members/{id}/$ref" : "/groups/{id}/members/$ref";
    }
}
