package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pending-create marker (a settings row) and oversized Retry-After on reads, as trust-boundary inputs. */
class Attack14TrustBoundaryTest {

    private static final String[] ROLES = {"Group.Create", "GroupMember.ReadWrite.All", "Group.Read.All",
        "User.Read.All"};

    @Test
    void aPendingCreateOfAnotherNameIsNotLinkedWhenTheAdminAsksForADifferentGroup() {
        try (A14 f = new A14(Hostility.builder().newGroupInvisibleUpTo(Duration.ofMinutes(10)).seed(3).build(),
                ROLES)) {
            f.org.unlinkGroup();
            f.fake.faults().add(FaultRule.on("POST", "/groups").applyThenDisconnect().build());
            try {
                f.org.createGroup(NewGroup.named("Cap Table"));
            } catch (MsGraphException e) {
                f.assertGoodError(e);
            }
            f.fake.advanceTime(Duration.ofMinutes(11));
            try {
                LinkedGroup linked = f.org.createGroup(NewGroup.named("Board 2027"));
                assertEquals("Board 2027", linked.group().displayName(), "asked for Board 2027, linked "
                        + linked.group().displayName());
            } catch (MsGraphException e) {
                f.assertGoodError(e);
            }
        }
    }

    @Test
    void aGarbagePendingCreateMarkerIsATypedErrorOrIgnored() {
        String[] markers = {"", "x", "::::", "2026-13-45T99:99:99Z|nope", "\u0000\n\u202E", "9".repeat(5000)};
        List<String> problems = new ArrayList<>();
        for (String m : markers) {
            try (A14 f = new A14(Hostility.DEFAULT, ROLES)) {
                f.org.unlinkGroup();
                IntegrationSettings s = f.settings.load(A14.ORG).orElseThrow();
                f.settings.save(A14.ORG, s.withState("groups.pendingCreate", m));
                try {
                    LinkedGroup g = f.org.createGroup(NewGroup.named("Cap Table"));
                    assertEquals("Cap Table", g.group().displayName());
                } catch (MsGraphException e) {
                    f.assertGoodError(e);
                } catch (RuntimeException raw) {
                    problems.add("marker of " + m.length() + " chars: raw " + raw);
                }
                long n = f.fake.directory().groups().stream().filter(g -> g.displayName().equals("Cap Table"))
                        .count();
                if (n > 1) {
                    problems.add("marker of " + m.length() + " chars: " + n + " groups");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theLargestRetryAfterOnReadsAndRemovalsIsNoRawException() {
        String v = "9223372036854775807";
        FaultRule[] rules = {
            FaultRule.on("GET", "/groups/*/members").scope(FaultRule.Scope.REQUESTS).status(429)
                    .header("Retry-After", v).times(2).build(),
            FaultRule.on("GET", "/users").scope(FaultRule.Scope.BATCH_ITEMS).status(429).header("Retry-After", v)
                    .times(2).build(),
            FaultRule.on("GET", "/users").scope(FaultRule.Scope.BATCH_ITEMS).status(503).header("Retry-After", v)
                    .times(2).build(),
        };
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rules.length + 1; i++) {
            try (A14 f = new A14(Hostility.DEFAULT, A14.FULL)) {
                f.users("p", 3);
                String c = f.user("c@acme.test");
                f.fake.directory().addMembers(f.groupId, c);
                f.team.set(A14.ORG, A14.teamOf("p", 3));
                try (MicrosoftIntegration m = f.builder().retries(4, Duration.ofMinutes(10)).build()) {
                    SyncPlan plan = null;
                    if (i < rules.length) {
                        f.fake.faults().add(rules[i]);
                    } else {
                        plan = m.organization(A14.ORG).planSync();
                        f.fake.faults().add(FaultRule.on("DELETE", "/groups/*/members/*/$ref")
                                .scope(FaultRule.Scope.BATCH_ITEMS).status(503).header("Retry-After", v).times(2)
                                .build());
                    }
                    if (plan == null) {
                        plan = m.organization(A14.ORG).planSync();
                    }
                    SyncResult r = m.organization(A14.ORG).applySync(plan);
                    f.assertResultTells(r);
                } catch (MsGraphException e) {
                    f.assertGoodError(e);
                } catch (RuntimeException raw) {
                    problems.add("case " + i + ": raw " + raw);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
