package cc.equa.msgraph.internal.plan;

import cc.equa.msgraph.KeptMember;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a plan's JSON, streamed, in a fixed field order: the same writer produces the text a host keeps, the
 * compact body an unkeyed digest (versions 1 and 2) is computed over, and the body the MAC covers, so what is
 * authenticated is exactly what is written.
 */
final class PlanJsonWriter {

    /** Compact: what digests and MACs are computed over. */
    static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    /** Pretty-printed: the text {@code SyncPlan.toJson()} hands to a host. */
    static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting()
            .create();

    private PlanJsonWriter() {
    }

    /**
     * Write a plan's fields, in their fixed order, to an open JSON object. Streamed rather than built as a tree: a
     * 100,000-member plan is encoded for its MAC, its digest and its text without another copy of it in memory.
     * Writes exactly what {@code Gson.toJson} of the equivalent tree wrote (0.1.0's digests depend on it).
     */
    private static void fields(JsonWriter w, PlanContent c, int version, @Nullable String keyId) throws IOException {
        boolean owners = version != PlanCodec.VERSION;
        w.name("format").value(PlanCodec.FORMAT);
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
    static void write(Gson gson, Writer out, PlanContent c, int version, @Nullable String keyId,
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
}
