package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.KeptMember;
import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.RemovalGuard;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.InvitationStatus;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The stable, versioned JSON form of a sync plan. The form carries a digest over its content, so a plan altered
 * after review (by hand or by a broken store) is refused rather than applied. Key order does not matter on reading.
 */
public final class PlanCodec {

    /** The format name written to every plan. */
    public static final String FORMAT = "equa-msgraph.sync-plan";
    /**
     * The format version of plans without owner management (0.1.0's format); still written for them, so 0.1.0 reads
     * them, and always read.
     */
    public static final int VERSION = 1;
    /**
     * The format version of plans made with owner roles: version 1 plus {@code options.ownerRoles} and
     * {@code ownerAdditions}. A 0.1.0 reader refuses it by its version rather than silently dropping owner additions.
     */
    public static final int VERSION_OWNERS = 2;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting()
            .create();
    private static final String OPERATION = "Read a sync plan";

    private PlanCodec() {
    }

    /**
     * Write a plan as JSON (pretty-printed, with its digest).
     *
     * @param c the plan content
     * @return the JSON text
     */
    public static String encode(PlanContent c) {
        JsonObject o = body(c);
        o.addProperty("digest", digest(o));
        return PRETTY.toJson(o);
    }

    /**
     * Read a plan from JSON, checking the format, the version, every field and the digest.
     *
     * @param json the JSON text
     * @return the content
     * @throws InvalidInputException if the text is not an intact plan of this version
     */
    public static PlanContent decode(String json) {
        Parsed parsed = parse(json);
        // the parsed tree is garbage by now: a large plan's text, tree and re-encoded body are never held together
        String expected = digest(body(parsed.content()));
        if (!expected.equals(parsed.digest())) {
            throw problem("digest", "does not match the plan's content: the plan was changed after it was made",
                    "Plan again and review the new plan; never edit a plan by hand.");
        }
        return parsed.content();
    }

    private record Parsed(PlanContent content, @Nullable String digest) {
    }

    private static Parsed parse(String json) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw problem("json", "is not a JSON object", "Pass the text SyncPlan.toJson() produced.");
            }
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw problem("json", "is not valid JSON", "Pass the text SyncPlan.toJson() produced.");
        }
        if (!FORMAT.equals(optString(o, "format"))) {
            throw problem("format", "is not '" + FORMAT + "'", "Pass the text SyncPlan.toJson() produced.");
        }
        JsonElement version = o.get("version");
        if (version == null || !version.isJsonPrimitive()
                || (version.getAsInt() != VERSION && version.getAsInt() != VERSION_OWNERS)) {
            throw problem("version", "is " + version + ", this library reads versions " + VERSION + " and "
                    + VERSION_OWNERS, "Plan again with this version of the library.");
        }
        PlanContent c;
        try {
            c = read(o);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw problem("json", "is not a complete sync plan (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", "Pass the text SyncPlan.toJson() produced, unchanged.");
        }
        return new Parsed(c, optString(o, "digest"));
    }

    private static PlanContent read(JsonObject o) {
        JsonObject options = o.getAsJsonObject("options");
        JsonObject guard = options.getAsJsonObject("removalGuard");
        EnumSet<MatchRules.Attribute> attributes = EnumSet.noneOf(MatchRules.Attribute.class);
        for (JsonElement a : options.getAsJsonArray("matchRules")) {
            attributes.add(MatchRules.Attribute.valueOf(a.getAsString()));
        }
        List<String> roles = strings(options.getAsJsonArray("roles"));
        List<InvitationStatus> statuses = new ArrayList<>();
        for (String s : strings(options.getAsJsonArray("invitationStatuses"))) {
            statuses.add(InvitationStatus.valueOf(s));
        }
        SyncOptions syncOptions = SyncOptions.builder()
                .mode(SyncMode.valueOf(str(options, "mode")))
                .matchRules(new MatchRules(attributes))
                .roles(roles)
                .invitationStatuses(statuses)
                .removalGuard(new RemovalGuard(guard.get("maxRemovals").getAsInt(),
                        guard.get("maxPercent").getAsInt()))
                .ownerRoles(options.has("ownerRoles") ? strings(options.getAsJsonArray("ownerRoles")) : List.of())
                .build();
        JsonObject request = o.getAsJsonObject("request");
        JsonObject state = o.getAsJsonObject("state");
        JsonObject g = o.getAsJsonObject("guard");
        return new PlanContent(
                str(o, "planId"),
                SyncPlan.Kind.valueOf(str(o, "kind")),
                str(o, "organization"),
                str(o, "groupId"),
                Instant.parse(str(o, "createdAt")),
                syncOptions,
                strings(request.getAsJsonArray("members")),
                request.get("includeProtected").getAsBoolean(),
                str(state, "fingerprint"),
                str(state, "group"),
                str(state, "team"),
                state.get("userMembers").getAsInt(),
                g.get("limit").getAsInt(),
                g.get("tripped").getAsBoolean(),
                optString(g, "reason"),
                list(o, "additions", e -> change(PlannedChange.Action.ADD, e)),
                list(o, "removals", e -> change(PlannedChange.Action.REMOVE, e)),
                list(o, "unchanged", PlanCodec::kept),
                list(o, "skipped", PlanCodec::skipped),
                list(o, "protected", PlanCodec::kept),
                list(o, "notInTeam", PlanCodec::kept),
                o.has("ownerAdditions") ? list(o, "ownerAdditions", e -> change(PlannedChange.Action.ADD_OWNER, e))
                        : List.of());
    }

    private static JsonObject body(PlanContent c) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        boolean owners = !c.options().ownerRoles().isEmpty() || !c.ownerAdditions().isEmpty();
        o.addProperty("version", owners ? VERSION_OWNERS : VERSION);
        o.addProperty("planId", c.planId());
        o.addProperty("kind", c.kind().name());
        o.addProperty("organization", c.organization());
        o.addProperty("groupId", c.groupId());
        o.addProperty("createdAt", c.createdAt().toString());
        JsonObject options = new JsonObject();
        SyncOptions so = c.options();
        options.addProperty("mode", so.mode().name());
        options.add("matchRules", array(so.matchRules().attributes().stream().map(Enum::name).toList()));
        options.add("roles", array(List.copyOf(so.roles())));
        options.add("invitationStatuses", array(so.invitationStatuses().stream().map(Enum::name).toList()));
        JsonObject guard = new JsonObject();
        guard.addProperty("maxRemovals", so.removalGuard().maxRemovals());
        guard.addProperty("maxPercent", so.removalGuard().maxPercent());
        options.add("removalGuard", guard);
        if (owners) {
            options.add("ownerRoles", array(List.copyOf(c.options().ownerRoles())));
        }
        o.add("options", options);
        JsonObject request = new JsonObject();
        request.add("members", array(c.requested()));
        request.addProperty("includeProtected", c.includeProtected());
        o.add("request", request);
        JsonObject state = new JsonObject();
        state.addProperty("fingerprint", c.fingerprint());
        state.addProperty("group", c.groupFingerprint());
        state.addProperty("team", c.teamFingerprint());
        state.addProperty("userMembers", c.userMembers());
        o.add("state", state);
        JsonObject g = new JsonObject();
        g.addProperty("limit", c.removalLimit());
        g.addProperty("tripped", c.guardTripped());
        g.addProperty("reason", c.guardReason());
        o.add("guard", g);
        o.add("additions", changes(c.additions()));
        o.add("removals", changes(c.removals()));
        o.add("unchanged", kept(c.unchanged()));
        JsonArray skipped = new JsonArray();
        for (SkippedMember s : c.skipped()) {
            JsonObject e = new JsonObject();
            e.addProperty("teamMemberId", s.teamMemberId());
            e.addProperty("displayName", s.displayName());
            e.addProperty("email", s.email());
            e.addProperty("reason", s.reason().name());
            e.add("candidates", array(s.candidateIds()));
            skipped.add(e);
        }
        o.add("skipped", skipped);
        o.add("protected", kept(c.protectedMembers()));
        o.add("notInTeam", kept(c.notInTeam()));
        if (owners) {
            o.add("ownerAdditions", changes(c.ownerAdditions()));
        }
        return o;
    }

    private static JsonArray changes(List<PlannedChange> changes) {
        JsonArray a = new JsonArray();
        for (PlannedChange ch : changes) {
            JsonObject e = new JsonObject();
            e.addProperty("id", ch.directoryObjectId());
            e.addProperty("label", ch.label());
            e.addProperty("teamMemberId", ch.teamMemberId());
            a.add(e);
        }
        return a;
    }

    private static JsonArray kept(List<KeptMember> kept) {
        JsonArray a = new JsonArray();
        for (KeptMember k : kept) {
            JsonObject e = new JsonObject();
            e.addProperty("id", k.directoryObjectId());
            e.addProperty("label", k.label());
            e.addProperty("reason", k.reason().name());
            e.addProperty("teamMemberId", k.teamMemberId());
            a.add(e);
        }
        return a;
    }

    private static PlannedChange change(PlannedChange.Action action, JsonObject e) {
        return new PlannedChange(action, str(e, "id"), str(e, "label"), optString(e, "teamMemberId"));
    }

    private static KeptMember kept(JsonObject e) {
        return new KeptMember(str(e, "id"), str(e, "label"), KeepReason.valueOf(str(e, "reason")),
                optString(e, "teamMemberId"));
    }

    private static SkippedMember skipped(JsonObject e) {
        return new SkippedMember(str(e, "teamMemberId"), str(e, "displayName"), optString(e, "email"),
                SkipReason.valueOf(str(e, "reason")), strings(e.getAsJsonArray("candidates")));
    }

    private static <T> List<T> list(JsonObject o, String name, Function<JsonObject, T> reader) {
        JsonArray a = o.getAsJsonArray(name);
        if (a == null) {
            throw new IllegalStateException("missing '" + name + "'");
        }
        List<T> out = new ArrayList<>(a.size());
        for (JsonElement e : a) {
            out.add(reader.apply(e.getAsJsonObject()));
        }
        return out;
    }

    private static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static List<String> strings(@Nullable JsonArray a) {
        if (a == null) {
            throw new IllegalStateException("missing array");
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonElement e : a) {
            out.add(e.getAsString());
        }
        return out;
    }

    private static String str(JsonObject o, String name) {
        String v = optString(o, name);
        if (v == null) {
            throw new IllegalStateException("missing '" + name + "'");
        }
        return v;
    }

    private static @Nullable String optString(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e instanceof JsonNull ? null : e.getAsString();
    }

    private static String digest(JsonObject body) {
        // the SHA-256 of GSON.toJson(body) in UTF-8, streamed: a large plan's compact text is never built
        java.security.MessageDigest md = Fingerprints.newSha256();
        try (java.io.Writer w = new java.io.OutputStreamWriter(new java.security.DigestOutputStream(
                java.io.OutputStream.nullOutputStream(), md), java.nio.charset.StandardCharsets.UTF_8)) {
            GSON.toJson(body, w);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
    }

    private static InvalidInputException problem(String field, String problem, String remediation) {
        return new InvalidInputException(OPERATION, List.of(new FieldProblem(field, problem, remediation)));
    }
}
