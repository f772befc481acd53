package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14 item 8 across runtimes: 24-hour tokens minted before admin consent was granted. */
class Attack14ConsentNodesTest {

    @Test
    void onceConsentIsGrantedAndTheConnectionTestPassesThisRuntimePlansAgain() {
        try (A14 f = new A14(Hostility.builder().rolelessAccessDenied(true).tokenLifetime(Duration.ofHours(24))
                .build(), A14.LEAST)) {
            f.fake.adminConsent(f.app, false);
            f.user("ann@acme.test");
            f.team.set(A14.ORG, List.of(TeamMember.individual("a", "Ann", "ann@acme.test")));
            assertThrows(PermissionDeniedException.class, () -> f.org.planSync());
            f.fake.adminConsent(f.app, true);
            ConnectionReport r = f.org.testConnection();
            assertTrue(r.passed(), r.render());
            SyncPlan plan = f.org.planSync();
            assertTrue(f.org.applySync(plan).isComplete());
        }
    }
}
