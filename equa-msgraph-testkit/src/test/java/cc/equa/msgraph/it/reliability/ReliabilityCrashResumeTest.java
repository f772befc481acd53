package cc.equa.msgraph.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.AuditSink;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash and resume (issue #8 §2): an apply is interrupted at a random settled change — by an {@link Error} thrown
 * from the progress listener or from the audit sink (a {@code RuntimeException} there is logged and ignored by
 * design, so an {@code Error} is what really escapes), or by interrupting the applying thread. Afterwards nothing
 * the plan did not remove is gone; planning again removes nothing new, and applying that plan reaches the target.
 */
class ReliabilityCrashResumeTest {

    static final OrganizationId ORG = OrganizationId.of("crash-org");
    static final int TRIALS = Integer.getInteger("reliability.crashes", 24);

    static FakeGraphTenant fake;
    static FakeApp app;
    static final InMemorySettingsStore settings = new InMemorySettingsStore();
    static final InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    static final CrashingAudit audit = new CrashingAudit();
    static MicrosoftIntegration microsoft;

    /** A simulated process crash. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String message) {
            super(message);
        }
    }

    /** An audit sink that crashes at its k-th event. */
    static final class CrashingAudit implements AuditSink {
        final AtomicInteger events = new AtomicInteger();
        volatile int crashAt = -1;

        @Override
        public void record(AuditEvent event) {
            if (events.incrementAndGet() == crashAt) {
                throw new Crash("audit sink crashed at event " + crashAt);
            }
        }
    }

    @BeforeAll
    static void start() {
        fake = Fakes.start(FakeGraphTenant.builder().virtualTime());
        app = Fakes.app(fake, AppRegistration.builder()
                .roles("GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All").build());
        microsoft = Fakes.integration(fake).settings(settings).team(team).audit(audit).build();
    }

    @AfterAll
    static void stop() {
        microsoft.close();
        fake.close();
    }

    @Test
    void anApplyCrashedAtAnyPointRemovesNothingUnplannedAndAResumedSyncConverges() {
        List<String> failures = new ArrayList<>();
        int crashed = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = 8_000L + trial;
            try {
                crashed += trial(seed) ? 1 : 0;
            } catch (Throwable t) {
                failures.add("seed " + seed + ": " + t);
            }
        }
        Figures.add("crash_trials", TRIALS);
        Figures.add("crash_trials_interrupted", crashed);
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
        assertTrue(crashed >= TRIALS / 2, "most trials must really interrupt the apply, got " + crashed);
    }

    /** Run one trial; return whether the apply was really interrupted. */
    static boolean trial(long seed) {
        Random rnd = new Random(seed);
        Fakes.inspect(fake);
        fake.reset();
        Fakes.cleared(fake);
        audit.crashAt = -1;
        int size = 60 + rnd.nextInt(100);
        List<TeamMember> members = new ArrayList<>();
        Set<String> teamIds = new HashSet<>();
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = fake.directory().addUser("c" + i + "@crash.test").id();
            members.add(TeamMember.individual("m" + i, "M " + i, "c" + i + "@crash.test"));
            teamIds.add(id);
            if (rnd.nextInt(3) == 0) {
                initial.add(id);
            }
        }
        for (int i = 0; i < 5 + rnd.nextInt(20); i++) {
            initial.add(fake.directory().addUser("leaver" + i + "@crash.test").id());
        }
        String groupId = fake.directory().addGroup("Crash " + seed).id();
        fake.directory().addMembers(groupId, initial);
        team.set(ORG, members);
        settings.save(ORG, IntegrationSettings.empty().withCredentials(new ClientSecretCredentials(app.tenantId(),
                app.clientId(), Secret.of(app.clientSecret()))).withLinkedGroupId(groupId));
        if (rnd.nextBoolean()) { // some throttling, so an interrupt can land in a Retry-After pause
            fake.faults().add(FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(429)
                    .retryAfter(Duration.ofSeconds(3)).skip(rnd.nextInt(4)).times(1).build());
        }
        OrganizationIntegration org = microsoft.organization(ORG);
        Set<String> before = new HashSet<>(fake.directory().memberIds(groupId));
        SyncPlan plan = org.planSync();
        Set<String> planned = plan.removals().stream().map(PlannedChange::directoryObjectId)
                .collect(Collectors.toSet());
        int total = plan.changes().size();
        int k = 1 + rnd.nextInt(Math.max(1, total));
        int how = rnd.nextInt(3);
        IntConsumer atChange = switch (how) {
            case 0 -> c -> {
                if (c == k) {
                    throw new Crash("progress listener crashed at change " + k);
                }
            };
            case 1 -> c -> {
                if (c == k) {
                    Thread.currentThread().interrupt();
                }
            };
            default -> c -> { };
        };
        if (how == 2) {
            audit.events.set(0);
            audit.crashAt = k;
        }
        boolean interrupted = false;
        try {
            SyncResult r = microsoft.organization(ORG).applySync(plan, ApplyOptions.builder().allowMassRemoval(true)
                    .progress((result, completed, all) -> atChange.accept(completed)).build());
            interrupted = r.changes().size() != total || !r.isComplete();
        } catch (Crash | RuntimeException e) {
            interrupted = true;
        } finally {
            boolean flag = Thread.interrupted();
            interrupted |= flag && how == 1 && k < total;
            audit.crashAt = -1;
            fake.faults().clear();
        }
        Set<String> after = new HashSet<>(fake.directory().memberIds(groupId));
        Set<String> gone = new HashSet<>(before);
        gone.removeAll(after);
        gone.removeAll(planned);
        assertEquals(Set.of(), gone, "removed without being planned (how=" + how + ", k=" + k + ")");

        SyncPlan resume = org.planSync();
        Set<String> resumeRemovals = resume.removals().stream().map(PlannedChange::directoryObjectId)
                .collect(Collectors.toSet());
        assertTrue(planned.containsAll(resumeRemovals), "the resumed plan removes something new: " + resumeRemovals);
        SyncResult done = org.applySync(resume, ApplyOptions.builder().allowMassRemoval(true).build());
        assertTrue(done.isComplete(), done.render());
        assertEquals(teamIds, new HashSet<>(fake.directory().memberIds(groupId)), "converged to the team");
        assertTrue(org.planSync().changes().isEmpty(), "nothing left to do");
        JournalChecks.Report retries = JournalChecks.check(fake.journal().calls(), fake.violations(),
                c -> c.fault().filter(f -> f.equals("status 429 (/groups/*)")).map(f -> Duration.ofSeconds(3)));
        assertEquals(List.of(), retries.early(), "early retries (the fake's sibling false positives excluded: "
                + retries.siblings() + ")");
        Figures.add("fake_sibling_false_positives", retries.siblingFalsePositives());
        return interrupted;
    }
}
