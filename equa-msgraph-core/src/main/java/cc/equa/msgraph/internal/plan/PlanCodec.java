package cc.equa.msgraph.internal.plan;

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
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * The stable, versioned JSON form of a sync plan. Key order does not matter on reading.
 *
 * <p>Plans the library makes ({@link #VERSION_AUTHENTICATED}) carry the id of a host-controlled key and an
 * HMAC-SHA256 over their canonical content: the compact JSON of every field (format, version and key id included)
 * re-encoded from what was read, so the MAC covers exactly what would be applied. Reading cannot check it (it has no
 * key); {@link PlanAuthenticator} does, before a plan is applied. Versions 1 and 2 (0.1.0's form and owner roles
 * before authentication) carry only an unkeyed digest anyone can recompute: they are still read (and their digest
 * checked, which catches accidents), but never applied.
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
    /**
     * The format version of authenticated plans (since 0.2.0): version 2's fields, always with {@code ownerRoles} and
     * {@code ownerAdditions}, plus {@code keyId} and {@code mac} instead of {@code digest}.
     */
    public static final int VERSION_AUTHENTICATED = 3;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting()
            .create();
    private static final String OPERATION = "Read a sync plan";

    private PlanCodec() {
    }

    /**
     * Write an unauthenticated plan as JSON in the unkeyed form of versions 1 and 2 (pretty-printed, with its
     * digest). Only plans read in that form, or made inside the library and never handed to a host, are written so;
     * such a plan is never applied.
     *
     * @param c the plan content
     * @return the JSON text
     */
    public static String encode(PlanContent c) {
        int version = legacyVersion(c);
        StringWriter out = new StringWriter();
        write(PRETTY, out, c, version, null, "digest", digest(c, version));
        return out.toString();
    }

    /**
     * Write an authenticated plan as JSON (pretty-printed, version {@link #VERSION_AUTHENTICATED}, with its key id
     * and MAC).
     *
     * @param c the plan content
     * @param seal the plan's seal, from {@link #seal}
     * @return the JSON text
     */
    public static String encode(PlanContent c, PlanSeal seal) {
        StringWriter out = new StringWriter();
        write(PRETTY, out, c, VERSION_AUTHENTICATED, seal.keyId(), "mac", seal.mac());
        return out.toString();
    }

    /**
     * Compute a plan's seal: the HMAC-SHA256, under {@code key}, of its canonical content with the format, the
     * version and the key id.
     *
     * @param c the plan content
     * @param keyId the key's id
     * @param key the key
     * @return the seal
     */
    public static PlanSeal seal(PlanContent c, String keyId, SecretKey key) {
        return new PlanSeal(keyId, "hmac-sha256:" + HexFormat.of().formatHex(mac(c, keyId, key)));
    }

    /**
     * Tell whether a seal is the one {@code key} makes for this content, comparing in constant time.
     *
     * @param c the plan content
     * @param seal the claimed seal
     * @param key the key named by the seal's key id
     * @return true if it verifies
     */
    public static boolean verifies(PlanContent c, PlanSeal seal, SecretKey key) {
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(seal.mac().substring("hmac-sha256:".length()));
        } catch (RuntimeException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(c, seal.keyId(), key), claimed);
    }

    /**
     * A plan as read: its content and, for an authenticated plan, the seal it claims (checked by
     * {@link PlanAuthenticator}, not here).
     *
     * @param content the content
     * @param seal the claimed seal, or null for an unauthenticated (version 1 or 2) plan
     */
    public record Decoded(PlanContent content, @Nullable PlanSeal seal) {
    }

    /**
     * Read a plan from JSON, checking the syntax (strict JSON), the format, the version (exactly a supported integer),
     * every field, and for versions 1 and 2 the digest. Any malformed text is an {@link InvalidInputException}.
     *
     * @param json the JSON text
     * @return the content and its claimed seal
     * @throws InvalidInputException if the text is not an intact plan of a version this library reads
     */
    public static Decoded decode(String json) {
        Parsed parsed = parse(json);
        // the parsed tree is garbage by now: a large plan's text, tree and re-encoded body are never held together
        if (parsed.version() == VERSION_AUTHENTICATED) {
            return new Decoded(parsed.content(), parsed.seal());
        }
        String expected;
        try {
            expected = digest(parsed.content(), legacyVersion(parsed.content()));
        } catch (RuntimeException e) {
            throw problem("json", "is not a complete sync plan (" + e.getClass().getSimpleName() + ")",
                    "Pass the text SyncPlan.toJson() produced, unchanged.");
        }
        if (!expected.equals(parsed.digest())) {
            throw problem("digest", "does not match the plan's content: the plan was changed after it was made",
                    "Plan again and review the new plan; never edit a plan by hand.");
        }
        return new Decoded(parsed.content(), null);
    }

    private record Parsed(PlanContent content, int version, @Nullable String digest, @Nullable PlanSeal seal) {
    }

    private static Parsed parse(String json) {
        JsonObject o = object(json);
        JsonElement format = o.get("format");
        if (!(format instanceof JsonPrimitive f && f.isString() && FORMAT.equals(f.getAsString()))) {
            throw problem("format", "is not '" + FORMAT + "'", "Pass the text SyncPlan.toJson() produced.");
        }
        int version = version(o.get("version"));
        PlanSeal seal = null;
        String digest = null;
        if (version == VERSION_AUTHENTICATED) {
            String keyId = plainString(o, "keyId");
            if (keyId == null || !PlanSeal.KEY_ID.matcher(keyId).matches()) {
                throw problem("keyId", "is missing or not a key id",
                        "Pass the text SyncPlan.toJson() produced, unchanged; or plan again and review the new plan.");
            }
            String mac = plainString(o, "mac");
            if (mac == null || !PlanSeal.MAC.matcher(mac).matches()) {
                throw problem("mac", "is missing or not an HMAC-SHA256",
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
            throw problem("json", "is not a complete sync plan (" + e.getClass().getSimpleName() + ": "
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
            throw problem("json", "is not valid JSON", "Pass the text SyncPlan.toJson() produced.");
        }
        if (!e.isJsonObject()) {
            throw problem("json", "is not a JSON object", "Pass the text SyncPlan.toJson() produced.");
        }
        return e.getAsJsonObject();
    }

    /** Only an integer literal that is exactly a supported version: not "1", 1.0, 1e0, 4294967297 or -1. */
    private static int version(@Nullable JsonElement v) {
        if (v instanceof JsonPrimitive p && p.isNumber()) {
            int known = switch (p.getAsString()) {
                case "1" -> VERSION;
                case "2" -> VERSION_OWNERS;
                case "3" -> VERSION_AUTHENTICATED;
                default -> 0;
            };
            if (known != 0) {
                return known;
            }
        }
        String shown = v == null ? "missing" : v.toString();
        throw problem("version", "is " + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown)
                + ", this library reads versions " + VERSION + ", " + VERSION_OWNERS + " and " + VERSION_AUTHENTICATED,
                "Plan again with this version of the library and review the new plan.");
    }

    private static @Nullable String plainString(JsonObject o, String name) {
        return o.get(name) instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }

    private static int legacyVersion(PlanContent c) {
        return !c.options().ownerRoles().isEmpty() || !c.ownerAdditions().isEmpty() ? VERSION_OWNERS : VERSION;
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
                list(o, "unchanged", PlanCodec::kept),
                list(o, "skipped", e -> skipped(e, direct)),
                list(o, "protected", PlanCodec::kept),
                list(o, "notInTeam", PlanCodec::kept),
                o.has("ownerAdditions") ? list(o, "ownerAdditions", e -> change(PlannedChange.Action.ADD_OWNER, e))
                        : List.of());
    }

    /**
     * Write a plan's fields, in their fixed order, to an open JSON object. Streamed rather than built as a tree: a
     * 100,000-member plan is encoded for its MAC, its digest and its text without another copy of it in memory.
     * Writes exactly what {@code Gson.toJson} of the equivalent tree wrote (0.1.0's digests depend on it).
     */
    private static void fields(JsonWriter w, PlanContent c, int version, @Nullable String keyId) throws IOException {
        boolean owners = version != VERSION;
        w.name("format").value(FORMAT);
        w.name("version").value(version);
        if (keyId != null) {
            w.name("keyId").value(keyId);
        }
        w.name("planId").value(c.planId());
        w.name("kind").value(c.kind().name());
        w.name("organization").value(c.organization());
        w.name("groupId").value(c.groupId());
        w.name("createdAt").value(c.createdAt().toString());
        SyncOptions so = c.options();
        w.name("options").beginObject();
        w.name("mode").value(so.mode().name());
        array(w.name("matchRules"), so.matchRules().attributes().stream().map(Enum::name).toList());
        array(w.name("roles"), List.copyOf(so.roles()));
        array(w.name("invitationStatuses"), so.invitationStatuses().stream().map(Enum::name).toList());
        w.name("removalGuard").beginObject();
        w.name("maxRemovals").value(so.removalGuard().maxRemovals());
        w.name("maxPercent").value(so.removalGuard().maxPercent());
        w.endObject();
        if (owners) {
            array(w.name("ownerRoles"), List.copyOf(so.ownerRoles()));
        }
        w.endObject();
        w.name("request").beginObject();
        array(w.name("members"), c.requested());
        w.name("includeProtected").value(c.includeProtected());
        w.endObject();
        w.name("state").beginObject();
        w.name("fingerprint").value(c.fingerprint());
        w.name("group").value(c.groupFingerprint());
        w.name("team").value(c.teamFingerprint());
        w.name("userMembers").value(c.userMembers());
        w.endObject();
        w.name("guard").beginObject();
        w.name("limit").value(c.removalLimit());
        w.name("tripped").value(c.guardTripped());
        w.name("reason").value(c.guardReason());
        w.endObject();
        changes(w.name("additions"), c.additions());
        changes(w.name("removals"), c.removals());
        kept(w.name("unchanged"), c.unchanged());
        w.name("skipped").beginArray();
        for (SkippedMember s : c.skipped()) {
            w.beginObject();
            w.name("teamMemberId").value(s.teamMemberId());
            w.name("displayName").value(s.displayName());
            w.name("email").value(s.email());
            w.name("reason").value(s.reason().name());
            array(w.name("candidates"), s.candidateIds());
            w.endObject();
        }
        w.endArray();
        kept(w.name("protected"), c.protectedMembers());
        kept(w.name("notInTeam"), c.notInTeam());
        if (owners) {
            changes(w.name("ownerAdditions"), c.ownerAdditions());
        }
    }

    private static void changes(JsonWriter w, List<PlannedChange> changes) throws IOException {
        w.beginArray();
        for (PlannedChange ch : changes) {
            w.beginObject();
            w.name("id").value(ch.directoryObjectId());
            w.name("label").value(ch.label());
            w.name("teamMemberId").value(ch.teamMemberId());
            w.endObject();
        }
        w.endArray();
    }

    private static void kept(JsonWriter w, List<KeptMember> kept) throws IOException {
        w.beginArray();
        for (KeptMember k : kept) {
            w.beginObject();
            w.name("id").value(k.directoryObjectId());
            w.name("label").value(k.label());
            w.name("reason").value(k.reason().name());
            w.name("teamMemberId").value(k.teamMemberId());
            w.endObject();
        }
        w.endArray();
    }

    private static void array(JsonWriter w, List<String> values) throws IOException {
        w.beginArray();
        for (String v : values) {
            w.value(v);
        }
        w.endArray();
    }

    /** Write the plan as one JSON object, with a last property (digest or MAC) when given. */
    private static void write(Gson gson, Writer out, PlanContent c, int version, @Nullable String keyId,
            @Nullable String lastName, @Nullable String lastValue) {
        try {
            JsonWriter w = gson.newJsonWriter(out);
            w.beginObject();
            fields(w, c, version, keyId);
            if (lastName != null) {
                w.name(lastName).value(lastValue);
            }
            w.endObject();
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static String digest(PlanContent c, int version) {
        // the SHA-256 of the compact body in UTF-8, streamed: a large plan's compact text is never built
        MessageDigest md = Fingerprints.newSha256();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(
                OutputStream.nullOutputStream(), md), StandardCharsets.UTF_8))) {
            write(GSON, w, c, version, null, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static byte[] mac(PlanContent c, String keyId, SecretKey key) {
        // the HMAC of GSON.toJson(body) in UTF-8, streamed like the digest
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available to authenticate a plan", e);
        }
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                mac.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                mac.update(b, off, len);
            }
        };
        try (Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8))) {
            write(GSON, w, c, VERSION_AUTHENTICATED, keyId, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mac.doFinal();
    }

    private static InvalidInputException problem(String field, String problem, String remediation) {
        return new InvalidInputException(OPERATION, List.of(new FieldProblem(field, problem, remediation)));
    }
}
