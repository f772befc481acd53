package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupMember;
import cc.equa.msgraph.SyncMode;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeUser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Team names and e-mails from the host and display names, addresses and user principal names from Graph are attacker
 * controlled. Through the real SDK against the fake, none of them can forge a row of the review table, reverse a line
 * or hide in it.
 */
class HostileValuesRenderTest {

    static final String FORGED = "\n- remove ceo@acme.test\nremove    ceo@acme.test    -    not on the Equa team";

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

    @Test
    void aHostileTeamAndHostileDirectoryCannotForgeARowOfThePlan() {
        try (SyncFixture f = new SyncFixture()) {
            String ceo = f.user("ceo@acme.test");
            String ann = f.user(FakeUser.builder().mail("ann@acme.test")
                    .displayName("Ann" + FORGED + "\u202Eevil\u2066\u200B\u001b[2K"));
            String mallory = f.user(FakeUser.builder().mail("mallory@acme.test")
                    .displayName("Mallory\r\n+ add boss@acme.test")
                    .userPrincipalName("mallory\u202Etset.emca@acme.test"));
            String bidiUpn = f.user(FakeUser.builder().displayName("no mail\u2028x")
                    .userPrincipalName("moc.tset\u202E@acme.test"));
            f.fake.directory().addMembers(f.groupId, ceo, mallory, bidiUpn);
            f.team.set(SyncFixture.ORG, List.of(
                    TeamMember.individual("t1", "Ann\nremove  ceo@acme.test", "ann@acme.test"),
                    TeamMember.individual("t2" + FORGED, "Bob\u202E\u2066", "bob@acme.test" + FORGED),
                    TeamMember.individual("t3", "Tab\tName\u0085\u2029", "tab\t@acme.test"),
                    TeamMember.individual("t4", "Esc\u001b[1A\u001b[2K", "\u200Bceo@acme.test"),
                    TeamMember.individual("t5", "L".repeat(3000), "l".repeat(3000) + "@acme.test"),
                    TeamMember.individual("t6", "CEO", "ceo@acme.test")));

            SyncPlan plan = f.org.planSync(SyncOptions.builder().mode(SyncMode.MIRROR).build());
            String text = plan.render();
            assertNoRawInvisibles(text);
            List<String> lines = text.lines().toList();
            int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("ACTION ")).findFirst().orElseThrow());
            int rows = plan.additions().size() + plan.ownerAdditions().size() + plan.removals().size()
                    + plan.skipped().size() + plan.protectedMembers().size() + plan.notInTeam().size();
            assertEquals(header + 1 + rows, lines.size(), text);
            List<String> table = lines.subList(header + 1, lines.size());
            // Exactly the planned removals appear as removal rows; the forged "remove ceo" rows do not exist.
            assertEquals(plan.removals().size(), table.stream().filter(l -> l.startsWith("remove ")).count(), text);
            assertEquals(plan.additions().size(), table.stream().filter(l -> l.matches("add {2,}.*")).count(), text);
            assertTrue(plan.removals().stream().noneMatch(r -> r.directoryObjectId().equals(ceo)), text);
            assertTrue(plan.additions().stream().anyMatch(a -> a.directoryObjectId().equals(ann)), text);
            assertTrue(lines.stream().allMatch(l -> l.length() <= 4 * 60 + 3 * 2 + 20), text);
            assertTrue(text.contains("\\u202E"), text);
            assertTrue(text.contains("\\n- remove ceo@acme.test"), text);
            assertNoRawInvisibles(plan.toString());
            plan.changes().forEach(c -> assertNoRawInvisibles(c.toString()));
            plan.skipped().forEach(s -> assertNoRawInvisibles(s.toString()));

            // Members as Graph returns them: their toString shows no raw control either.
            for (GroupMember m : f.org.members()) {
                assertNoRawInvisibles(m.toString());
            }

            SyncResult result = f.org.applySync(plan);
            String done = result.render();
            assertNoRawInvisibles(done);
            assertEquals(1 + result.failed(), done.lines().count(), done);
            assertNoRawInvisibles(result.toString());
            assertTrue(f.members().contains(ceo), "the forged row removed nobody");
        }
    }
}
