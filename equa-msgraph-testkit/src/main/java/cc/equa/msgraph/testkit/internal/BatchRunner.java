package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.RecordedCall;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /$batch} (https://learn.microsoft.com/en-us/graph/json-batching?view=graph-rest-1.0):
 * <ul>
 *   <li>at most 20 requests, each with a unique {@code id} (case-insensitive), a {@code method} and a relative
 *       {@code url}; a malformed payload, a duplicate id, an unknown or cyclic {@code dependsOn} is a 400 for the
 *       whole batch;</li>
 *   <li>each item runs through the same faults, throttling, permissions and handlers as a wire request, and is
 *       journaled on its own; an item whose dependency failed gets 424 without running;</li>
 *   <li>the outer response is 200 whatever the items' statuses, so a client must read every item's status; a
 *       429 item carries its own {@code Retry-After};</li>
 *   <li>an APPLY_THEN_DISCONNECT fault on an item drops the whole batch's response after applying it.</li>
 * </ul>
 * With {@link cc.equa.msgraph.testkit.Hostility} (graph-behaviour.md §5 and §14):
 * <ul>
 *   <li>an item with a {@code body} but no {@code Content-Type} header fails the whole batch with 400 before
 *       anything runs (json-batching.md: "headers must include Content-Type whenever body is present";
 *       msgraph-sdk-dotnet issue 2628 for the message; Softeria/ms-365-mcp-server issue 677);</li>
 *   <li>a share of batches with a failed item answer a non-2xx envelope that still carries the {@code responses}
 *       array: 424 (an older throttling.md sentence; canvas-lms {@code graph_service/http.rb} handles it) or the
 *       failed item's own status;</li>
 *   <li>a share of throttled items come back 429 without {@code Retry-After}; the client picks its own back-off
 *       (so no retry-discipline violation is recorded for them).</li>
 * </ul>
 */
final class BatchRunner {
    private static final int MAX_ITEMS = 20;
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)^[a-z]+://.*");

    private final GraphContext ctx;
    private final FaultEngine faults;
    private final GraphExecution execution;
    private final FaultActions actions;
    private final Journal journal;

    BatchRunner(GraphContext ctx, FaultEngine faults, GraphExecution execution, FaultActions actions,
            Journal journal) {
        this.ctx = ctx;
        this.faults = faults;
        this.execution = execution;
        this.actions = actions;
        this.journal = journal;
    }

    /** One {@code $batch} being run: identifies its items for the retry check, collects a lost-response fault. */
    private static final class BatchRun {
        boolean dropResponse;
    }

    GraphResult run(GraphRequest outer, Instant now) {
        if (!outer.method.equals("POST")) {
            return GraphResult.error(405, "Request_BadRequest", "Specified HTTP method is not allowed for the "
                    + "request target.", now, outer.requestId, outer.clientRequestId());
        }
        try {
            Caller caller = execution.authenticate(outer.header("Authorization"), now);
            Map<String, JsonObject> items = items(outer.body);
            if (ctx.hostility().batchContentTypeRequired()) {
                requireContentTypes(items);
            }
            BatchRun run = new BatchRun();
            JsonArray responses = execute(items, caller, outer, run);
            JsonObject out = new JsonObject();
            out.add("responses", responses);
            GraphResult r = new GraphResult(envelopeStatus(responses), out);
            r.headers.put("Content-Type", "application/json; charset=utf-8");
            r.disconnect = run.dropResponse;
            return r;
        } catch (GraphException e) {
            return GraphResult.error(e.status, e.code, e.getMessage(), now, outer.requestId, outer.clientRequestId());
        }
    }

    /** The batch's requests by lower-case id, in payload order, checked as a whole before any runs. */
    private static Map<String, JsonObject> items(@Nullable String body) {
        JsonArray requests;
        try {
            requests = JsonParser.parseString(body == null ? "" : body).getAsJsonObject().getAsJsonArray("requests");
        } catch (RuntimeException e) {
            requests = null;
        }
        if (requests == null) {
            throw invalid("Invalid batch payload format.");
        }
        if (requests.size() > MAX_ITEMS) {
            throw invalid("The number of requests in the batch exceeds 20.");
        }
        Map<String, JsonObject> items = new LinkedHashMap<>();
        for (JsonElement e : requests) {
            if (!e.isJsonObject()) {
                throw invalid("Invalid batch payload format.");
            }
            JsonObject o = e.getAsJsonObject();
            if (!o.has("id") || !o.has("method") || !o.has("url")) {
                throw invalid("Each batch request needs 'id', 'method' and 'url'.");
            }
            String id = o.get("id").getAsString();
            if (items.putIfAbsent(id.toLowerCase(Locale.ROOT), o) != null) {
                throw invalid("Batch request contains duplicate request id '" + id + "'.");
            }
        }
        for (JsonObject o : items.values()) {
            for (String dep : dependsOn(o)) {
                if (!items.containsKey(dep.toLowerCase(Locale.ROOT))) {
                    throw invalid("Request '" + o.get("id").getAsString() + "' depends on an unknown request id '"
                            + dep + "'.");
                }
            }
        }
        return items;
    }

    /** Graph checks every item before running any: one write item without its Content-Type fails the batch. */
    private static void requireContentTypes(Map<String, JsonObject> items) {
        for (JsonObject o : items.values()) {
            JsonElement b = o.get("body");
            if (b == null || b.isJsonNull()) {
                continue;
            }
            JsonElement h = o.get("headers");
            boolean typed = h != null && h.isJsonObject() && h.getAsJsonObject().keySet().stream()
                    .anyMatch("Content-Type"::equalsIgnoreCase);
            if (!typed) {
                throw invalid("Write request id : " + o.get("id").getAsString()
                        + " does not contain Content-Type header or body.");
            }
        }
    }

    /** 200, or for a share of batches with a failed item 424 or that item's status (responses still included). */
    private int envelopeStatus(JsonArray responses) {
        int failed = 0;
        for (JsonElement e : responses) {
            int st = e.getAsJsonObject().get("status").getAsInt();
            if (st >= 400) {
                failed = st;
                break;
            }
        }
        if (failed == 0 || !ctx.chance(ctx.hostility().batchOuterFailure())) {
            return 200;
        }
        return ctx.chance(0.5) ? 424 : failed;
    }

    private static GraphException invalid(String message) {
        return new GraphException(400, "BadRequest", message);
    }

    /**
     * Run the items in payload order, each once all it depends on has run; Graph runs independent items in any
     * order, and payload order is one of them.
     */
    private JsonArray execute(Map<String, JsonObject> items, Caller caller, GraphRequest outer, BatchRun run) {
        Map<String, Integer> status = new HashMap<>();
        JsonArray responses = new JsonArray();
        Set<String> pending = new HashSet<>(items.keySet());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Map.Entry<String, JsonObject> en : items.entrySet()) {
                JsonObject o = en.getValue();
                List<String> deps = dependsOn(o);
                if (!pending.contains(en.getKey())
                        || !deps.stream().allMatch(d -> status.containsKey(d.toLowerCase(Locale.ROOT)))) {
                    continue;
                }
                boolean depFailed = deps.stream().anyMatch(d -> {
                    int st = status.get(d.toLowerCase(Locale.ROOT));
                    return st < 200 || st >= 300;
                });
                GraphResult r = depFailed
                        ? GraphResult.error(424, "FailedDependency", "The request depends on a request that failed.",
                                ctx.now(), UUID.randomUUID().toString(), null)
                        : item(o, caller, outer, run);
                status.put(en.getKey(), r.status);
                responses.add(response(o, r));
                pending.remove(en.getKey());
                progress = true;
            }
            if (!progress) {
                throw invalid("The dependsOn graph of the batch has a cycle.");
            }
        }
        return responses;
    }

    private static JsonObject response(JsonObject item, GraphResult r) {
        JsonObject resp = new JsonObject();
        resp.addProperty("id", item.get("id").getAsString());
        resp.addProperty("status", r.status);
        JsonObject h = new JsonObject();
        r.headers.forEach(h::addProperty);
        resp.add("headers", h);
        if (r.rawBody != null) {
            resp.add("body", new JsonPrimitive(r.rawBody));
        } else if (r.body != null) {
            resp.add("body", r.body);
        }
        return resp;
    }

    private static List<String> dependsOn(JsonObject o) {
        JsonElement d = o.get("dependsOn");
        List<String> out = new ArrayList<>();
        if (d != null && d.isJsonArray()) {
            d.getAsJsonArray().forEach(x -> out.add(x.getAsString()));
        }
        return out;
    }

    /** One batch item as sent: what the journal records even when its URL is refused. */
    private record Item(String method, Map<String, String> headers, @Nullable String body, String requestId,
            @Nullable String crid, Instant now) {
    }

    /** One item: its URL checked, then the same retry check, faults and execution as a wire request. */
    private GraphResult item(JsonObject o, Caller caller, GraphRequest outer, BatchRun run) {
        JsonElement b = o.get("body");
        Item item = new Item(o.get("method").getAsString().toUpperCase(Locale.ROOT),
                headers(o, outer.clientRequestId()),
                b == null || b.isJsonNull() ? null : b.isJsonPrimitive() ? b.getAsString() : b.toString(),
                UUID.randomUUID().toString(), outer.clientRequestId(), ctx.now());
        String rel = o.get("url").getAsString();
        // Graph wants URLs relative to the version root; an absolute one is refused, not followed
        if (ABSOLUTE.matcher(rel).matches()) {
            return refused(item, caller, rel, "Batch request URLs must be relative, got '" + rel + "'.");
        }
        String path = rel.startsWith("/") ? rel : "/" + rel;
        HttpUrl url = HttpUrl.parse(ctx.graphRoot() + "/v1.0" + path);
        if (url == null) {
            return refused(item, caller, path, "Invalid batch request URL '" + path + "'.");
        }
        String fullPath = "/" + String.join("/", url.pathSegments());
        String key = FaultActions.retryKey(caller.appId(), item.method(), fullPath, url.encodedQuery(), item.body());
        actions.checkEarly(key, caller.appId(), item.method(), fullPath, item.now(), run);
        FaultRule fault = faults.match(item.method(), fullPath, true, true);
        GraphResult r = null;
        if (fault != null) {
            FaultActions.sleep(fault.latency().toMillis());
            if (fault.action() == FaultRule.Action.RESPOND) {
                r = actions.respond(fault, item.requestId(), item.crid(), item.now(), key, run);
            }
            if (fault.action() == FaultRule.Action.APPLY_THEN_DISCONNECT) {
                run.dropResponse = true;
            }
        }
        if (r == null) {
            r = execution.execute(new GraphRequest(item.method(), url, item.headers(), item.body(),
                    item.requestId(), true), caller, key, run);
            if (r.status == 429 && r.headers.containsKey("Retry-After")
                    && ctx.chance(ctx.hostility().batchRetryAfterMissing())) {
                r.headers.remove("Retry-After");
                execution.forgetWait(key);
            }
        }
        record(item, fullPath, url, r, caller, fault != null ? FaultActions.describe(fault) : r.fault);
        return r;
    }

    private GraphResult refused(Item item, Caller caller, String path, String message) {
        GraphResult r = GraphResult.error(400, "BadRequest", message, item.now(), item.requestId(), item.crid());
        record(item, path, null, r, caller, null);
        return r;
    }

    /** The item's own headers, plus the outer request's client-request-id unless the item sets one. */
    private static Map<String, String> headers(JsonObject o, @Nullable String crid) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        JsonElement h = o.get("headers");
        if (h != null && h.isJsonObject()) {
            h.getAsJsonObject().entrySet().forEach(e -> headers.put(e.getKey(), e.getValue().getAsString()));
        }
        if (crid != null) {
            headers.putIfAbsent("client-request-id", crid);
        }
        return headers;
    }

    private void record(Item item, String path, @Nullable HttpUrl url, GraphResult r, Caller caller,
            @Nullable String fault) {
        journal.record(RecordedCall.Kind.BATCH_ITEM, item.method(), path, url, item.headers(), item.body(), r.status,
                caller.appId(), caller.tenantId(), fault, item.now());
    }
}
