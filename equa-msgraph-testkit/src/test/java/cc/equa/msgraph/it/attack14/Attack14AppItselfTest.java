package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The app's own service principal, hidden from v1.0 /members, is never removed however it is named. */
class Attack14AppItselfTest {

    @Test
    void theAppIsNeverRemovedWhenNamedByItsIdInAnotherCaseOrWithBraces() {
        for (String variant : new String[] {"upper", "braces", "spaces"}) {
            try (A14 f = new A14(Hostility.realistic(5), A14.LEAST)) {
                String sp = f.app.servicePrincipalId();
                String ann = f.user("ann@acme.test");
                f.fake.directory().addMembers(f.groupId, ann, sp);
                String named = switch (variant) {
                    case "upper" -> sp.toUpperCase(Locale.ROOT);
                    case "braces" -> "{" + sp + "}";
                    default -> " " + sp + " ";
                };
                try {
                    SyncPlan plan = f.org.planRemoveMembers(List.of(named, "ann@acme.test"));
                    assertFalse(plan.removals().stream().anyMatch(c -> c.directoryObjectId().equalsIgnoreCase(sp)),
                            variant + ": " + plan.render());
                    SyncResult r = f.org.applySync(plan);
                    f.assertResultTells(r);
                } catch (cc.equa.msgraph.InvalidInputException refused) {
                    // refusing the odd spelling before any request is fine too
                }
                assertTrue(f.members().stream().anyMatch(sp::equalsIgnoreCase), variant + ": the app was removed");
            }
        }
    }

    @Test
    void aMirrorOfAnEmptyishTeamUnderTheRealisticProfileKeepsTheApp() {
        try (A14 f = new A14(Hostility.realistic(6), A14.LEAST)) {
            String sp = f.app.servicePrincipalId();
            List<String> others = f.users("x", 12);
            String ann = f.user("ann@acme.test");
            f.fake.directory().addMembers(f.groupId, others);
            f.fake.directory().addMembers(f.groupId, ann, sp);
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(12, plan.removals().size(), plan.render());
            SyncResult r = f.org.applySync(plan, ApplyOptions.builder().allowMassRemoval(true).build());
            assertTrue(r.isComplete(), r.render());
            assertTrue(f.members().contains(sp), "the app removed itself");
            assertEquals(2, f.members().size());
            assertEquals(List.of(), f.fake.violations());
        }
    }
}
