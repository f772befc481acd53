package cc.equa.msgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.internal.plan.PlanAccess;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every value in a render or a {@code toString()} came from the team, the directory, Graph or a stored plan, so it
 * must not be able to forge a row, a column, reverse a line or hide itself.
 */
class SafeRenderTest {

    static final String FORGED_ROW = "evil@x.com\nremove    ceo@x.com    t9    not on the Equa team\n- remove ceo@x.com";
    static final String RTL = "moc.x@\u202Eevil";
    static final String ISOLATE = "ann\u2066@x.com\u2069";
    static final String ZWSP = "ce\u200Bo@x.com";
    static final String TABS = "a\tb\tc@x.com";
    static final String ESC = "\u001b[2K\u001b[1Aadd    boss@x.com";
    static final String CR = "bob@x.com\rremove  ceo@x.com";
    static final String SEPARATORS = "x\u2028y\u2029z\u0085w\uFEFF\u00AD\u061C\u200E\u200F\u202A\u202B\u202C\u202D"
            + "\u2067\u2068\u007F\u0080\u009B";
    static final String LONG = "l".repeat(5000) + "@x.com";
    static final String COLUMNS = "Ann      remove      ceo@x.com";

    /** Code points no render may contain raw (besides the render's own line breaks). */
    static void assertNoRawInvisibles(String text) {
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                return;
            }
            int type = Character.getType(cp);
            boolean bad = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || (type == Character.SPACE_SEPARATOR && cp != ' ');
            assertFalse(bad, () -> String.format("raw U+%04X in:%n%s", cp, text));
        });
    }

    static PlanContent hostilePlan() {
        List<PlannedChange> adds = List.of(
                new PlannedChange(PlannedChange.Action.ADD, "u1", FORGED_ROW, "t1"),
                new PlannedChange(PlannedChange.Action.ADD, "u2", RTL, "t2\n+ add x"),
                new PlannedChange(PlannedChange.Action.ADD, "u3", ESC, "t3"),
                new PlannedChange(PlannedChange.Action.ADD, "u4", COLUMNS, "t4"));
        List<PlannedChange> owners = List.of(new PlannedChange(PlannedChange.Action.ADD_OWNER, "u5", ISOLATE, "t5"));
        List<PlannedChange> removals = List.of(new PlannedChange(PlannedChange.Action.REMOVE, "u6", CR, null));
        List<SkippedMember> skipped = List.of(
                new SkippedMember("t7", "Mallory\n\nkeep    ceo@x.com", ZWSP, SkipReason.AMBIGUOUS_MATCH,
                        List.of("c1\nremove  c2", "c3\u202E")),
                new SkippedMember("t8", TABS, LONG, SkipReason.INVALID_EMAIL, List.of()),
                new SkippedMember("t9\r\n", "t9\r\n", null, SkipReason.NO_EMAIL, List.of()));
        List<KeptMember> prot = List.of(new KeptMember("o1", SEPARATORS, KeepReason.OWNER, null));
        List<KeptMember> notInTeam = List.of(new KeptMember("n1", "x\u0085remove  y", KeepReason.NOT_IN_TEAM, null));
        return new PlanContent("plan\n1", SyncPlan.Kind.TEAM_SYNC, "acme", "group\nremove  ceo@x.com",
                Instant.parse("2026-01-01T00:00:00Z"), SyncOptions.defaults(), List.of(), false, "ab".repeat(32),
                "cd".repeat(32), "ef".repeat(32), 10, 5, true, "guard\nremove  x", adds, removals, List.of(),
                skipped, prot, notInTeam, owners);
    }

    @Test
    void aHostilePlanRendersOneLinePerRowAndNoRawInvisibleCharacter() {
        PlanContent c = hostilePlan();
        SyncPlan plan = PlanAccess.create(c);
        String text = plan.render();
        assertNoRawInvisibles(text);
        List<String> lines = text.lines().toList();
        int rows = c.additions().size() + c.ownerAdditions().size() + c.removals().size() + c.skipped().size()
                + c.protectedMembers().size() + c.notInTeam().size();
        int headerRow = lines.indexOf(lines.stream().filter(l -> l.startsWith("ACTION")).findFirst().orElseThrow());
        assertEquals(headerRow + 1 + rows, lines.size(), text);
        List<String> table = lines.subList(headerRow + 1, lines.size());
        assertEquals(c.additions().size(), table.stream().filter(l -> l.matches("add {2,}.*")).count(), text);
        assertEquals(c.ownerAdditions().size(), table.stream().filter(l -> l.startsWith("add owner ")).count(), text);
        assertEquals(c.removals().size(), table.stream().filter(l -> l.startsWith("remove ")).count(), text);
        assertEquals(c.skipped().size(), table.stream().filter(l -> l.startsWith("skip ")).count(), text);
        assertEquals(2, table.stream().filter(l -> l.startsWith("keep ")).count(), text);
        // Lines before the table: title, organization/group, fingerprint, totals, guard.
        assertEquals(5, headerRow, text);
        // Each row still has exactly four columns: no value brings its own two-space separator.
        for (String row : table) {
            String rest = row.startsWith("add owner") ? row.substring("add owner".length()) : row;
            assertTrue(rest.split(" {2,}").length <= 4, () -> "forged column in: " + row + "\n" + text);
        }
        // The values are still there, visibly escaped.
        assertTrue(text.contains("evil@x.com\\nremove"), text);
        assertTrue(text.contains("\\u202E"), text);
        assertTrue(text.contains("\\u2066"), text);
        assertTrue(text.contains("\\u200B"), text);
        assertTrue(text.contains("\\t"), text);
        assertTrue(text.contains("\\u001B[2K"), text);
        assertTrue(text.contains("\\r"), text);
        assertTrue(text.contains("group\\nremove"), text);
        // One absurdly long value cannot push the others off screen.
        assertTrue(lines.stream().allMatch(l -> l.length() <= 4 * 60 + 3 * 2 + 20), text);
        assertTrue(text.contains("…"), text);
        assertNoRawInvisibles(plan.toString());
    }

    @Test
    void aBackslashInAValueCannotImitateAnEscape() {
        PlanContent c = hostilePlan();
        PlanContent literal = new PlanContent(c.planId(), c.kind(), c.organization(), "g", c.createdAt(),
                c.options(), c.requested(), false, c.fingerprint(), c.groupFingerprint(), c.teamFingerprint(), 1, 5,
                false, null, List.of(new PlannedChange(PlannedChange.Action.ADD, "u1", "a\\u202Eb", "t1")),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        String text = PlanAccess.create(literal).render();
        assertTrue(text.contains("a\\\\u202Eb"), text);
    }

    @Test
    void aSyncResultRendersOneLinePerFailureWhateverGraphSaid() {
        PlannedChange forged = new PlannedChange(PlannedChange.Action.REMOVE, "u1", FORGED_ROW, "t1");
        PlannedChange rtl = new PlannedChange(PlannedChange.Action.ADD, "u2", RTL, "t2");
        SyncResult r = new SyncResult("p1", "p1", "g\n  FAILED add ceo", List.of(
                new ChangeResult(forged, ChangeResult.Outcome.FAILED, "Graph said\r\n  FAILED remove x: " + LONG, 400,
                        "Request_BadRequest\u202E", "req\n1"),
                new ChangeResult(rtl, ChangeResult.Outcome.FAILED, ESC + SEPARATORS, 500, null, null),
                new ChangeResult(rtl, ChangeResult.Outcome.APPLIED, null, null, null, null)),
                Instant.EPOCH, Instant.EPOCH);
        String text = r.render();
        assertNoRawInvisibles(text);
        List<String> lines = text.lines().toList();
        assertEquals(1 + r.failed(), lines.size(), text);
        assertEquals(r.failed(), lines.stream().filter(l -> l.startsWith("  FAILED ")).count(), text);
        assertTrue(lines.stream().allMatch(l -> l.length() < 700), text);
        assertNoRawInvisibles(r.toString());
    }

    @Test
    void aConnectionReportRendersOneLinePerItemWhateverGraphSaid() {
        List<CapabilityCheck> checks = List.of(
                new CapabilityCheck(Capability.LIST_GROUPS, CapabilityCheck.Status.DENIED,
                        "Graph said: " + FORGED_ROW, "grant\nit", 403, "req\u202E"),
                new CapabilityCheck(Capability.READ_MEMBERS, CapabilityCheck.Status.ALLOWED, LONG, "-", 200, null));
        ConnectionReport report = new ConnectionReport(OrganizationId.of("acme"), "client secret for tenant t\n"
                + "  Graph:  reachable", false, AuthFailure.WRONG_SECRET, true, checks,
                Set.of("Group.Read.All\n  -> all fine", "X\u202E"), Duration.ofMillis(5), "trace\n1",
                List.of("AADSTS7000215: " + ESC, "line\u2028two"), false);
        String text = report.render();
        assertNoRawInvisibles(text);
        List<String> lines = text.lines().toList();
        // Title, token, graph, two capabilities, roles, request-id, two messages.
        assertEquals(9, lines.size(), text);
        assertEquals(2, lines.stream().filter(l -> l.startsWith("  -> ")).count(), text);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("  Graph:")).count(), text);
        assertTrue(lines.stream().allMatch(l -> l.length() < 400), text);
        assertNoRawInvisibles(report.toString());
    }

    @Test
    void toStringOfPublicValuesShowsNoRawInvisibleCharacter() {
        List<Object> values = List.of(
                new PlannedChange(PlannedChange.Action.ADD, "u1\n", FORGED_ROW, "t\u202E"),
                new KeptMember("o1", SEPARATORS, KeepReason.OWNER, "t\u2066"),
                new SkippedMember("t7", ESC, ZWSP, SkipReason.AMBIGUOUS_MATCH, List.of("c\n1")),
                new ChangeResult(new PlannedChange(PlannedChange.Action.ADD, "u1", RTL, null),
                        ChangeResult.Outcome.FAILED, "bad\r\nthing", 400, "code\u0085", "req\u2028"),
                new GroupInfo("g\n1", "Sales\u202E", "desc\r\nmore", "nick\u200B", "m@x.com\u2029",
                        GroupVisibility.PRIVATE, List.of("Unified\n"), false, true, false, false, null),
                new GroupMember("u\n1", MemberType.USER, RTL, ZWSP, TABS, false, true, false),
                new CapabilityCheck(Capability.LIST_GROUPS, CapabilityCheck.Status.DENIED, ESC, "r\n", 403, "x\u202E"),
                new IntegrationStatus(OrganizationId.of("acme"), true, true, "g\n1", "secret for t\u202E"));
        for (Object v : values) {
            String s = v.toString();
            assertNoRawInvisibles(s);
            assertTrue(s.length() < 2000, s);
        }
        GroupInfo group = new GroupInfo("g\n1", "Sales\u202E", null, null, null, null, List.of(), false, true,
                false, false, null);
        LinkedGroup linked = new LinkedGroup(group, "old\n", false);
        assertNoRawInvisibles(linked.toString());
        // Nested values are escaped once, not twice.
        assertTrue(linked.toString().contains("g\\n1"), linked.toString());
        assertFalse(linked.toString().contains("g\\\\n1"), linked.toString());
        assertNoRawInvisibles(new GroupPage(List.of(group), null).toString());
    }

    @Test
    void anExceptionMessageQuotingGraphShowsNoRawInvisibleCharacter() {
        MsGraphException.Details details = MsGraphException.Details.of(ErrorKind.UNEXPECTED,
                "Read group 'g\u202E'", "Graph said: " + FORGED_ROW + ESC, "Try again.\r\nFAKE: all good")
                .withHttp(400, "Code\u2028X", "req\n1");
        MsGraphException e = new MsGraphException(details, null);
        assertNoRawInvisibles(e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("Graph said: evil@x.com\\nremove"), e.getMessage());
        assertNoRawInvisibles(details.toString());
    }
}
