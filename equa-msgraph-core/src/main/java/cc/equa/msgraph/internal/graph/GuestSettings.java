package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphSession;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupSetting;
import com.microsoft.graph.models.GroupSettingCollectionResponse;
import com.microsoft.graph.models.SettingValue;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether a group accepts guests as members, read from Microsoft 365 group settings: the group's own
 * {@code Group.Unified.Guest} setting ({@code GET /groups/{id}/settings}), then the tenant's {@code Group.Unified}
 * setting ({@code GET /groupSettings}), value {@code AllowToAddGuests}
 * (https://learn.microsoft.com/en-us/graph/api/group-list-settings?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/api/resources/groupsetting). Advisory only: whatever this says, Graph
 * decides at the write, and the apply reports a refused guest by itself.
 *
 * <ul>
 *   <li>Settings apply to Microsoft 365 groups only; a group without {@code Unified} in {@code groupTypes} accepts
 *       guests.</li>
 *   <li>No settings object means the template's default, which allows guests (a tenant on the defaults lists no
 *       settings at all).</li>
 *   <li>Precedence is pessimistic: guests are refused when the group's setting or the tenant's refuses them. The
 *       group's {@code false} refuses under every reading, so the tenant's is then not read; the group's
 *       {@code true} does not hide a tenant's {@code false}, so the tenant's is read as well. The sources disagree:
 *       a report on Microsoft's docs says a group's setting overrides the tenant's
 *       (https://github.com/MicrosoftDocs/microsoft-365-docs/issues/7166), another that a group's setting can only
 *       restrict the tenant's (https://github.com/MicrosoftDocs/OfficeDocs-O365ITPro/issues/801, which the testkit's
 *       fake and parity table follow), and issue 14 asks to flag "a group (or tenant) that does not allow guests".
 *       Flagging a guest that the write would have accepted costs one skipped entry an admin can question; planning
 *       one the write refuses costs a failed change, so the tenant wins.</li>
 *   <li>A group settings object without an {@code AllowToAddGuests} value (or with one that is neither true nor
 *       false) says nothing about guests and defers to the tenant's setting; if the tenant does not refuse, the
 *       answer is {@link Verdict#UNKNOWN} for an unreadable value and {@link Verdict#ALLOWED} for a missing one.</li>
 *   <li>Which permission reads what is documented inconsistently (Directory.Read.All only in older pages;
 *       GroupSettings.Read.All or Group.Read.All in newer ones), so any refusal or failure of a read makes the answer
 *       {@link Verdict#UNKNOWN}, never a failed plan.</li>
 * </ul>
 */
public final class GuestSettings {

    /** {@code Group.Unified}, the tenant-wide Microsoft 365 group settings template. */
    static final String UNIFIED_TEMPLATE = "62375ab9-6b52-47ed-826b-58e47e0e304b";
    /** {@code Group.Unified.Guest}, a Microsoft 365 group's own guest settings template. */
    static final String UNIFIED_GUEST_TEMPLATE = "08d542b9-071f-4e16-94b0-74abb372e3d9";
    private static final String ALLOW = "AllowToAddGuests";
    private static final List<String> GROUP_PERMISSIONS = List.of("GroupSettings.Read.All", "Group.Read.All");
    private static final List<String> TENANT_PERMISSIONS = List.of("GroupSettings.Read.All", "Directory.Read.All");
    private static final List<String> TYPE_PERMISSIONS = List.of("GroupMember.Read.All", "Group.Read.All");

    private final GraphCalls calls;
    private final GraphSession session;

    /**
     * Create the reader.
     *
     * @param calls the retry layer
     * @param session the organization's session
     */
    public GuestSettings(GraphCalls calls, GraphSession session) {
        this.calls = calls;
        this.session = session;
    }

    /** What the settings say about guests joining the group. */
    public enum Verdict {
        /** The group accepts guests (or is not a Microsoft 365 group). */
        ALLOWED,
        /** The group's own setting refuses guests. */
        REFUSED_BY_GROUP,
        /** The tenant's setting refuses guests (whatever the group's own setting says, unless that refuses too). */
        REFUSED_BY_TENANT,
        /** A setting could not be read or understood. */
        UNKNOWN;

        /**
         * Tell whether guests are known to be refused.
         *
         * @return true if refused
         */
        public boolean refused() {
            return this == REFUSED_BY_GROUP || this == REFUSED_BY_TENANT;
        }
    }

    /**
     * The verdict and what it rests on (for logs; holds no secret).
     *
     * @param verdict the verdict
     * @param why what was read, or why nothing could be
     */
    public record Answer(Verdict verdict, String why) {
    }

    /**
     * Read whether the group accepts guests: its type, its own setting, then (unless that refuses) the tenant's.
     * At most three small reads; never throws for a refused or failed read.
     *
     * @param operation what is being done
     * @param groupId the group
     * @return the answer
     */
    public Answer read(String operation, String groupId) {
        Group g;
        GroupSettingCollectionResponse own;
        GroupSettingCollectionResponse tenant;
        try {
            g = calls.run(operation, TYPE_PERMISSIONS, true, () -> session.graph().groups().byGroupId(groupId)
                    .get(cfg -> cfg.queryParameters.select = new String[] {"id", "groupTypes"}));
        } catch (MsGraphException e) {
            return unknown("the group's type could not be read", e);
        }
        List<String> types = g == null || g.getGroupTypes() == null ? List.of() : g.getGroupTypes();
        if (types.stream().noneMatch("Unified"::equalsIgnoreCase)) {
            return new Answer(Verdict.ALLOWED, "not a Microsoft 365 group: guest settings do not apply");
        }
        try {
            own = calls.run(operation, GROUP_PERMISSIONS, true,
                    () -> session.graph().groups().byGroupId(groupId).settings().get());
        } catch (MsGraphException e) {
            return unknown("the group's guest setting (GET /groups/{id}/settings) could not be read", e);
        }
        Boolean group = allow(own, UNIFIED_GUEST_TEMPLATE, "Group.Unified.Guest");
        if (Boolean.FALSE.equals(group)) {
            return new Answer(Verdict.REFUSED_BY_GROUP, "the group's own setting does not allow guests");
        }
        boolean groupUnreadable = group == null && garbled(own, UNIFIED_GUEST_TEMPLATE, "Group.Unified.Guest");
        try {
            tenant = calls.run(operation, TENANT_PERMISSIONS, true, () -> session.graph().groupSettings().get());
        } catch (MsGraphException e) {
            // the group's true alone is not enough: a tenant refusal we cannot see would still refuse the write
            return unknown("the tenant's Microsoft 365 group setting (GET /groupSettings) could not be read", e);
        }
        Boolean all = allow(tenant, UNIFIED_TEMPLATE, "Group.Unified");
        if (Boolean.FALSE.equals(all)) {
            return new Answer(Verdict.REFUSED_BY_TENANT,
                    "the tenant's Microsoft 365 group setting does not allow guests" + (Boolean.TRUE.equals(group)
                            ? " (the group's own setting allows them; the tenant's refusal wins)" : ""));
        }
        if (groupUnreadable) {
            return new Answer(Verdict.UNKNOWN, "the group's guest setting has an AllowToAddGuests value that is "
                    + "neither true nor false");
        }
        if (garbled(tenant, UNIFIED_TEMPLATE, "Group.Unified")) {
            return new Answer(Verdict.UNKNOWN, "the tenant's group setting has an AllowToAddGuests value that is "
                    + "neither true nor false");
        }
        if (Boolean.TRUE.equals(group)) {
            return new Answer(Verdict.ALLOWED, "the group's own setting and the tenant's allow guests");
        }
        return new Answer(Verdict.ALLOWED, all == null ? "no guest setting: Microsoft's default allows guests"
                : "the tenant's Microsoft 365 group setting allows guests");
    }

    private static Answer unknown(String what, MsGraphException e) {
        return new Answer(Verdict.UNKNOWN, what + " (" + e.kind()
                + (e.httpStatus().isPresent() ? ", HTTP " + e.httpStatus().getAsInt() : "") + ")");
    }

    /** The setting's {@code AllowToAddGuests} as true or false; null if there is no such setting or value. */
    private static @Nullable Boolean allow(@Nullable GroupSettingCollectionResponse list, String template,
            String name) {
        GroupSetting s = find(list, template, name);
        String v = s == null ? null : value(s);
        if (v == null) {
            return null;
        }
        String t = v.strip().toLowerCase(Locale.ROOT);
        return "true".equals(t) ? Boolean.TRUE : "false".equals(t) ? Boolean.FALSE : null;
    }

    /** Whether the setting holds an {@code AllowToAddGuests} value that is neither true nor false. */
    private static boolean garbled(@Nullable GroupSettingCollectionResponse list, String template,
            String name) {
        GroupSetting s = find(list, template, name);
        return s != null && value(s) != null && allow(list, template, name) == null;
    }

    private static @Nullable GroupSetting find(@Nullable GroupSettingCollectionResponse list, String template,
            String name) {
        if (list == null || list.getValue() == null) {
            return null;
        }
        for (GroupSetting s : list.getValue()) {
            if (s != null && (template.equalsIgnoreCase(String.valueOf(s.getTemplateId()))
                    || name.equalsIgnoreCase(String.valueOf(s.getDisplayName())))) {
                return s;
            }
        }
        return null;
    }

    private static @Nullable String value(GroupSetting s) {
        if (s.getValues() == null) {
            return null;
        }
        for (SettingValue v : s.getValues()) {
            if (v != null && ALLOW.equalsIgnoreCase(v.getName())) {
                return v.getValue();
            }
        }
        return null;
    }
}
