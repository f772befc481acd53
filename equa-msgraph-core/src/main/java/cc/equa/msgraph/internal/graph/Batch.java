package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.RetryAfter;
import cc.equa.msgraph.internal.TokenRenewal;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestInformation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /$batch} on the wire (https://learn.microsoft.com/en-us/graph/json-batching): turns {@link Step}s into
 * the SDK's batch content, sends it once, and reads the answer defensively into one {@link StepResponse} per step.
 * Retries, pacing and 401 renewal are the {@link BatchRunner}'s.
 */
public final class Batch implements BatchSender {

    private final GraphSession session;
    private final GraphServiceClient graph;
    private final String operation;

    /**
     * Create the sender.
     *
     * @param session the organization's session
     * @param operation what is being done, for errors
     */
    public Batch(GraphSession session, String operation) {
        this.session = session;
        this.graph = session.graph();
        this.operation = operation;
    }

    @Override
    public void renewToken(@Nullable String claims) {
        session.tokens().renew(claims);
    }

    @Override
    public List<StepResponse> batch(List<Step> steps) {
        if (steps.isEmpty() || steps.size() > BatchRunner.MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to 20 steps, not " + steps.size());
        }
        List<String> ids = new ArrayList<>(steps.size());
        Response response;
        try {
            // One step at a time: the list constructor rejects exactly 20 steps (SDK off-by-one), and a fresh model
            // object per request, because a reused one serializes as {} (backing store).
            BatchRequestContent content = new BatchRequestContent(graph);
            for (Step step : steps) {
                ids.add(content.addBatchRequestStep(request(step)));
            }
            RequestInformation post = graph.getBatchRequestBuilder().toPostRequestInformation(content);
            NativeResponseHandler handler = new NativeResponseHandler();
            post.setResponseHandler(handler);
            graph.getRequestAdapter().sendPrimitive(post, null, InputStream.class);
            response = (Response) handler.getValue();
        } catch (Exception e) {
            if (ErrorMapper.isTokenFailure(e)) {
                // No token: the batch was never sent. Say so per step, so an apply keeps what it already applied and
                // reports the rest, instead of throwing half-way.
                return new ArrayList<>(same(steps.size(), tokenFailure(e)));
            }
            if (ErrorMapper.isNetwork(e)) {
                return same(steps.size(), new StepResponse(0, null, null, null, e.getClass().getSimpleName(), null));
            }
            throw ErrorMapper.map(operation, e, List.of("GroupMember.ReadWrite.All"));
        }
        if (response == null) {
            return same(steps.size(), new StepResponse(0, null, null, null, "no response", null));
        }
        try (Response r = response) {
            String text = body(r.body());
            return parseBatch(r.code(), r.header("Retry-After"), r.header("request-id"), text, steps, ids,
                    graph.getRequestAdapter().getBaseUrl());
        }
    }

    /**
     * The step answer for a batch that could not be sent because no token could be had: a sign-in outage is
     * transient (status 0, retried by the {@link BatchRunner}); a refusal is final (401 with Entra's code).
     */
    private StepResponse tokenFailure(Exception e) {
        MsGraphException mapped = ErrorMapper.fromToken(operation, e);
        String text = mapped.reason() + ". " + mapped.remediation();
        if (ErrorMapper.isTransientTokenFailure(e)) {
            return new StepResponse(0, ErrorMapper.tokenRetryAfter(e), mapped.requestId().orElse(null),
                    ErrorMapper.SIGN_IN_UNAVAILABLE, text, null);
        }
        return new StepResponse(401, null, mapped.requestId().orElse(null),
                mapped.graphErrorCode().orElse("tokenUnavailable"), text, null);
    }

    /**
     * Read a {@code $batch} answer defensively: anything that is not the documented shape (an object whose
     * {@code responses} array holds objects with a string {@code id} of one of the steps, a numeric {@code status}
     * and an object {@code body}) becomes a failed step with code {@link GraphFailure#MALFORMED} (status 0, so it is
     * retried like a lost answer), never an exception. A non-2xx answer (424, or a failed item's status) that still
     * carries the {@code responses} array is read per item like a 200.
     *
     * @param httpStatus the batch's HTTP status
     * @param retryAfterHeader the batch's Retry-After, or null
     * @param batchRequestId the batch's request-id, or null
     * @param text the body
     * @param steps the steps sent
     * @param ids the step ids, in order
     * @param graphBaseUrl the Graph endpoint a lookup's next link must point into
     * @return one answer per step, in order
     */
    static List<StepResponse> parseBatch(int httpStatus, @Nullable String retryAfterHeader,
            @Nullable String batchRequestId, String text, List<Step> steps, List<String> ids, String graphBaseUrl) {
        Duration retryAfter = RetryAfter.parse(retryAfterHeader);
        JsonObject json = Json.object(text);
        boolean ok = httpStatus >= 200 && httpStatus < 300;
        // Graph may answer a batch with a failed item by 424 or that item's status and still send every item's
        // answer (older throttling.md; canvas-lms graph_service/http.rb): those answers are the truth, per item
        boolean perItem = json != null && json.get("responses") != null && json.get("responses").isJsonArray();
        if (!ok && !perItem) {
            String code = null;
            String message = text.length() > 200 ? text.substring(0, 200) : text;
            if (json != null && json.get("error") != null && json.get("error").isJsonObject()) {
                JsonObject err = json.getAsJsonObject("error");
                code = Json.str(err, "code");
                message = Json.str(err, "message");
            }
            return same(steps.size(), new StepResponse(httpStatus, retryAfter, batchRequestId, code, message, null));
        }
        JsonElement responses = json == null ? null : json.get("responses");
        if (responses == null || !responses.isJsonArray()) {
            return same(steps.size(), malformed(batchRequestId, json == null
                    ? "the $batch answer is not a JSON object" : "the $batch answer has no 'responses' array"));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        StepResponse[] out = new StepResponse[steps.size()];
        Set<String> answered = new HashSet<>();
        for (JsonElement e : responses.getAsJsonArray()) {
            if (e == null || !e.isJsonObject()) {
                continue;
            }
            JsonObject item = e.getAsJsonObject();
            String id = Json.str(item, "id");
            Integer at = id == null ? null : index.get(id);
            if (at == null) {
                // an answer without an id, or to a request that was not sent: it cannot be attributed
                continue;
            }
            if (!answered.add(id)) {
                out[at] = malformed(batchRequestId, "the $batch answer holds two responses for one request");
                continue;
            }
            StepResponse sr = item(item, steps.get(at), graphBaseUrl);
            if (sr.requestId() == null && batchRequestId != null) {
                // Graph may omit request-id on inner responses; the batch's own id is what support needs.
                sr = new StepResponse(sr.status(), sr.retryAfter(), batchRequestId, sr.code(), sr.message(),
                        sr.body(), sr.claims());
            }
            out[at] = sr;
        }
        List<StepResponse> list = new ArrayList<>(steps.size());
        for (StepResponse sr : out) {
            list.add(sr != null ? sr : new StepResponse(0, null, batchRequestId, null, "no answer for the step",
                    null));
        }
        return list;
    }

    private static StepResponse malformed(@Nullable String requestId, String what) {
        return new StepResponse(0, null, requestId, GraphFailure.MALFORMED,
                "Microsoft Graph sent a malformed answer: " + what, null);
    }

    private RequestInformation request(Step step) {
        if (step instanceof Step.UserQuery q) {
            if (q.nextLink() != null) {
                return graph.users().withUrl(q.nextLink()).toGetRequestInformation();
            }
            return graph.users().toGetRequestInformation(cfg -> {
                cfg.queryParameters.filter = q.filter();
                cfg.queryParameters.select = Users.SELECT;
                cfg.queryParameters.top = 999;
            });
        }
        if (step instanceof Step.Bind b) {
            List<String> urls = b.memberIds().stream().map(session::directoryObjectUrl).toList();
            Group g = new Group();
            HashMap<String, Object> data = new HashMap<>();
            data.put("members@odata.bind", new ArrayList<>(urls));
            g.setAdditionalData(data);
            return graph.groups().byGroupId(b.groupId()).toPatchRequestInformation(g);
        }
        if (step instanceof Step.AddRef a) {
            ReferenceCreate ref = new ReferenceCreate();
            ref.setOdataId(session.directoryObjectUrl(a.memberId()));
            return graph.groups().byGroupId(a.groupId()).members().ref().toPostRequestInformation(ref);
        }
        if (step instanceof Step.AddOwnerRef o) {
            ReferenceCreate ref = new ReferenceCreate();
            ref.setOdataId(session.directoryObjectUrl(o.ownerId()));
            return graph.groups().byGroupId(o.groupId()).owners().ref().toPostRequestInformation(ref);
        }
        Step.RemoveRef d = (Step.RemoveRef) step;
        return graph.groups().byGroupId(d.groupId()).members().byDirectoryObjectId(d.memberId()).ref()
                .toDeleteRequestInformation();
    }

    private static StepResponse item(JsonObject item, Step step, String graphBaseUrl) {
        JsonElement st = item.get("status");
        int status;
        if (st != null && st.isJsonPrimitive() && st.getAsJsonPrimitive().isNumber()) {
            double d = st.getAsDouble();
            if (d != Math.rint(d) || d < 100 || d > 599) {
                return malformed(null, "a response's status is not an HTTP status");
            }
            status = (int) d;
        } else {
            return malformed(null, "a response has no numeric status");
        }
        Duration retryAfter = null;
        String requestId = null;
        String claims = null;
        JsonElement headers = item.get("headers");
        if (headers != null && headers.isJsonObject()) {
            for (Map.Entry<String, JsonElement> h : headers.getAsJsonObject().entrySet()) {
                String value = h.getValue() != null && h.getValue().isJsonPrimitive() ? h.getValue().getAsString()
                        : null;
                if (h.getKey().equalsIgnoreCase("Retry-After")) {
                    retryAfter = RetryAfter.parse(value);
                } else if (h.getKey().equalsIgnoreCase("request-id")) {
                    requestId = value;
                } else if (h.getKey().equalsIgnoreCase("WWW-Authenticate")) {
                    claims = TokenRenewal.claims(value);
                }
            }
        }
        JsonElement b = item.get("body");
        JsonObject body = b != null && b.isJsonObject() ? b.getAsJsonObject() : null;
        String code = null;
        String message = null;
        if (body != null && body.get("error") != null && body.get("error").isJsonObject()) {
            JsonObject err = body.getAsJsonObject("error");
            code = Json.str(err, "code");
            message = Json.str(err, "message");
            JsonElement inner = err.has("innerError") ? err.get("innerError") : err.get("innererror");
            if (requestId == null && inner != null && inner.isJsonObject()) {
                requestId = Json.str(inner.getAsJsonObject(), "request-id");
            }
        }
        if (status >= 200 && status < 300 && step instanceof Step.UserQuery) {
            String problem = userPageProblem(body, graphBaseUrl);
            if (problem != null) {
                return malformed(requestId, problem);
            }
        }
        return new StepResponse(status, retryAfter, requestId, code, message, body, claims);
    }

    /**
     * Check a page of users the way the lookup reads it: an object with a {@code value} array of objects, each with
     * a string id, string (or absent) names and addresses, a boolean (or absent) {@code accountEnabled}, arrays of
     * strings for aliases, and a string next link if any.
     */
    private static @Nullable String userPageProblem(@Nullable JsonObject body, String graphBaseUrl) {
        if (body == null) {
            return "a user lookup answered without a JSON object";
        }
        JsonElement value = body.get("value");
        if (value == null || !value.isJsonArray()) {
            return "a user lookup answered without a 'value' array";
        }
        JsonElement next = body.get("@odata.nextLink");
        if (next != null && !next.isJsonNull() && !Json.isString(next)) {
            return "a user lookup's next link is not a string";
        }
        if (Json.isString(next) && !next.getAsString().isBlank() && !Pages.isUnder(next.getAsString(), graphBaseUrl)) {
            return "a user lookup's next link points outside the Graph endpoint";
        }
        for (JsonElement e : value.getAsJsonArray()) {
            if (e == null || !e.isJsonObject()) {
                return "a user lookup returned a user that is not an object";
            }
            JsonObject u = e.getAsJsonObject();
            if (!Json.isString(u.get("id")) || u.get("id").getAsString().isBlank()) {
                return "a user lookup returned a user without an id";
            }
            for (String f : new String[] {"displayName", "mail", "userPrincipalName"}) {
                JsonElement v = u.get(f);
                if (v != null && !v.isJsonNull() && !Json.isString(v)) {
                    return "a user's '" + f + "' is not a string";
                }
            }
            JsonElement enabled = u.get("accountEnabled");
            if (enabled != null && !enabled.isJsonNull()
                    && !(enabled.isJsonPrimitive() && enabled.getAsJsonPrimitive().isBoolean())) {
                return "a user's 'accountEnabled' is not a boolean";
            }
            for (String f : new String[] {"otherMails", "proxyAddresses"}) {
                JsonElement v = u.get(f);
                if (v != null && !v.isJsonNull() && !v.isJsonArray()) {
                    return "a user's '" + f + "' is not an array";
                }
            }
        }
        return null;
    }

    /**
     * The one answer of a {@code $batch} that failed as a whole, repeated for each step; a {@link Whole}, so the
     * request listener hears no item statuses Graph never gave (the outer request's event says it all).
     */
    private static List<StepResponse> same(int n, StepResponse r) {
        return new Whole(n, r);
    }

    /**
     * Tell whether the answers are one answer to the whole {@code $batch} (an HTTP error without per-item answers, a
     * malformed answer, no answer at all) rather than Graph's answers to its items.
     *
     * @param answers what {@link #batch(List)} returned
     * @return true for one answer to the whole
     */
    static boolean asAWhole(List<StepResponse> answers) {
        return answers instanceof Whole;
    }

    /** The same answer for every step, marking that Graph answered none of them one by one. */
    private static final class Whole extends AbstractList<StepResponse> implements RandomAccess {
        private final int size;
        private final StepResponse answer;

        Whole(int size, StepResponse answer) {
            this.size = size;
            this.answer = answer;
        }

        @Override
        public StepResponse get(int index) {
            Objects.checkIndex(index, size);
            return answer;
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static String body(@Nullable ResponseBody body) {
        if (body == null) {
            return "";
        }
        try {
            return body.string();
        } catch (IOException e) {
            return "";
        }
    }
}
