package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.GraphSession;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code /users} resource (https://learn.microsoft.com/en-us/graph/api/resources/user): bulk lookups by filter
 * inside {@code $batch} (sync's e-mail matching), one user by id, name or address (group owners), and the
 * connection test's probe.
 */
public final class Users {

    /**
     * The user attributes every bulk lookup selects; {@code userType} tells planning which additions are guests, whom
     * a Microsoft 365 group's guest setting may refuse.
     */
    public static final String[] SELECT = {"id", "displayName", "mail", "userPrincipalName", "otherMails",
        "proxyAddresses", "accountEnabled", "userType"};

    private static final List<String> LOOKUP_PERMISSIONS = List.of("User.ReadBasic.All", "User.Read.All");
    /**
     * The most pages one user-lookup filter may take. Each filter names at most 15 addresses (Graph's limit of 15
     * {@code in}/{@code or} terms per filter), each matching a handful of users at most, and asks for 999 per page:
     * one page is the rule and a second already odd. Ten leaves a wide margin; more is a server loop.
     */
    private static final int MAX_LOOKUP_PAGES = 10;

    private final GraphCalls calls;
    private final GraphSession session;

    /**
     * Create the resource.
     *
     * @param calls the retry layer
     * @param session the organization's session
     */
    public Users(GraphCalls calls, GraphSession session) {
        this.calls = calls;
        this.session = session;
    }

    /**
     * Run user lookups ({@code GET /users?$filter=…}) as {@code $batch} steps and follow every next page, bounded
     * like every paging loop (a link seen twice, or more than {@value #MAX_LOOKUP_PAGES} rounds, is refused). A failed
     * lookup throws: it must never turn into "no such user".
     *
     * @param runner the batch runner
     * @param filters the filters, one step each
     * @param operation what is being done
     * @return every user found, in answer order
     */
    public static List<UserRecord> lookup(BatchRunner runner, List<String> filters, String operation) {
        String what = operation + " (looking up users by e-mail)";
        List<UserRecord> users = new ArrayList<>();
        List<Step.UserQuery> steps = filters.stream().map(f -> new Step.UserQuery(f, null)).toList();
        Set<String> seenLinks = new HashSet<>();
        for (int round = 1; !steps.isEmpty(); round++) {
            if (round > MAX_LOOKUP_PAGES) {
                throw Pages.malformed(what, "Microsoft Graph kept returning next-page links for a user lookup past "
                        + MAX_LOOKUP_PAGES + " pages", null);
            }
            List<Step.UserQuery> next = new ArrayList<>();
            for (StepResponse r : runner.run(steps)) {
                if (!r.ok()) {
                    throw ErrorMapper.fromGraph(what,
                            new GraphFailure(r.status(), r.code(), r.message(), r.requestId(), r.retryAfter()),
                            LOOKUP_PERMISSIONS, null);
                }
                JsonObject body = r.body();
                if (body == null) {
                    continue;
                }
                if (body.has("value") && body.get("value").isJsonArray()) {
                    for (JsonElement e : body.getAsJsonArray("value")) {
                        users.add(user(e.getAsJsonObject()));
                    }
                }
                String link = Json.str(body, "@odata.nextLink");
                if (link != null && !link.isBlank()) {
                    if (!seenLinks.add(link)) {
                        throw Pages.malformed(what, "Microsoft Graph returned a user lookup's next-page link it had"
                                + " returned before (a paging cycle)", r.requestId());
                    }
                    next.add(new Step.UserQuery(null, link));
                }
            }
            steps = next;
        }
        return users;
    }

    private static UserRecord user(JsonObject o) {
        return new UserRecord(String.valueOf(Json.str(o, "id")), Json.str(o, "displayName"), Json.str(o, "mail"),
                Json.str(o, "userPrincipalName"), Json.strings(o, "otherMails"), Json.strings(o, "proxyAddresses"),
                o.has("accountEnabled") && !o.get("accountEnabled").isJsonNull()
                        ? o.get("accountEnabled").getAsBoolean() : null, Json.str(o, "userType"));
    }

    /**
     * Resolve a user given by object id, user principal name or e-mail address to its object id.
     *
     * @param operation what is being done
     * @param permissions the permissions that allow it
     * @param value the id, UPN or address
     * @return the user's id, empty if no such user
     */
    public Optional<String> userId(String operation, List<String> permissions, String value) {
        try {
            User u = calls.run(operation, permissions, true, () -> session.graph().users().byUserId(value).get(cfg ->
                    cfg.queryParameters.select = new String[] {"id"}));
            if (u != null && u.getId() != null) {
                return Optional.of(u.getId());
            }
        } catch (NotFoundException notById) {
            // fall through to the mail lookup
        }
        if (ObjectIds.isGuid(value) || value.length() > OData.MAX_FILTER_VALUE) {
            return Optional.empty();
        }
        UserCollectionResponse found = calls.run(operation, permissions, true, () -> session.graph().users()
                .get(cfg -> {
                    cfg.queryParameters.filter = "mail eq " + OData.literal(value);
                    cfg.queryParameters.select = new String[] {"id"};
                    cfg.queryParameters.top = 2;
                }));
        List<User> users = found == null || found.getValue() == null ? List.of() : found.getValue();
        if (users.size() > 1) {
            throw new MsGraphException(Details.of(ErrorKind.CONFLICT, operation,
                    "more than one user has the e-mail address " + value,
                    "Name the owner by user principal name or object id instead."), null);
        }
        return users.isEmpty() || users.get(0).getId() == null ? Optional.empty()
                : Optional.of(users.get(0).getId());
    }

    /**
     * The connection test's probe: {@code GET /users?$top=1&$select=id,mail}.
     *
     * @param headers captures the response headers
     * @return the page
     */
    public UserCollectionResponse probeList(HeadersInspectionOption headers) {
        return session.graph().users().get(cfg -> {
            cfg.queryParameters.top = 1;
            cfg.queryParameters.select = new String[] {"id", "mail"};
            cfg.options.add(headers);
        });
    }
}
