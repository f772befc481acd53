package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.WriteQuota;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Graph's write quota is per app and tenant: two organizations of one runtime sharing an app share it. */
class Attack14SharedQuotaTest {

    @Test
    void twoOrganizationsOnOneAppSyncingAtOnceStayUnderOnePercent429s() throws Exception {
        try (A14 f = new A14(Hostility.builder().membersPerWrite(3).decimalRetryAfter(true).seed(4).build(),
                A14.FULL)) {
            f.fake.writeQuota(WriteQuota.of(300, Duration.ofSeconds(15)));
            int n = 2000;
            f.users("p", n);
            String second = f.fake.directory().addGroup("Acme Holdings").id();
            OrganizationId holdings = OrganizationId.of("acme-holdings");
            f.settings.save(holdings, IntegrationSettings.empty()
                    .withCredentials(new ClientSecretCredentials(f.app.tenantId(), f.app.clientId(),
                            Secret.of(f.app.clientSecret())))
                    .withLinkedGroupId(second));
            f.team.set(A14.ORG, A14.teamOf("p", n));
            f.team.set(holdings, A14.teamOf("p", n));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (MicrosoftIntegration m = f.builder().writeQuota(300, Duration.ofSeconds(15))
                    .retries(6, Duration.ofHours(1)).build()) {
                OrganizationIntegration a = m.organization(A14.ORG);
                OrganizationIntegration b = m.organization(holdings);
                SyncPlan pa = a.planSync();
                SyncPlan pb = b.planSync();
                f.fake.journal().clear();
                Future<SyncResult> ra = pool.submit(() -> a.applySync(pa));
                Future<SyncResult> rb = pool.submit(() -> b.applySync(pb));
                assertTrue(ra.get().isComplete(), ra.get().render());
                assertTrue(rb.get().isComplete(), rb.get().render());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(n, f.fake.directory().memberIds(f.groupId).size());
            assertEquals(n, f.fake.directory().memberIds(second).size());
            List<RecordedCall> writes = f.fake.journal().writes();
            long throttled = writes.stream().filter(c -> c.status() == 429).count();
            assertTrue(throttled * 100 <= writes.size(), throttled + " of " + writes.size()
                    + " write requests throttled");
            assertEquals(List.of(), f.fake.violations());
        }
    }
}
