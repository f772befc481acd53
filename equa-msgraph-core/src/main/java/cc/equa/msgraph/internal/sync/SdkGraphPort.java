package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.Pages;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.groups.delta.DeltaGetResponse;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestInformation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/** {@link GraphPort} on the real Graph SDK: paged member reads through the retry layer, {@code $batch} via the SDK. */
public final class SdkGraphPort implements GraphPort {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SdkGraphPort.class);

    static final List<String> READ_PERMISSIONS = List.of("GroupMember.Read.All", "Group.Read.All");
    static final String[] MEMBER_SELECT = {"id", "mail", "userPrincipalName", "accountEnabled", "userType"};

    private final IntegrationRuntime runtime;
    private final GraphSession session;
    private final GraphServiceClient graph;
    private final String operation;

    /**
     * Create the port.
     *
     * @param runtime the runtime
     * @param session the organization's session
     * @param operation what is being done, for errors
     */
    public SdkGraphPort(IntegrationRuntime runtime, GraphSession session, String operation) {
        this.runtime = runtime;
        this.session = session;
        this.graph = session.graph();
        this.operation = operation;
    }

    @Override
    public GroupState readGroup(String groupId) {
        List<DirectoryMember> members = new ArrayList<>();
        Pages.directoryObjects(runtime.calls(), operation, READ_PERMISSIONS,
                () -> graph.groups().byGroupId(groupId).members().get(cfg -> {
                    cfg.queryParameters.select = MEMBER_SELECT;
                    cfg.queryParameters.top = 999;
                }),
                link -> graph.groups().byGroupId(groupId).members().withUrl(link).get(),
                page -> page.forEach(o -> members.add(member(o))));
        Set<String> owners = new LinkedHashSet<>();
        Pages.directoryObjects(runtime.calls(), operation, READ_PERMISSIONS,
                () -> graph.groups().byGroupId(groupId).owners().get(cfg -> {
                    cfg.queryParameters.select = new String[] {"id"};
                    cfg.queryParameters.top = 999;
                }),
                link -> graph.groups().byGroupId(groupId).owners().withUrl(link).get(),
                page -> page.forEach(o -> owners.add(o.getId())));
        return new GroupState(groupId, members, owners, appObjectId());
    }

    @Override
    public @Nullable String deltaStart(String groupId) {
        if (!Planner.isObjectId(groupId)) {
            return null;
        }
        String url = graph.getRequestAdapter().getBaseUrl() + "/groups/delta?$filter=id%20eq%20'"
                + groupId.toLowerCase(java.util.Locale.ROOT) + "'&$select=members,owners&$deltatoken=latest";
        return deltaRound(url, true);
    }

    @Override
    public @Nullable String deltaUnchanged(String deltaLink) {
        return deltaRound(deltaLink, false);
    }

    /** Follow a delta round to its deltaLink; null on any failure, or on a change unless changes are expected. */
    private @Nullable String deltaRound(String firstUrl, boolean start) {
        String url = firstUrl;
        try {
            for (int page = 0; page < 1000; page++) {
                String current = url;
                DeltaGetResponse r = runtime.calls().run(operation, READ_PERMISSIONS, true,
                        () -> graph.groups().delta().withUrl(current).get());
                if (r == null) {
                    return null;
                }
                if (!start && r.getValue() != null && !r.getValue().isEmpty()) {
                    return null;
                }
                if (r.getOdataDeltaLink() != null && !r.getOdataDeltaLink().isBlank()) {
                    return r.getOdataDeltaLink();
                }
                if (r.getOdataNextLink() == null || r.getOdataNextLink().isBlank()
                        || r.getOdataNextLink().equals(current)) {
                    return null;
                }
                url = r.getOdataNextLink();
            }
            return null;
        } catch (RuntimeException e) {
            // delta is an optimisation only: any failure (an expired link, a denied or throttled call) means
            // "read the group in full", never a failed plan
            LOG.debug("{}: group delta unavailable ({}); reading the group in full", operation,
                    e.getClass().getSimpleName());
            return null;
        }
    }

    @Override
    public Set<String> memberIds(String groupId) {
        Set<String> ids = new HashSet<>();
        Pages.directoryObjects(runtime.calls(), operation, READ_PERMISSIONS,
                () -> graph.groups().byGroupId(groupId).members().get(cfg -> {
                    cfg.queryParameters.select = new String[] {"id"};
                    cfg.queryParameters.top = 999;
                }),
                link -> graph.groups().byGroupId(groupId).members().withUrl(link).get(),
                page -> page.forEach(o -> ids.add(o.getId())));
        return ids;
    }

    @Override
    public boolean groupExists(String groupId) {
        try {
            runtime.calls().run(operation, READ_PERMISSIONS, true,
                    () -> graph.groups().byGroupId(groupId).get(cfg -> cfg.queryParameters.select = new String[] {"id"}));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
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
            if (ErrorMapper.isNetwork(e) && ErrorMapper.find(e, com.azure.core.exception.ClientAuthenticationException.class) == null
                    && !isTokenFailure(e)) {
                return same(steps.size(), new StepResponse(0, null, null, null, e.getClass().getSimpleName(), null));
            }
            throw ErrorMapper.map(operation, e, List.of("GroupMember.ReadWrite.All"));
        }
        if (response == null) {
            return same(steps.size(), new StepResponse(0, null, null, null, "no response", null));
        }
        try (Response r = response) {
            String text = body(r.body());
            Duration retryAfter = GraphFailure.parseRetryAfter(r.header("Retry-After"));
            String requestId = r.header("request-id");
            JsonObject json = parse(text);
            if (r.code() < 200 || r.code() >= 300 || json == null || !json.has("responses")) {
                String code = null;
                String message = text.length() > 200 ? text.substring(0, 200) : text;
                if (json != null && json.has("error") && json.get("error").isJsonObject()) {
                    JsonObject err = json.getAsJsonObject("error");
                    code = str(err, "code");
                    message = str(err, "message");
                }
                int status = r.code() >= 200 && r.code() < 300 ? 0 : r.code();
                return same(steps.size(), new StepResponse(status, retryAfter, requestId, code, message, null));
            }
            Map<String, StepResponse> byId = new HashMap<>();
            for (JsonElement e : json.getAsJsonArray("responses")) {
                JsonObject item = e.getAsJsonObject();
                StepResponse sr = item(item);
                if (sr.requestId() == null && requestId != null) {
                    // Graph may omit request-id on inner responses; the batch's own id is what support needs.
                    sr = new StepResponse(sr.status(), sr.retryAfter(), requestId, sr.code(), sr.message(), sr.body());
                }
                byId.put(str(item, "id"), sr);
            }
            List<StepResponse> out = new ArrayList<>(steps.size());
            for (String id : ids) {
                StepResponse sr = byId.get(id);
                out.add(sr != null ? sr : new StepResponse(0, null, requestId, null, "no answer for the step", null));
            }
            return out;
        }
    }

    private RequestInformation request(Step step) {
        if (step instanceof Step.UserQuery q) {
            if (q.nextLink() != null) {
                return graph.users().withUrl(q.nextLink()).toGetRequestInformation();
            }
            return graph.users().toGetRequestInformation(cfg -> {
                cfg.queryParameters.filter = q.filter();
                cfg.queryParameters.select = UserMatcher.SELECT;
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

    private static StepResponse item(JsonObject item) {
        int status = item.has("status") ? item.get("status").getAsInt() : 0;
        Duration retryAfter = null;
        String requestId = null;
        if (item.has("headers") && item.get("headers").isJsonObject()) {
            for (Map.Entry<String, JsonElement> h : item.getAsJsonObject("headers").entrySet()) {
                if (h.getKey().equalsIgnoreCase("Retry-After")) {
                    retryAfter = GraphFailure.parseRetryAfter(h.getValue().getAsString());
                } else if (h.getKey().equalsIgnoreCase("request-id")) {
                    requestId = h.getValue().getAsString();
                }
            }
        }
        JsonObject body = item.has("body") && item.get("body").isJsonObject() ? item.getAsJsonObject("body") : null;
        String code = null;
        String message = null;
        if (body != null && body.has("error") && body.get("error").isJsonObject()) {
            JsonObject err = body.getAsJsonObject("error");
            code = str(err, "code");
            message = str(err, "message");
            JsonElement inner = err.has("innerError") ? err.get("innerError") : err.get("innererror");
            if (requestId == null && inner != null && inner.isJsonObject()) {
                requestId = str(inner.getAsJsonObject(), "request-id");
            }
        }
        return new StepResponse(status, retryAfter, requestId, code, message, body);
    }

    private static List<StepResponse> same(int n, StepResponse r) {
        List<StepResponse> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r);
        }
        return out;
    }

    private static DirectoryMember member(DirectoryObject o) {
        String type = o.getOdataType();
        if (type != null && type.startsWith("#microsoft.graph.")) {
            type = type.substring("#microsoft.graph.".length());
        } else if (type == null) {
            type = o instanceof User ? "user" : "directoryObject";
        }
        if (o instanceof User u) {
            return new DirectoryMember(o.getId(), "user", u.getMail(), u.getUserPrincipalName(),
                    u.getAccountEnabled());
        }
        return new DirectoryMember(o.getId(), type, null, null, null);
    }

    private @Nullable String appObjectId() {
        try {
            AccessToken token = session.tokens().getTokenSync(
                    new TokenRequestContext().addScopes(session.cloud().scope()));
            String[] parts = token.getToken().split("\\.");
            if (parts.length < 2) {
                return null;
            }
            JsonObject claims = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            return str(claims, "oid");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isTokenFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.startsWith("com.azure.identity.") || name.startsWith("com.microsoft.aad.msal4j.")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String body(@Nullable ResponseBody body) {
        if (body == null) {
            return "";
        }
        try {
            return body.string();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static @Nullable JsonObject parse(String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static @Nullable String str(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
    }
}
