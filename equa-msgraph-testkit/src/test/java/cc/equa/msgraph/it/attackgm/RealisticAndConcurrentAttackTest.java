package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.Hostility;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** attackgm: guests under the realistic profile, and listener pairing under concurrent organizations. */
class RealisticAndConcurrentAttackTest {

    @Test
    void underTheRealisticProfileWithUnreadableSettingsTheGuestFailsAloneAndNineteenAreAdded() {
        for (long seed = 1; seed <= 3; seed++) {
            try (GmFixture f = new GmFixture(Hostility.realistic(seed), GmFixture.LEAST)) {
                List<String> ids = GuestFlaggingAttackTest.nineteenAndAGuest(f);
                String guest = GuestFlaggingAttackTest.guest(f);
                f.fake.advanceTime(java.time.Duration.ofMinutes(20));   // past any new-group invisibility

                SyncPlan plan = f.org.planSync();
                SyncResult result = f.org.applySync(plan);

                String what = "seed " + seed + ": " + result.render();
                assertEquals(19, result.applied() + result.alreadyInState(), what);
                assertEquals(1, result.failed(), what);
                ChangeResult failed = result.failures().get(0);
                assertEquals(guest, failed.change().directoryObjectId(), what);
                assertTrue(String.valueOf(failed.reason()).contains("does not allow guests"), what);
                f.fake.advanceTime(java.time.Duration.ofMinutes(1));      // past the read lag
                assertEquals(new HashSet<>(ids), new HashSet<>(f.members()), what);
            }
        }
    }

    /** Checks, per thread, that started and completed pair up with nothing in between, and waits pair up. */
    static final class PairingChecker implements GraphRequestListener {
        final ThreadLocal<Deque<String>> open = ThreadLocal.withInitial(ArrayDeque::new);
        final ThreadLocal<Deque<GraphWait>> waits = ThreadLocal.withInitial(ArrayDeque::new);
        final List<String> problems = new CopyOnWriteArrayList<>();
        final List<GraphRequestEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void requestStarted(String method, String resource) {
            if (!open.get().isEmpty()) {
                problems.add("nested start " + method + " " + resource + " inside " + open.get());
            }
            open.get().push(method + " " + resource);
        }

        @Override
        public void requestCompleted(GraphRequestEvent event) {
            events.add(event);
            if (event.kind() == GraphRequestEvent.Kind.REQUEST) {
                String started = open.get().poll();
                if (!(event.method() + " " + event.resource()).equals(started)) {
                    problems.add("completed " + event + " but started " + started);
                }
            }
        }

        @Override
        public void waitStarted(GraphWait wait) {
            waits.get().push(wait);
        }

        @Override
        public void waitEnded(GraphWait wait) {
            if (!wait.equals(waits.get().poll())) {
                problems.add("wait ended " + wait + " not started on this thread");
            }
        }
    }

    @Test
    void concurrentOrganizationsOnOneIntegrationKeepEachThreadsEventsPaired() throws Exception {
        PairingChecker checker = new PairingChecker();
        try (GmFixture f = new GmFixture(Hostility.builder().batchOuterFailure(0.3).decimalRetryAfter(true)
                .batchRetryAfterMissing(0.25).seed(5).build(), GmFixture.LEAST)) {
            f.fake.writeQuota(cc.equa.msgraph.testkit.WriteQuota.of(20, java.time.Duration.ofSeconds(10)));
            IntegrationSettings base = f.settings.load(GmFixture.ORG).orElseThrow();
            List<OrganizationId> orgs = new ArrayList<>();
            List<List<String>> wanted = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (int o = 0; o < 6; o++) {
                String group = f.fake.directory().addGroup("Board " + o).id();
                OrganizationId id = OrganizationId.of("org" + o);
                f.settings.save(id, base.withLinkedGroupId(group));
                List<TeamMember> team = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String mail = "o" + o + "p" + i + "@acme.test";
                    ids.add(f.user(mail));
                    team.add(TeamMember.individual("t" + i, "P", mail));
                }
                f.team.set(id, team);
                orgs.add(id);
                wanted.add(ids);
                groups.add(group);
            }
            try (MicrosoftIntegration microsoft = f.builder().requestListener(checker).build()) {
                ExecutorService pool = Executors.newFixedThreadPool(6);
                try {
                    List<Future<SyncResult>> results = new ArrayList<>();
                    for (OrganizationId id : orgs) {
                        results.add(pool.submit(() -> {
                            OrganizationIntegration org = microsoft.organization(id);
                            return org.applySync(org.planSync());
                        }));
                    }
                    for (Future<SyncResult> r : results) {
                        SyncResult result = r.get(120, TimeUnit.SECONDS);
                        assertTrue(result.isComplete(), result.render());
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            for (int o = 0; o < orgs.size(); o++) {
                assertEquals(new HashSet<>(wanted.get(o)), new HashSet<>(f.fake.directory().memberIds(groups.get(o))));
            }
        }
        assertEquals(List.of(), checker.problems);
        assertFalse(checker.events.isEmpty());
    }
}
