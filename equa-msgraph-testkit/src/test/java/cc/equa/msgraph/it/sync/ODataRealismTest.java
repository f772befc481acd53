package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.KeepReason;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 9 on the library side: v1.0 {@code /members} hides service principals (the app stays protected
 * without being seen), and Graph's OR limit counts every clause of a filter (user lookups stay within 15).
 */
class ODataRealismTest {

    @Test
    void theAppIsProtectedEvenWhenMemberReadsDoNotShowIt() {
        try (SyncFixture f = new SyncFixture()) {
            f.fake.hostility(Hostility.builder().membersHideServicePrincipals(true).build());
            String ann = f.user("ann@acme.test");
            String sp = f.app.servicePrincipalId();
            f.fake.directory().addMembers(f.groupId, ann, sp);

            SyncPlan plan = f.org.planRemoveMembers(List.of(sp, "ann@acme.test"));
            assertEquals(List.of(ann), plan.removals().stream().map(c -> c.directoryObjectId()).toList());
            assertTrue(plan.protectedMembers().stream().anyMatch(k -> k.directoryObjectId().equalsIgnoreCase(sp)
                    && k.reason() == KeepReason.THIS_APP), plan.render());
            assertTrue(f.org.applySync(plan).isComplete());

            f.team.set(SyncFixture.ORG, List.of());
            SyncPlan mirror = f.org.planSync();
            assertFalse(mirror.removals().stream().anyMatch(c -> c.directoryObjectId().equalsIgnoreCase(sp)));
            assertTrue(f.members().stream().anyMatch(sp::equalsIgnoreCase), "the app is still a member");
            assertEquals(List.of(), f.fake.violations());
        }
    }

    @Test
    void userLookupsStayWithinTheOrLimitCountedOverTheWholeFilter() {
        try (SyncFixture f = new SyncFixture()) {
            f.fake.hostility(Hostility.builder().orLimitCountsAllClauses(true).countWithoutHeaderIgnored(true)
                    .build());
            List<TeamMember> team = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                f.user("user" + i + "@acme.test");
                team.add(TeamMember.individual("t" + i, "User " + i, "user" + i + "@acme.test"));
            }
            team.add(TeamMember.individual("x", "Alias", "alias@acme.test"));
            f.team.set(SyncFixture.ORG, team);
            SyncPlan plan = f.org.planSync();
            assertEquals(40, plan.additions().size(), plan.render());
            assertTrue(f.org.applySync(plan, ApplyOptions.defaults()).isComplete());
            assertEquals(0, f.fake.journal().calls(c -> c.status() == 400).size(), "no filter over the limit");
        }
    }
}
