package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4 (pacer learns from 429s): a few transient 429s that are not the app's quota (another app's burst,
 * a service hiccup) must not slow the rest of a large apply far below the quota Graph actually grants.
 */
class Attack14PacerLearningTest {

    private static long quota429s;

    private static Duration run(int spurious) {
        try (A14 f = new A14(Hostility.builder().decimalRetryAfter(true).build(), A14.FULL)) {
            f.fake.writeQuota(WriteQuota.of(300, Duration.ofSeconds(15)));
            int n = 4000;
            f.users("p", n);
            f.team.set(A14.ORG, A14.teamOf("p", n));
            try (MicrosoftIntegration m = f.builder().writeQuota(300, Duration.ofSeconds(15))
                    .retries(6, Duration.ofHours(1)).build()) {
                SyncPlan plan = m.organization(A14.ORG).planSync();
                if (spurious > 0) {
                    f.fake.faults().add(FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS)
                            .status(429).code("TooManyRequests").retryAfter(Duration.ofSeconds(2)).times(spurious)
                            .build());
                }
                Instant start = f.fake.clock().instant();
                SyncResult r = m.organization(A14.ORG).applySync(plan);
                assertTrue(r.isComplete(), r.render());
                quota429s = f.fake.journal().writes().stream().filter(c -> c.status() == 429 && c.fault().isEmpty())
                        .count();
                return Duration.between(start, f.fake.clock().instant());
            }
        }
    }

    @Test
    void aFewSpurious429sDoNotSlowTheRestOfALargeApply() {
        // 4,000 additions are 200 binds: within one 15-second window of the quota (300)
        Duration clean = run(0);
        Duration bumped = run(3);
        assertTrue(bumped.compareTo(clean.plusSeconds(60)) <= 0, "clean " + clean + "; after 3 transient 429s "
                + "(Retry-After 2 s) at the start: " + bumped + ", with " + quota429s + " quota 429s after them");
    }
}
