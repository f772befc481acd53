package cc.equa.msgraph.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.Sleeper;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import cc.equa.msgraph.testkit.ReplicationDelay;
import cc.equa.msgraph.testkit.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * Fault soak (issue #8 §1): seeded random fault schedules over plan + apply of a membership sync, on one fake tenant
 * with virtual time (Retry-After and backoff cost no real time), reset between schedules.
 *
 * <p>Each schedule draws, from its seed: the scenario (team size, how much of it is already in the group, leavers to
 * remove, case variants), whether the group is created through the library under a replication delay, and 1 to 4
 * fault rules among: 429 with Retry-After on batch items (binds, removals, user lookups) and on the outer
 * {@code $batch} and direct member reads; 503 with or without Retry-After; 504; dropped connections; a 404 on a bind
 * (a user not replicated yet); rarely a read timeout (real time: the integration's HTTP timeout is 2 s); and a second
 * writer that adds planned members and removes planned leavers behind the library's back during a Retry-After pause
 * or between settled changes, so binds meet "already exist" and removals meet 404.
 *
 * <p>Every schedule must end with the group exactly at the plan's target, without an exception, with no retry before
 * its Retry-After (checked per logical request by {@link JournalChecks}, and every fake violation explained), with no
 * retry chain longer than the configured retries + 1, and with no directory-object delete.
 *
 * <p>Sizes: every {@value #FULL_EVERY}th schedule (the first included) plans and applies a 2,000-member team; the
 * others a team of 10 to 60. {@code -Dreliability.schedules=N} changes the count, {@code -Dreliability.members=N}
 * makes every schedule N members, {@code -Dreliability.seed=S} reruns one schedule (the failing seed is printed).
 */
class ReliabilityFaultSoakTest {

    static final int FULL = 2000;
    static final int FULL_EVERY = 50;
    /**
     * Every {@value}th schedule (from the third: indexes 2, 6, 10…, so 50 of 200, two of them 2,000-member runs) runs
     * against the fake's realistic profile, {@code Hostility.realistic(seed)} (issue 14 item 10).
     */
    static final int REALISTIC_EVERY = 4;
    static final int MAX_RETRIES = 6;
    static final long BASE_SEED = Long.getLong("reliability.baseSeed", 20261127L);
    static final OrganizationId ORG = OrganizationId.of("soak-org");

    static FakeGraphTenant fake;
    static FakeApp app;
    /**
     * The least-privileged app of issue 14 item 3: GroupMember.ReadWrite.All may not bind under the realistic
     * profile's strict permission, so every other realistic schedule adds through {@code $ref} after one refusal.
     */
    static FakeApp memberApp;
    static InMemorySettingsStore settings = new InMemorySettingsStore();
    static InMemoryTeamDirectory team = new InMemoryTeamDirectory();
    static RecordingAuditSink audit = new RecordingAuditSink();
    static HookedSleeper sleeper;
    static MicrosoftIntegration microsoft;

    /** The fake's sleeper, with a hook that runs before a wait (the second writer's moment). */
    static final class HookedSleeper implements Sleeper {
        final Sleeper base;
        volatile @Nullable Runnable hook;

        HookedSleeper(Sleeper base) {
            this.base = base;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Runnable h = hook;
            if (h != null) {
                hook = null;
                h.run();
            }
            base.sleep(duration);
        }
    }

    @BeforeAll
    static void startFake() {
        fake = Fakes.start(FakeGraphTenant.builder().virtualTime());
        app = Fakes.app(fake, AppRegistration.builder()
                .roles("Group.ReadWrite.All", "GroupMember.ReadWrite.All", "User.Read.All").build());
        memberApp = Fakes.app(fake, AppRegistration.builder()
                .roles("GroupMember.ReadWrite.All", "Group.Create", "Group.Read.All", "User.Read.All").build());
        sleeper = new HookedSleeper(fake.sleeper());
        microsoft = Fakes.integration(fake).sleeper(sleeper).settings(settings).team(team).audit(audit)
                .httpTimeout(Duration.ofSeconds(2)).retries(MAX_RETRIES, Duration.ofMinutes(5)).build();
    }

    @AfterAll
    static void stopFake() {
        if (microsoft != null) {
            microsoft.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void everyFaultScheduleConvergesToThePlansTarget() {
        Long only = Long.getLong("reliability.seed");
        // -Dreliability.realistic=true|false forces the profile of every schedule (for a rerun of one seed)
        String forced = System.getProperty("reliability.realistic");
        int count = Integer.getInteger("reliability.schedules", 200);
        List<String> failures = new ArrayList<>();
        long members = 0;
        long start = System.nanoTime();
        List<Long> seeds = new ArrayList<>();
        List<String> siblingSeeds = new ArrayList<>();
        if (only != null) {
            seeds.add(only);
        } else {
            for (int i = 0; i < count; i++) {
                seeds.add(BASE_SEED + i);
            }
        }
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            int size = Integer.getInteger("reliability.members",
                    only == null && i % FULL_EVERY == 0 ? FULL : -1);
            boolean realistic = forced != null ? Boolean.parseBoolean(forced) : i % REALISTIC_EVERY == 2;
            Outcome o;
            long t0 = System.nanoTime();
            try {
                o = runSchedule(seed, size, realistic, realistic && i % (2 * REALISTIC_EVERY) == 2 + REALISTIC_EVERY);
                if (Boolean.getBoolean("reliability.verbose")) {
                    System.err.println("RELIABILITY schedule " + seed + " members=" + o.members + " ms="
                            + (System.nanoTime() - t0) / 1_000_000);
                }
            } catch (Throwable t) {
                if (t instanceof MsGraphException e && e.kind() == ErrorKind.STALE_PLAN) {
                    // nothing in a schedule changes the team or the link: a stale plan can only be spurious
                    Figures.add(Figures.STALE_PLANS, 1);
                }
                if (!(t instanceof MsGraphException)) {
                    // the README promises every failure reaching a caller is an MsGraphException
                    Figures.add(Figures.RAW_EXCEPTIONS, 1);
                }
                o = new Outcome(seed, 0, false, -1, List.of((t instanceof MsGraphException ? "unhandled " : "raw ")
                        + t), 0, 0, 0, "", 0);
                t.printStackTrace();
            }
            Figures.add(Figures.SCHEDULES, 1);
            members += o.members;
            if (o.converged) {
                Figures.add(Figures.CONVERGED, 1);
            }
            Figures.add(Figures.LOST_CHANGES, Math.max(0, o.lost));
            Figures.add(Figures.EARLY_RETRIES, o.problems.stream().filter(p -> p.startsWith("early")).count());
            Figures.add("fake_sibling_false_positives", o.siblings);
            Figures.add(Figures.SECOND_GROUPS, o.secondGroups);
            if (realistic) {
                // the realistic schedules' own figures (they are also counted in the totals above)
                Figures.add(Figures.REALISTIC, 1);
                Figures.add(Figures.REALISTIC + "_converged", o.converged ? 1 : 0);
                Figures.add(Figures.REALISTIC + "_lost_changes", Math.max(0, o.lost));
                Figures.add(Figures.REALISTIC + "_early_retries",
                        o.problems.stream().filter(p -> p.startsWith("early")).count());
            }
            Figures.add("throttled_responses", o.throttled);
            if (!o.problems.isEmpty() || !o.converged) {
                failures.add("seed " + seed + " (rerun: -Dreliability.seed=" + seed + (size > 0 ? " -Dreliability.members="
                        + size : "") + " -Dreliability.realistic=" + realistic + "): " + String.join("; ", o.problems));
            }
            if (o.siblings > 0) {
                siblingSeeds.add(seed + " " + o.siblingText);
            }
        }
        if (!siblingSeeds.isEmpty()) {
            // Not an early retry of the library: the fake keys its check on app+method+URL, so a sibling batch item
            // to the same URL after a throttled one is flagged. Reported to the fake's owner; listed, not hidden.
            System.err.println("RELIABILITY note: in " + siblingSeeds.size() + " schedules the fake flagged sibling"
                    + " batch items as early retries (same app+method+URL, different request); first: "
                    + siblingSeeds.get(0));
        }
        Figures.add(Figures.RAW_EXCEPTIONS, 0);
        Figures.add("soak_members_planned", members);
        Figures.add("soak_seconds", (System.nanoTime() - start) / 1_000_000_000L);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + seeds.size() + " schedules failed:\n" + String.join("\n",
                    failures.subList(0, Math.min(20, failures.size()))));
        }
        if (only == null) {
            assertTrue(seeds.size() >= 200 || count < 200, "at least 200 schedules");
        }
        assertEquals(0, Figures.get(Figures.RAW_EXCEPTIONS), "raw (non-MsGraphException) exceptions escaped");
    }

    /** $batch answers that are not the documented shape; none marks an unexecuted item as done. */
    static final String[] MALFORMED_BATCH = {
        "[]", "not json", "{\"responses\":{}}", "{\"responses\":[{\"status\":200}]}",
        "{\"responses\":[null,7,\"x\"]}", "{\"responses\":[{\"id\":\"1\",\"status\":\"ok\"}]}",
        "{\"responses\":[{\"id\":\"1\",\"status\":204},{\"id\":\"1\",\"status\":204}]}",
        "{\"responses\":[{\"id\":\"1\",\"status\":1e99}]}",
    };

    record Outcome(long seed, long members, boolean converged, int lost, List<String> problems, int siblings,
            int throttled, int longestChain, String siblingText, int secondGroups) {
    }

    /** One fault schedule: build the scenario and faults from the seed, plan, apply, check. */
    static Outcome runSchedule(long seed, int fixedSize, boolean realistic, boolean leastPrivilege) {
        Random rnd = new Random(seed);
        fake.reset();
        fake.hostility(realistic ? Hostility.realistic(seed) : Hostility.DEFAULT);
        Fakes.cleared(fake);
        fake.replicationDelay(ReplicationDelay.NONE);
        sleeper.hook = null;
        audit.clear();
        int size = fixedSize > 0 ? fixedSize : 10 + rnd.nextInt(51);
        List<String> problems = new ArrayList<>();

        // --- the directory: team users, a few strangers in the group (leavers), an owner
        List<String> emails = new ArrayList<>();
        Map<String, String> idByEmail = new HashMap<>();
        for (int i = 0; i < size; i++) {
            String e = "p" + i + "@soak.test";
            emails.add(e);
            idByEmail.put(e, fake.directory().addUser(e).id());
        }
        int leavers = rnd.nextInt(Math.max(2, size / 12));
        List<String> leaverIds = new ArrayList<>();
        for (int i = 0; i < leavers; i++) {
            leaverIds.add(fake.directory().addUser("gone" + i + "@soak.test").id());
        }
        double already = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 0.7;
        List<String> initial = new ArrayList<>(leaverIds);
        for (String e : emails) {
            if (rnd.nextDouble() < already) {
                initial.add(idByEmail.get(e));
            }
        }
        List<TeamMember> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String e = emails.get(i);
            String shown = rnd.nextInt(10) == 0 ? e.toUpperCase(Locale.ROOT) : rnd.nextInt(10) == 0 ? " " + e + " " : e;
            members.add(TeamMember.individual("m" + i, "Member " + i, shown));
        }
        team.set(ORG, members);

        // --- the group: seeded, or created through the library under a replication delay
        boolean create = rnd.nextInt(5) == 0;
        FakeApp caller = leastPrivilege ? memberApp : app;
        settings.save(ORG, IntegrationSettings.empty().withCredentials(
                new ClientSecretCredentials(caller.tenantId(), caller.clientId(), Secret.of(caller.clientSecret()))));
        OrganizationIntegration org = microsoft.organization(ORG);
        String groupId;
        Map<String, Duration> retryAfter = new HashMap<>();
        List<String> faultText = new ArrayList<>();
        if (create) {
            ReplicationDelay d = rnd.nextBoolean() ? ReplicationDelay.reads(1 + rnd.nextInt(4))
                    : ReplicationDelay.duration(Duration.ofSeconds(1 + rnd.nextInt(40)));
            fake.replicationDelay(d);
            faultText.add("replication " + d);
            // A user owner: fake.reset() empties the directory, the app's service principal included, so the
            // library could not make the app the owner (reported to the fake's owner).
            String owner = fake.directory().addUser("owner@soak.test").id();
            groupId = org.createGroup(NewGroup.named("Soak " + seed).mailNickname("soak" + seed).owners(owner))
                    .group().id();
            fake.replicationDelay(ReplicationDelay.NONE);
            if (realistic) {
                faultText.add("realistic profile" + (leastPrivilege ? ", GroupMember.ReadWrite.All only" : ""));
            }
        } else {
            groupId = fake.directory().addGroup("Soak " + seed).id();
            settings.update(ORG, s -> s.withLinkedGroupId(groupId));
            if (realistic) {
                faultText.add("realistic profile" + (leastPrivilege ? ", GroupMember.ReadWrite.All only" : ""));
            }
        }
        // a create that waited out replication must never have made a second group ("soak<seed>-2" or another)
        int secondGroups = (int) fake.directory().groups().stream()
                .filter(g -> g.displayName().startsWith("Soak " + seed) || g.mailNickname().startsWith("soak" + seed))
                .count() - 1;
        if (secondGroups != 0) {
            problems.add("groups for the schedule: " + (secondGroups + 1) + ", not one");
        }
        Set<String> before = new HashSet<>(fake.directory().memberIds(groupId));
        fake.directory().addMembers(groupId, initial);
        before.addAll(initial);

        // --- faults (a budget of at most 5 applications that can hit one request, below the 6 retries)
        int budget = 5;
        int rules = 1 + rnd.nextInt(4);
        boolean writer = rnd.nextInt(3) == 0;
        for (int r = 0; r < rules && budget > 0; r++) {
            int times = 1 + rnd.nextInt(Math.min(3, budget));
            budget -= times;
            int kind = rnd.nextInt(100);
            FaultRule rule;
            String[][] targets = {
                {"PATCH", "/groups/*"}, {"DELETE", "/groups/*/members/*/$ref"}, {"GET", "/users"},
                {"POST", "/groups/*/members/$ref"}};
            if (kind < 30) { // 429 inside $batch
                String[] t = targets[rnd.nextInt(3)];
                Duration ra = retryAfter.computeIfAbsent(t[1], k -> Duration.ofSeconds(1 + rnd.nextInt(30)));
                rule = FaultRule.on(t[0], t[1]).scope(FaultRule.Scope.BATCH_ITEMS).status(429).retryAfter(ra)
                        .skip(rnd.nextInt(8)).times(times).build();
            } else if (kind < 45) { // 429 outside $batch: the batch itself, or a direct member read
                boolean batch = rnd.nextBoolean();
                String path = batch ? "/$batch" : "/groups/*/members";
                Duration ra = retryAfter.computeIfAbsent(path, k -> Duration.ofSeconds(1 + rnd.nextInt(30)));
                rule = FaultRule.on(batch ? "POST" : "GET", path).scope(FaultRule.Scope.REQUESTS).status(429)
                        .retryAfter(ra).skip(rnd.nextInt(batch ? 6 : 2)).times(times).build();
            } else if (kind < 60) { // 503 with Retry-After, or 504 without, inside or outside
                boolean inside = rnd.nextBoolean();
                String[] t = inside ? targets[rnd.nextInt(3)] : new String[] {"POST", "/$batch"};
                boolean with = rnd.nextBoolean();
                FaultRule.Builder b = FaultRule.on(t[0], t[1]).scope(inside ? FaultRule.Scope.BATCH_ITEMS
                        : FaultRule.Scope.REQUESTS).status(with ? 503 : 504).skip(rnd.nextInt(6)).times(times);
                if (with) {
                    b.retryAfter(retryAfter.computeIfAbsent("503 " + t[1], k -> Duration.ofSeconds(1 + rnd.nextInt(10))));
                }
                rule = b.build();
                if (with) {
                    // keyed by status too: the fault text names the pattern, the status tells which map entry
                    retryAfter.put(t[1] + "#503", retryAfter.get("503 " + t[1]));
                }
            } else if (kind < 75) { // dropped connection
                boolean batch = rnd.nextBoolean();
                rule = FaultRule.on(batch ? "POST" : "GET", batch ? "/$batch" : "/groups/*/members")
                        .scope(FaultRule.Scope.REQUESTS).disconnect().skip(rnd.nextInt(batch ? 6 : 2)).times(times)
                        .build();
            } else if (kind < 85) { // a bind meets a user not replicated yet: 404 once
                rule = FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(404)
                        .code("Request_ResourceNotFound").message("Resource '" + java.util.UUID.randomUUID()
                                + "' does not exist or one of its queried reference-property objects are not present.")
                        .skip(rnd.nextInt(4)).times(1).build();
            } else if (kind < 88) { // read timeout (real time: 2 s)
                boolean batch = rnd.nextBoolean();
                rule = FaultRule.on(batch ? "POST" : "GET", batch ? "/$batch" : "/groups/*/members")
                        .scope(FaultRule.Scope.REQUESTS).noResponse().skip(rnd.nextInt(3)).times(1).build();
            } else { // a second writer, plus a throttled bind to give it a pause to act in
                writer = true;
                Duration ra = retryAfter.computeIfAbsent("/groups/*", k -> Duration.ofSeconds(1 + rnd.nextInt(30)));
                rule = FaultRule.on("PATCH", "/groups/*").scope(FaultRule.Scope.BATCH_ITEMS).status(429)
                        .retryAfter(ra).times(times).build();
            }
            fake.faults().add(rule);
            faultText.add(rule.action() + " " + rule.status() + " " + rule.method() + " " + rule.pathPattern()
                    + " " + rule.scope() + " skip=" + rule.skip() + " times=" + rule.times()
                    + rule.retryAfter().map(d -> " ra=" + d.toSeconds()).orElse(""));
        }

        // --- malformed Graph bodies (drawn from a separate stream, so the schedules above stay as they were): a
        // $batch answer that is not the documented shape, or a member page that is not JSON; each must be retried
        // like a lost answer, never surface as a raw exception. None claims success for an item it did not execute.
        Random m = new Random(seed * 17 + 3);
        if (budget > 0 && m.nextInt(4) == 0) {
            int times = 1 + m.nextInt(Math.min(2, budget));
            budget -= times;
            FaultRule rule;
            if (m.nextBoolean()) {
                String body = MALFORMED_BATCH[m.nextInt(MALFORMED_BATCH.length)];
                rule = FaultRule.on("POST", "/$batch").scope(FaultRule.Scope.REQUESTS).status(200)
                        .body("application/json", body).skip(m.nextInt(4)).times(times).build();
            } else {
                String body = m.nextBoolean() ? "{\"value\":[{\"id\":" : "<html><body>OK</body></html>";
                rule = FaultRule.on("GET", "/groups/*/members").scope(FaultRule.Scope.REQUESTS).status(200)
                        .body(body.startsWith("<") ? "text/html" : "application/json", body).skip(m.nextInt(2))
                        .times(times).build();
            }
            fake.faults().add(rule);
            faultText.add("malformed body " + rule.method() + " " + rule.pathPattern() + " skip=" + rule.skip()
                    + " times=" + rule.times() + ": " + rule.body().orElse(""));
        }

        // --- plan
        SyncPlan plan = org.planSync();
        Set<String> target = new HashSet<>(before);
        plan.removals().forEach(c -> target.remove(c.directoryObjectId()));
        plan.additions().forEach(c -> target.add(c.directoryObjectId()));
        Set<String> expected = new HashSet<>(idByEmail.values());
        if (!target.equals(expected)) {
            problems.add("the plan's target is not the team (" + plan.additions().size() + " additions, "
                    + plan.removals().size() + " removals, skipped " + plan.skipped().size() + ")");
        }

        // --- the second writer: does part of the plan behind the library's back
        Random w = new Random(seed * 31 + 7);
        List<String> pendingAdds = plan.additions().stream().map(PlannedChange::directoryObjectId)
                .collect(Collectors.toCollection(ArrayList::new));
        List<String> pendingRemoves = plan.removals().stream().map(PlannedChange::directoryObjectId)
                .collect(Collectors.toCollection(ArrayList::new));
        Runnable secondWriter = () -> {
            Set<String> now = new HashSet<>(fake.directory().memberIds(groupId));
            List<String> adds = pendingAdds.stream().filter(id -> !now.contains(id) && w.nextInt(3) == 0).toList();
            fake.directory().addMembers(groupId, adds);
            for (String id : pendingRemoves) {
                if (now.contains(id) && w.nextInt(3) == 0) {
                    fake.directory().removeMember(groupId, id);
                }
            }
        };
        int total = plan.changes().size();
        int at = total == 0 ? 0 : 1 + w.nextInt(total);
        ApplyOptions.Builder options = ApplyOptions.builder().allowMassRemoval(true).actor("soak");
        if (writer) {
            faultText.add("second writer");
            sleeper.hook = secondWriter;
            options.progress((result, completed, all) -> {
                if (completed == at) {
                    secondWriter.run();
                }
            });
        }

        // --- apply
        SyncResult result = org.applySync(plan, options.build());
        sleeper.hook = null;
        fake.faults().clear();

        // --- realistic profile (issue 14 item 5): right after the apply, while its own writes are still inside the
        // read lag, a re-plan neither re-adds nor re-removes, and applying it is not refused as stale (a stale plan
        // escapes as STALE_PLAN and is counted by the caller)
        if (realistic) {
            SyncPlan again = org.planSync();
            Figures.add(Figures.REALISTIC + "_replans", 1);
            if (again.hasChanges()) {
                Figures.add(Figures.SPURIOUS_REPLANS, 1);
                problems.add("re-plan right after the apply is not empty: " + again.additions().size()
                        + " additions, " + again.removals().size() + " removals");
            }
            SyncResult second = org.applySync(again, ApplyOptions.builder().allowMassRemoval(true).actor("soak")
                    .build());
            if (!second.isComplete() || second.applied() != 0) {
                problems.add("applying the re-plan: " + second.render());
            }
        }

        // --- checks
        Set<String> after = new HashSet<>(fake.directory().memberIds(groupId));
        int lost = 0;
        for (PlannedChange c : plan.additions()) {
            lost += after.contains(c.directoryObjectId()) ? 0 : 1;
        }
        for (PlannedChange c : plan.removals()) {
            lost += after.contains(c.directoryObjectId()) ? 1 : 0;
        }
        Set<String> removedWithoutPlan = new LinkedHashSet<>(before);
        removedWithoutPlan.removeAll(after);
        plan.removals().forEach(c -> removedWithoutPlan.remove(c.directoryObjectId()));
        if (!removedWithoutPlan.isEmpty()) {
            problems.add(removedWithoutPlan.size() + " members removed that the plan did not remove");
        }
        boolean converged = after.equals(target) && result.isComplete() && lost == 0;
        if (!converged) {
            problems.add("not converged: lost=" + lost + ", failed=" + result.failed() + " "
                    + result.failures().stream().limit(3).map(f -> f.outcome() + " " + f.reasonIfAny().orElse(""))
                            .toList());
        }
        List<RecordedCall> calls = fake.journal().calls();
        if (realistic) {
            // evidence that the profile was met, not only switched on
            Figures.add("realistic_least_privilege", leastPrivilege ? 1 : 0);
            Figures.add("realistic_removals_answered_400", calls.stream().filter(c -> c.method().equals("DELETE")
                    && c.path().endsWith("/$ref") && c.status() == 400).count());
            Figures.add("realistic_batch_envelopes_not_200", calls.stream().filter(c -> c.path().endsWith("/$batch")
                    && c.fault().isEmpty() && c.status() != 200 && c.status() > 0).count());
            Figures.add("realistic_binds_refused", calls.stream().filter(c -> c.method().equals("PATCH")
                    && c.status() == 403).count());
            Figures.add("realistic_new_group_reads_404", calls.stream().filter(c -> c.method().equals("GET")
                    && c.path().startsWith("/v1.0/groups/") && c.status() == 404).count());
        }
        List<Violation> violations = fake.violations();
        JournalChecks.Report report = JournalChecks.check(calls, violations, c -> retryAfterOf(c, retryAfter));
        report.early().forEach(e -> problems.add("early retry: " + e));
        if (report.longestRetryChain() > MAX_RETRIES + 1) {
            problems.add("unbounded retries: " + report.longestRetryChain() + " attempts of "
                    + report.longestChainAt());
        }
        violations.stream().filter(v -> v.kind() == Violation.Kind.DIRECTORY_OBJECT_DELETE)
                .forEach(v -> problems.add("directory-object delete " + v.path()));
        Fakes.inspect(fake).forEach(p -> problems.add("journal: " + p));
        if (!problems.isEmpty()) {
            problems.add("faults: " + faultText);
        }
        return new Outcome(seed, size, converged, lost, problems, report.siblingFalsePositives(),
                report.throttled(), report.longestRetryChain(), report.siblings().toString(), Math.max(0, secondGroups));
    }

    /** The Retry-After a faulted call was told: from the rule that produced it (its pattern is in the fault text). */
    static Optional<Duration> retryAfterOf(RecordedCall c, Map<String, Duration> retryAfter) {
        String f = c.fault().orElse(null);
        if (f == null) {
            return Optional.empty();
        }
        if (f.startsWith("status 429 (") && f.endsWith(")")) {
            return Optional.ofNullable(retryAfter.get(f.substring("status 429 (".length(), f.length() - 1)));
        }
        if (f.startsWith("status 503 (") && f.endsWith(")")) {
            return Optional.ofNullable(retryAfter.get(f.substring("status 503 (".length(), f.length() - 1) + "#503"));
        }
        if (f.startsWith("throttled")) {
            throw new IllegalStateException("write-quota throttling is not expected in the soak: " + f);
        }
        return Optional.empty();
    }
}
