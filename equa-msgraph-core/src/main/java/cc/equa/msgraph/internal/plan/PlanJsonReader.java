package cc.equa.msgraph.internal.plan;

import cc.equa.msgraph.InvalidInputException;
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
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a plan's JSON: strict syntax (no comments, unquoted names or trailing text), the format and an exactly
 * supported integer version, the seal or digest, then every field with its type. The text comes back from a host
 * (a form, a cache, a queue), so it is untrusted: anything malformed is an {@link InvalidInputException}, never another
 * exception; whether the plan is authentic is {@link PlanAuthenticator}'s question, not this reader's.
 */
final class PlanJsonReader {

    private PlanJsonReader() {
    }

    record Parsed(PlanContent content, int version, @Nullable String digest, @Nullable PlanSeal seal) {
    }

    static Parsed parse(String json) {
        JsonObject o = object(json);
        JsonElement format = o.get("format");
        if (!(format instanceof JsonPrimitive f && f.isString() && PlanCodec.FORMAT.equals(f.getAsString()))) {
            throw PlanCodec.problem("format", "is not '" + PlanCodec.FORMAT + "'", "Pass the text SyncPlan.toJson() produced.");
        }
        int version = version(o.get("version"));
        PlanSeal seal = null;
        String digest = null;
        if (version == PlanCodec.VERSION_AUTHENTICATED) {
            String keyId = plainString(o, "keyId");
            if (keyId == null || !PlanSeal.KEY_ID.matcher(keyId).matches()) {
                throw PlanCodec.problem("keyId", "is missing or not a key id",
                        "Pass the text SyncPlan.toJson() produced, unchanged; or plan again and review the new plan.");
            }
            String mac = plainString(o, "mac");
            if (mac == null || !PlanSeal.MAC.matcher(mac).matches()) {
                throw PlanCodec.problem("mac", "is missing or not an HMAC-SHA256",
                        "Pass the text SyncPlan.toJson() produced, unchanged; or plan again and review the new plan.");
            }
            seal = new PlanSeal(keyId, mac);
        } else {
            digest = plainString(o, "digest");
        }
        PlanContent c;
        try {
            c = read(o);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw PlanCodec.problem("json", "is not a complete sync plan (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", "Pass the text SyncPlan.toJson() produced, unchanged.");
        }
        return new Parsed(c, version, digest, seal);
    }

    /** Parse strict JSON (no comments, unquoted names or trailing text): anything else is a typed refusal. */
    private static JsonObject object(String json) {
        JsonElement e;
        try {
            JsonReader reader = new JsonReader(
                    new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            e = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalStateException("trailing text");
            }
        } catch (RuntimeException | IOException ex) {
            throw PlanCodec.problem("json", "is not valid JSON", "Pass the text SyncPlan.toJson() produced.");
        }
        if (!e.isJsonObject()) {
            throw PlanCodec.problem("json", "is not a JSON object", "Pass the text SyncPlan.toJson() produced.");
        }
        return e.getAsJsonObject();
    }

    /** Only an integer literal that is exactly a supported version: not "1", 1.0, 1e0, 4294967297 or -1. */
    private static int version(@Nullable JsonElement v) {
        if (v instanceof JsonPrimitive p && p.isNumber()) {
            int known = switch (p.getAsString()) {
                case "1" -> PlanCodec.VERSION;
                case "2" -> PlanCodec.VERSION_OWNERS;
                case "3" -> PlanCodec.VERSION_AUTHENTICATED;
                default -> 0;
            };
            if (known != 0) {
                return known;
            }
        }
        String shown = v == null ? "missing" : v.toString();
        throw PlanCodec.problem("version", "is " + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown)
                + ", this library reads versions " + PlanCodec.VERSION + ", " + PlanCodec.VERSION_OWNERS + " and " + PlanCodec.VERSION_AUTHENTICATED,
                "Plan again with this version of the library and review the new plan.");
    }

    private static @Nullable String plainString(JsonObject o, String name) {
        return o.get(name) instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
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
        SyncPlan.Kind kind = SyncPlan.Kind.valueOf(str(o, "kind"));
        boolean direct = kind != SyncPlan.Kind.TEAM_SYNC;
        return new PlanContent(
                str(o, "planId"),
                kind,
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
                list(o, "unchanged", PlanJsonReader::kept),
                list(o, "skipped", e -> skipped(e, direct)),
                list(o, "protected", PlanJsonReader::kept),
                list(o, "notInTeam", PlanJsonReader::kept),
                o.has("ownerAdditions") ? list(o, "ownerAdditions", e -> change(PlannedChange.Action.ADD_OWNER, e))
                        : List.of());
    }

    private static PlannedChange change(PlannedChange.Action action, JsonObject e) {
        return new PlannedChange(action, str(e, "id"), str(e, "label"), optString(e, "teamMemberId"));
    }

    private static KeptMember kept(JsonObject e) {
        return new KeptMember(str(e, "id"), str(e, "label"), KeepReason.valueOf(str(e, "reason")),
                optString(e, "teamMemberId"));
    }

    /**
     * A skipped entry. A direct plan's entries are requests, written (since 0.1.0) with the entry as given in
     * {@code teamMemberId}: the request is read back from there, so the JSON needs no new field and the seal (over
     * kind and entry) covers it.
     */
    private static SkippedMember skipped(JsonObject e, boolean request) {
        String teamMemberId = str(e, "teamMemberId");
        return new SkippedMember(teamMemberId, str(e, "displayName"), optString(e, "email"),
                SkipReason.valueOf(str(e, "reason")), strings(e.getAsJsonArray("candidates")),
                request ? teamMemberId : null);
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
}
