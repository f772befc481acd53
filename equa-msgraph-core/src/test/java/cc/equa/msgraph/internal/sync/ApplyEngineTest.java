package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ChangeResult.Outcome;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.internal.graph.BatchRunner;
import cc.equa.msgraph.internal.graph.Step;
import cc.equa.msgraph.internal.graph.StepResponse;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.graph.VirtualTime;
import cc.equa.msgraph.internal.graph.WritePacer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The write engine against an in-memory group behind the {@link GraphPort} seam. */
class ApplyEngineTest {

    /** A virtual clock advanced only by the sleeper. */
    /** An in-memory group implementing Graph's answers to the sync steps. */
    static final class FakeGroup implements GraphPort {
        final Set<String> members = new HashSet<>();
        final Set<String> owners = new HashSet<>();
        final Set<String> existingUsers = new HashSet<>();
        final List<List<Step>> batches = new ArrayList<>();
        final List<Instant> batchTimes = new ArrayList<>();
        final VirtualTime time;
        Function<Step, StepResponse> fault = s -> null;
        int memberReads;

        FakeGroup(VirtualTime time) {
            this.time = time;
        }

        @Override
        public GroupState readGroup(String groupId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<UserRecord> findUsers(List<String> filters, String operation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> memberIds(String groupId) {
            memberReads++;
            return Set.copyOf(members);
        }

        @Override
        public boolean groupExists(String groupId) {
            return true;
        }

        @Override
        public List<StepResponse> batch(List<Step> steps) {
            assertTrue(steps.size() <= 20, "batch of " + steps.size());
            batches.add(List.copyOf(steps));
            batchTimes.add(time.now);
            List<StepResponse> out = new ArrayList<>();
            for (Step s : steps) {
                StepResponse f = fault.apply(s);
                out.add(f != null ? f : answer(s));
            }
            return out;
        }

        StepResponse answer(Step s) {
            if (s instanceof Step.Bind b) {
                assertTrue(b.memberIds().size() <= 20);
                for (String id : b.memberIds()) {
                    if (!existingUsers.contains(id)) {
                        return new StepResponse(404, null, "rid", "Request_ResourceNotFound", "does not exist", null);
                    }
                    if (members.contains(id)) {
                        return new StepResponse(400, null, "rid", "Request_BadRequest",
                                "One or more added object references already exist", null);
                    }
                }
                members.addAll(b.memberIds());
                return new StepResponse(204, null, "rid-bind", null, null, null);
            }
            if (s instanceof Step.AddRef a) {
                if (!existingUsers.contains(a.memberId())) {
                    return new StepResponse(404, null, "rid-404", "Request_ResourceNotFound", "does not exist", null);
                }
                if (!members.add(a.memberId())) {
                    return new StepResponse(400, null, "rid", "Request_BadRequest", "already exist", null);
                }
                return new StepResponse(204, null, "rid-ref", null, null, null);
            }
            if (s instanceof Step.AddOwnerRef o) {
                if (!existingUsers.contains(o.ownerId())) {
                    return new StepResponse(404, null, "rid-404", "Request_ResourceNotFound", "does not exist", null);
                }
                if (!owners.add(o.ownerId())) {
                    return new StepResponse(400, null, "rid", "Request_BadRequest", "One or more added object "
                            + "references already exist for the following modified properties: 'owners'.", null);
                }
                return new StepResponse(204, null, "rid-owner", null, null, null);
            }
            Step.RemoveRef r = (Step.RemoveRef) s;
            return members.remove(r.memberId()) ? new StepResponse(204, null, "rid-del", null, null, null)
                    : new StepResponse(404, null, "rid", "Request_ResourceNotFound", "does not exist", null);
        }
    }

    static List<PlannedChange> adds(int n) {
        List<PlannedChange> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PlannedChange(PlannedChange.Action.ADD, "u" + i, "u" + i + "@contoso.com", "t" + i));
        }
        return out;
    }

    static Map<String, ChangeResult> run(FakeGroup g, VirtualTime t, WritePacer pacer,
            java.util.function.Consumer<ApplyEngine> body) {
        Map<String, ChangeResult> results = new LinkedHashMap<>();
        BatchRunner runner = new BatchRunner(g, t.calls(), pacer, 6, Duration.ofMinutes(10), "test");
        body.accept(new ApplyEngine(g, runner, "g", r -> results.put(r.change().directoryObjectId(), r)));
        return results;
    }

    static WritePacer roomy(VirtualTime t) {
        return new WritePacer(t, 3000, Duration.ofSeconds(150));
    }

    @Test
    void ownerAdditionsAreOneRefEachAndAlreadyAnOwnerOrAMissingUserIsReportedPerUser() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        List<PlannedChange> owners = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            owners.add(new PlannedChange(PlannedChange.Action.ADD_OWNER, "u" + i, "u" + i + "@contoso.com", "t" + i));
            g.existingUsers.add("u" + i);
        }
        g.owners.add("u3");
        g.existingUsers.remove("u7");
        Map<String, ChangeResult> results = run(g, t, roomy(t), e -> e.addOwners(owners));
        assertEquals(2, g.batches.size());
        assertTrue(g.batches.stream().flatMap(List::stream).allMatch(s -> s instanceof Step.AddOwnerRef));
        assertEquals(24, g.owners.size());
        assertEquals(Outcome.ALREADY_IN_STATE, results.get("u3").outcome());
        assertEquals("already an owner", results.get("u3").reason());
        assertEquals(Outcome.FAILED, results.get("u7").outcome());
        assertEquals(404, results.get("u7").httpStatus());
        assertEquals(23, results.values().stream().filter(r -> r.outcome() == Outcome.APPLIED).count());
        assertTrue(g.members.isEmpty(), "owner additions never touch the members");
    }

    @Test
    void thousandAdditionsTakeFiftyBindsInThreeBatches() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        List<PlannedChange> adds = adds(1000);
        adds.forEach(c -> g.existingUsers.add(c.directoryObjectId()));
        Map<String, ChangeResult> results = run(g, t, roomy(t), e -> e.add(adds));
        assertEquals(3, g.batches.size());
        assertEquals(50, g.batches.stream().mapToInt(List::size).sum());
        assertEquals(1000, g.members.size());
        assertTrue(results.values().stream().allMatch(r -> r.outcome() == Outcome.APPLIED));
        assertEquals("rid-bind", results.get("u7").requestId());
    }

    @Test
    void oneMissingUserDoesNotBlockNineteen() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        List<PlannedChange> adds = adds(20);
        adds.forEach(c -> g.existingUsers.add(c.directoryObjectId()));
        g.existingUsers.remove("u13");
        Map<String, ChangeResult> results = run(g, t, roomy(t), e -> e.add(adds));
        assertEquals(19, g.members.size());
        assertEquals(Outcome.FAILED, results.get("u13").outcome());
        assertEquals(404, results.get("u13").httpStatus());
        assertEquals("rid-404", results.get("u13").requestId());
        assertEquals(19, results.values().stream().filter(r -> r.outcome() == Outcome.APPLIED).count());
        long writes = g.batches.stream().mapToLong(List::size).sum();
        assertTrue(writes <= 12, "binary split should need few writes, took " + writes);
    }

    @Test
    void aOneMemberBindThatMeetsAReplicationNotFoundGetsTheSameSecondAttemptAsASplitBind() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        List<PlannedChange> adds = adds(21);
        adds.forEach(c -> g.existingUsers.add(c.directoryObjectId()));
        int[] notFound = {0};
        g.fault = s -> s instanceof Step.Bind b && b.memberIds().equals(List.of("u20")) && notFound[0]++ == 0
                ? new StepResponse(404, null, "rid", "Request_ResourceNotFound", "does not exist", null) : null;
        Map<String, ChangeResult> results = run(g, t, roomy(t), e -> e.add(adds));
        assertEquals(21, g.members.size());
        assertEquals(Outcome.APPLIED, results.get("u20").outcome());
        assertTrue(g.batches.get(1).get(0) instanceof Step.AddRef);

        FakeGroup gone = new FakeGroup(t);
        Map<String, ChangeResult> missing = run(gone, t, roomy(t), e -> e.add(adds(1)));
        assertEquals(Outcome.FAILED, missing.get("u0").outcome());
        assertEquals(2, gone.batches.size(), "one bind and one POST $ref, then it is reported");
    }

    @Test
    void alreadyExistingMembersAreResolvedByOneMembershipReadNotBySplitting() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        List<PlannedChange> adds = adds(40);
        adds.forEach(c -> g.existingUsers.add(c.directoryObjectId()));
        g.members.addAll(List.of("u0", "u5", "u21"));
        Map<String, ChangeResult> results = run(g, t, roomy(t), e -> e.add(adds));
        assertEquals(40, g.members.size());
        assertEquals(1, g.memberReads);
        assertEquals(Outcome.ALREADY_IN_STATE, results.get("u5").outcome());
        assertEquals(Outcome.ALREADY_IN_STATE, results.get("u21").outcome());
        assertEquals(37, results.values().stream().filter(r -> r.outcome() == Outcome.APPLIED).count());
        assertEquals(4, g.batches.stream().mapToLong(List::size).sum());
    }

    @Test
    void throttledItemsAreRetriedAfterTheLargestRetryAfterNeverEarlier() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        Map<String, Integer> throttles = new HashMap<>(Map.of("u1", 1, "u3", 1));
        g.fault = s -> {
            if (s instanceof Step.RemoveRef r && throttles.getOrDefault(r.memberId(), 0) > 0) {
                throttles.merge(r.memberId(), -1, Integer::sum);
                Duration ra = r.memberId().equals("u1") ? Duration.ofSeconds(3) : Duration.ofSeconds(7);
                return new StepResponse(429, ra, "rid-429", "TooManyRequests", "Please retry again later", null);
            }
            return null;
        };
        List<PlannedChange> removals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            g.members.add("u" + i);
            removals.add(new PlannedChange(PlannedChange.Action.REMOVE, "u" + i, "u" + i, null));
        }
        Map<String, ChangeResult> results = run(g, t, roomy(t), e -> e.remove(removals));
        assertEquals(2, g.batches.size());
        assertEquals(List.of(Duration.ofSeconds(7)), t.sleeps);
        assertEquals(Duration.ofSeconds(7), Duration.between(g.batchTimes.get(0), g.batchTimes.get(1)));
        assertEquals(2, g.batches.get(1).size());
        assertTrue(results.values().stream().allMatch(r -> r.outcome() == Outcome.APPLIED));
        assertTrue(g.members.isEmpty());
    }

    @Test
    void removingANonMemberCountsAsAlreadyDone() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        Map<String, ChangeResult> results = run(g, t, roomy(t), e -> e.remove(
                List.of(new PlannedChange(PlannedChange.Action.REMOVE, "gone", "gone@contoso.com", null))));
        assertEquals(Outcome.ALREADY_IN_STATE, results.get("gone").outcome());
    }

    @Test
    void writesArePacedToTheQuotaInsteadOfHittingThrottling() {
        VirtualTime t = new VirtualTime();
        FakeGroup g = new FakeGroup(t);
        WritePacer pacer = new WritePacer(t, 10, Duration.ofSeconds(10));
        List<PlannedChange> removals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            g.members.add("u" + i);
            removals.add(new PlannedChange(PlannedChange.Action.REMOVE, "u" + i, "u" + i, null));
        }
        run(g, t, pacer, e -> e.remove(removals));
        assertTrue(g.members.isEmpty());
        // 30 writes at 10 per 10 s from a full bucket of 10: the last write may go at t = 20 s, not earlier.
        Duration total = t.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertEquals(Duration.ofSeconds(20), total);
    }
}
