package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanCodec;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.plan.PlanSeal;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A reviewable membership change for one organization's linked group: who will be added, who removed, who stays and
 * who is skipped (with a reason), computed from the Equa team and the group as they were at {@link #createdAt()}.
 *
 * <p>A plan is immutable and holds no secret. Show it to a person ({@link #render()}), store or send it
 * ({@link #toJson()} / {@link #fromJson(String)}), then apply exactly what was reviewed with
 * {@link OrganizationIntegration#applySync(SyncPlan, ApplyOptions)}. The {@link #fingerprint()} identifies the state
 * the plan was computed from; applying re-reads the state and refuses a plan whose meaning has changed.
 *
 * <p>Since 0.2.0 a plan is authenticated: the planning integration signs it with the organization's plan key
 * ({@link cc.equa.msgraph.spi.PlanKeys}), and applying checks that signature before any request, so a plan edited
 * after review is refused. Plan JSON is still untrusted input: show the admin the plan you will apply.
 *
 * @since 0.1.0
 */
public final class SyncPlan {

    static {
        PlanAccess.install(new PlanAccess.Bridge() {
            @Override
            public SyncPlan create(PlanContent content) {
                return new SyncPlan(content);
            }

            @Override
            public SyncPlan create(PlanContent content, PlanSeal seal) {
                return new SyncPlan(content, Objects.requireNonNull(seal));
            }

            @Override
            public PlanContent content(SyncPlan plan) {
                return plan.c;
            }

            @Override
            public @Nullable PlanSeal seal(SyncPlan plan) {
                return plan.seal;
            }
        });
    }

    /** The longest table cell a render shows, after escaping. */
    private static final int CELL = 60;

    private final PlanContent c;
    private final @Nullable PlanSeal seal;
    private volatile @Nullable String json;

    private SyncPlan(PlanContent content) {
        this(content, null);
    }

    private SyncPlan(PlanContent content, @Nullable PlanSeal seal) {
        this.c = content;
        this.seal = seal;
    }

    /**
     * Read a plan from the JSON {@link #toJson()} produced. The text is untrusted input: it is parsed strictly (any
     * malformed text, unknown format or version is an {@link InvalidInputException}), and the plan's authentication
     * (key id and HMAC) is read but can only be checked with the key, so it is checked by
     * {@link OrganizationIntegration#applySync(SyncPlan, ApplyOptions)} before anything is applied: an edited plan,
     * a plan signed with an unknown or retired key, or one made for another organization is refused there.
     *
     * <p>Plans written by 0.1.0 (versions 1 and 2, with an unkeyed digest) are still read, but never applied: plan
     * again.
     *
     * @param json the JSON text
     * @return the plan (not yet authenticated)
     * @throws InvalidInputException if the text is not an intact plan this version reads
     * @since 0.1.0
     */
    public static SyncPlan fromJson(String json) {
        Objects.requireNonNull(json, "'json' must not be null");
        PlanCodec.Decoded decoded = PlanCodec.decode(json);
        return new SyncPlan(decoded.content(), decoded.seal());
    }

    /**
     * Return the plan's stable, versioned JSON form. Since 0.2.0 it carries the id of the key that authenticates it
     * and an HMAC-SHA256 over the whole content (never the key); no secret is in it.
     *
     * @return the JSON text
     * @since 0.1.0
     */
    public String toJson() {
        String text = json;
        if (text == null) {
            text = seal == null ? PlanCodec.encode(c) : PlanCodec.encode(c, seal);
            json = text;
        }
        return text;
    }

    /**
     * Return the plan's unique id.
     *
     * @return the id
     * @since 0.1.0
     */
    public String planId() {
        return c.planId();
    }

    /**
     * Return what kind of plan this is.
     *
     * @return the kind
     * @since 0.1.0
     */
    public Kind kind() {
        return c.kind();
    }

    /**
     * Return the organization.
     *
     * @return the organization
     * @since 0.1.0
     */
    public OrganizationId organization() {
        return OrganizationId.of(c.organization());
    }

    /**
     * Return the group the plan changes.
     *
     * @return the group id
     * @since 0.1.0
     */
    public String groupId() {
        return c.groupId();
    }

    /**
     * Return when the plan was made, by the integration's clock.
     *
     * @return the time
     * @since 0.1.0
     */
    public Instant createdAt() {
        return c.createdAt();
    }

    /**
     * Return the options the plan was made with.
     *
     * @return the options
     * @since 0.1.0
     */
    public SyncOptions options() {
        return c.options();
    }

    /**
     * Return the mode: the options' mode for a team sync, {@link SyncMode#ADDITIVE} for an explicit add, and
     * {@link SyncMode#MIRROR} for an explicit removal.
     *
     * @return the mode
     * @since 0.1.0
     */
    public SyncMode mode() {
        return switch (c.kind()) {
            case TEAM_SYNC -> c.options().mode();
            case ADD_MEMBERS -> SyncMode.ADDITIVE;
            case REMOVE_MEMBERS -> SyncMode.MIRROR;
        };
    }

    /**
     * Return the SHA-256 fingerprint of the group and team state the plan was computed from.
     *
     * @return the fingerprint (hex)
     * @since 0.1.0
     */
    public String fingerprint() {
        return c.fingerprint();
    }

    /**
     * Return the users to add.
     *
     * @return the additions
     * @since 0.1.0
     */
    public List<PlannedChange> additions() {
        return c.additions();
    }

    /**
     * Return the members to remove.
     *
     * @return the removals
     * @since 0.1.0
     */
    public List<PlannedChange> removals() {
        return c.removals();
    }

    /**
     * Return the users to add as group owners ({@link PlannedChange.Action#ADD_OWNER}): team members holding one of
     * {@link SyncOptions#ownerRoles()} whose user is not an owner yet. Empty unless owner roles are set. A sync never
     * removes owners.
     *
     * @return the owner additions
     * @since 0.2.0
     */
    public List<PlannedChange> ownerAdditions() {
        return c.ownerAdditions();
    }

    /**
     * Return every change: additions, then owner additions (since 0.2.0; empty unless owner roles are set), then
     * removals.
     *
     * @return the changes
     * @since 0.1.0
     */
    public List<PlannedChange> changes() {
        List<PlannedChange> all = new java.util.ArrayList<>(c.additions().size() + c.ownerAdditions().size()
                + c.removals().size());
        all.addAll(c.additions());
        all.addAll(c.ownerAdditions());
        all.addAll(c.removals());
        return List.copyOf(all);
    }

    /**
     * Tell whether the plan changes anything.
     *
     * @return true if there is an addition, an owner addition or a removal
     * @since 0.1.0
     */
    public boolean hasChanges() {
        return !c.additions().isEmpty() || !c.ownerAdditions().isEmpty() || !c.removals().isEmpty();
    }

    /**
     * Return the team members (or requested users) already in the group.
     *
     * @return the unchanged members
     * @since 0.1.0
     */
    public List<KeptMember> unchanged() {
        return c.unchanged();
    }

    /**
     * Return the team members (or requested addresses) that will not be in the group, each with a reason. In an
     * add- or remove-members plan each entry stands for a request ({@link SkippedMember#requestedIfAny()}).
     *
     * @return the skipped members
     * @since 0.1.0
     */
    public List<SkippedMember> skipped() {
        return c.skipped();
    }

    /**
     * Return the group members the plan would otherwise remove but never does: owners, this app, non-users, and
     * (since 0.2.0) members a team address resolved to ambiguously or as a disabled account.
     *
     * @return the protected members
     * @since 0.1.0
     */
    public List<KeptMember> protectedMembers() {
        return c.protectedMembers();
    }

    /**
     * Return the group members who are not on the Equa team and stay ({@link SyncMode#ADDITIVE}); in
     * {@link SyncMode#MIRROR} mode they are {@link #removals()} or {@link #protectedMembers()} instead.
     *
     * @return the members not on the team
     * @since 0.1.0
     */
    public List<KeptMember> notInTeam() {
        return c.notInTeam();
    }

    /**
     * Return the addresses or ids an explicit plan ({@link Kind#ADD_MEMBERS}, {@link Kind#REMOVE_MEMBERS}) was made
     * for; empty for a team sync.
     *
     * @return the requested members
     * @since 0.1.0
     */
    public List<String> requested() {
        return c.requested();
    }

    /**
     * Return how many removals the removal guard allows for this group.
     *
     * @return the allowance
     * @since 0.1.0
     */
    public int removalLimit() {
        return c.removalLimit();
    }

    /**
     * Tell whether applying needs {@link ApplyOptions.Builder#allowMassRemoval(boolean)}.
     *
     * @return true if the removal guard tripped
     * @since 0.1.0
     */
    public boolean removalGuardTripped() {
        return c.guardTripped();
    }

    /**
     * Return why the removal guard tripped, if it did.
     *
     * @return the reason
     * @since 0.1.0
     */
    public Optional<String> removalGuardReason() {
        return Optional.ofNullable(c.guardReason());
    }

    /**
     * Render the plan for a person: a header, the totals, the guard, then one table row per addition, removal,
     * skipped and protected member (unchanged members are counted, not listed). Since 0.2.0, when guests are skipped
     * because the group does not allow guests ({@link SkipReason#GUEST_NOT_ALLOWED}), a line before the table says
     * how many and what an administrator can do.
     *
     * <p>Every value shown came from the team, the directory, Graph or (for a plan read with {@link #fromJson(String)})
     * from stored text, so none can forge a row or a column: line breaks ({@code \n}, {@code \r}, U+0085, U+2028,
     * U+2029), tabs and other control characters (C0, DEL, C1), bidi controls and every other invisible format
     * character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C, zero-width space and joiners, BOM…), spaces
     * other than U+0020, a second consecutive space (the column separator) and the backslash itself are shown as
     * visible escapes such as {@code \n} or {@code \}{@code u202E}. A table cell shows at most 60 characters and
     * other values at most 200 (after escaping); a longer value ends with {@code …}. Each table row is one line
     * that starts with its action ({@code add}, {@code add owner}, {@code remove}, {@code skip}, {@code keep}); no
     * value can start a line.
     *
     * @return the text
     * @since 0.1.0
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        appendHeader(sb);
        appendTotals(sb);
        appendGuard(sb);
        appendGuests(sb);
        List<String[]> rows = rows();
        if (rows.isEmpty()) {
            sb.append("Nothing to change.\n");
            return sb.toString();
        }
        appendTable(sb, rows);
        return sb.toString();
    }

    /** The title with the plan id, what it is for and when it was made, and the start of its fingerprint. */
    private void appendHeader(StringBuilder sb) {
        sb.append(switch (c.kind()) {
            case TEAM_SYNC -> "Membership sync plan";
            case ADD_MEMBERS -> "Add-members plan";
            case REMOVE_MEMBERS -> "Remove-members plan";
        }).append(' ').append(Display.safe(c.planId())).append('\n');
        sb.append("Organization ").append(Display.safe(c.organization())).append(", group ")
                .append(Display.safe(c.groupId()))
                .append(", mode ").append(mode()).append(", created ").append(c.createdAt()).append('\n');
        sb.append("State fingerprint ").append(Display.safe(c.fingerprint().substring(0, Math.min(16, c.fingerprint().length())))).append('\n');
    }

    /** One line of counts; owner additions are opt-in (0.2.0), so their count shows only where owner roles are set. */
    private void appendTotals(StringBuilder sb) {
        sb.append(c.additions().size()).append(" to add, ");
        if (!c.ownerAdditions().isEmpty() || !c.options().ownerRoles().isEmpty()) {
            sb.append(c.ownerAdditions().size()).append(" to make owner, ");
        }
        sb.append(c.removals().size()).append(" to remove, ")
                .append(c.unchanged().size()).append(" unchanged, ").append(c.skipped().size()).append(" skipped, ")
                .append(c.protectedMembers().size()).append(" protected, ").append(c.notInTeam().size())
                .append(" not on the team and kept\n");
    }

    /** The removal guard: why it tripped (applying then needs the override), else how close the removals come. */
    private void appendGuard(StringBuilder sb) {
        if (c.guardTripped()) {
            sb.append("REMOVAL GUARD: ").append(Display.safe(c.guardReason()))
                    .append(" Applying needs an explicit mass-removal override.\n");
        } else if (!c.removals().isEmpty()) {
            sb.append("Removal guard: ").append(c.removals().size()).append(" of at most ").append(c.removalLimit())
                    .append(" allowed removals.\n");
        }
    }

    /** Guests the group's guest policy keeps out (0.2.0): why, and what an administrator can do. */
    private void appendGuests(StringBuilder sb) {
        long guests = c.skipped().stream().filter(s -> s.reason() == SkipReason.GUEST_NOT_ALLOWED).count();
        if (guests > 0) {
            sb.append("GUESTS: ").append(guests).append(" skipped: the group's or the tenant's Microsoft 365 group "
                    + "setting (AllowToAddGuests) does not allow guests, so Microsoft Graph would refuse them. An "
                    + "administrator can allow guests for the group or the tenant, or the person can be given a "
                    + "member account.\n");
        }
    }

    /** The table's rows, unescaped: action, member, team member, detail; changes first, then who is not changed. */
    private List<String[]> rows() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (PlannedChange a : c.additions()) {
            rows.add(new String[] {"add", a.label(), dash(a.teamMemberIdIfAny()), ""});
        }
        for (PlannedChange o : c.ownerAdditions()) {
            rows.add(new String[] {"add owner", o.label(), dash(o.teamMemberIdIfAny()), "holds an owner role"});
        }
        for (PlannedChange r : c.removals()) {
            rows.add(new String[] {"remove", r.label(), dash(r.teamMemberIdIfAny()),
                    c.kind() == Kind.TEAM_SYNC ? "not on the Equa team" : "requested"});
        }
        for (SkippedMember s : c.skipped()) {
            rows.add(new String[] {"skip", s.emailIfAny().orElse("(no e-mail)"),
                    s.displayName().equals(s.teamMemberId()) ? s.teamMemberId()
                            : s.displayName() + " (" + s.teamMemberId() + ")",
                    describe(s)});
        }
        for (KeptMember k : c.protectedMembers()) {
            rows.add(new String[] {"keep", k.label(), "-", describe(k.reason())});
        }
        for (KeptMember k : c.notInTeam()) {
            rows.add(new String[] {"keep", k.label(), "-", describe(k.reason())});
        }
        return rows;
    }

    /**
     * The header row and the rows in aligned columns. Cells are escaped and cut first, so the widths are those of
     * what is shown and no value can widen or split a column.
     */
    private static void appendTable(StringBuilder sb, List<String[]> rows) {
        String[] head = {"ACTION", "MEMBER", "TEAM MEMBER", "DETAIL"};
        int[] width = new int[4];
        for (int i = 0; i < 4; i++) {
            width[i] = head[i].length();
        }
        for (String[] row : rows) {
            // The action column is ours; every other cell holds outside values.
            for (int i = 1; i < 4; i++) {
                row[i] = Display.cell(row[i], CELL);
            }
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        appendRow(sb, head, width);
        for (String[] row : rows) {
            appendRow(sb, row, width);
        }
    }

    private static void appendRow(StringBuilder sb, String[] row, int[] width) {
        for (int i = 0; i < row.length; i++) {
            String cell = row[i];
            sb.append(cell);
            if (i < row.length - 1) {
                sb.append(" ".repeat(width[i] - cell.length() + 2));
            }
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static String dash(Optional<String> s) {
        return s.orElse("-");
    }

    private static String describe(SkippedMember s) {
        String text = switch (s.reason()) {
            case ENTITY -> "an entity, not a person";
            case NO_EMAIL -> "no e-mail address in Equa";
            case INVALID_EMAIL -> "not a valid e-mail address";
            case NO_MATCHING_USER -> "no Microsoft 365 user has this address";
            case AMBIGUOUS_MATCH -> "several Microsoft 365 users have this address";
            case ACCOUNT_DISABLED -> "the Microsoft 365 account is disabled";
            case FILTERED_BY_STATUS -> "invitation status outside the sync's scope";
            case FILTERED_BY_ROLE -> "no role in the sync's scope";
            case DUPLICATE_MATCH -> "same Microsoft 365 user as another team member";
            case NOT_A_MEMBER -> "not a member of the group";
            case GUEST_NOT_ALLOWED -> "a guest; the group does not allow guests";
        };
        return s.candidateIds().isEmpty() ? text : text + " (" + String.join(", ", s.candidateIds()) + ")";
    }

    private static String describe(KeepReason reason) {
        return switch (reason) {
            case IN_TEAM -> "already a member";
            case OWNER -> "group owner: never removed";
            case THIS_APP -> "this application: never removed";
            case NOT_A_USER -> "not a user: never removed";
            case NOT_IN_TEAM -> "not on the Equa team: kept (additive)";
            case AMBIGUOUS_MATCH -> "a team address matches several users, this one among them: kept";
            case ACCOUNT_DISABLED -> "a team address matches this disabled account: kept";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncPlan other && c.equals(other.c);
    }

    @Override
    public int hashCode() {
        return c.hashCode();
    }

    @Override
    public String toString() {
        return "SyncPlan[" + Display.safe(c.planId()) + ", " + c.kind().name().toLowerCase(Locale.ROOT) + ", group "
                + Display.safe(c.groupId())
                + ", +" + c.additions().size() + " -" + c.removals().size()
                + (c.ownerAdditions().isEmpty() ? "" : ", +" + c.ownerAdditions().size() + " owners") + ", "
                + c.skipped().size()
                + " skipped" + (c.guardTripped() ? ", removal guard tripped" : "") + "]";
    }

    /**
     * What a plan was made for.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** Sync the group with the organization's Equa team ({@link OrganizationIntegration#planSync()}). */
        TEAM_SYNC,
        /** Add chosen users ({@link OrganizationIntegration#planAddMembers(java.util.Collection)}). */
        ADD_MEMBERS,
        /** Remove chosen members ({@link OrganizationIntegration#planRemoveMembers(java.util.Collection)}). */
        REMOVE_MEMBERS
    }
}
