package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ChangeResult.Outcome;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.internal.graph.BatchRunner;
import cc.equa.msgraph.internal.graph.Step;
import cc.equa.msgraph.internal.graph.StepResponse;
import cc.equa.msgraph.internal.graph.WritePacer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Apply additions and removals to one group, idempotently: additions as {@code members@odata.bind} PATCHes of at
 * most 20 inside {@code $batch}es of 20; removals as {@code DELETE …/members/{id}/$ref} inside {@code $batch}es.
 *
 * <ul>
 *   <li>"already exist" on a bind: the membership is re-read once and the users already present count as already
 *       done; the rest are bound again. A bind that still fails is split in halves, down to single
 *       {@code POST members/$ref}, so one bad user does not block nineteen; a one-member bind that fails so is
 *       tried once more as a single {@code POST members/$ref} too, so every user gets the same two attempts.</li>
 *   <li>A guest refused by the group's guest policy (403 "Guests users are not allowed…") fails a whole bind: the
 *       bind is split like a 400/404 one, so the guest fails alone, with its own reason and remedy.</li>
 *   <li>Any other 403 on a bind: the permission reference lists only Group.ReadWrite.All for {@code PATCH
 *       /groups/{id}}, while {@code POST …/members/$ref} accepts GroupMember.ReadWrite.All (issue 14 item 3). The
 *       bind's users are sent again as single {@code $ref}s, and the app's pacer remembers it, so later applies in
 *       this runtime go straight to {@code $ref}. Only a 403 on a {@code $ref} means the permission is missing.</li>
 *   <li>404, or 400 "One or more removed object references do not exist…", on a removal counts as already done,
 *       after confirming the group itself exists.</li>
 *   <li>Throttling inside batches is handled by the {@link BatchRunner}.</li>
 * </ul>
 */
final class ApplyEngine {

    /** Why a guest was not added, and what to do; Graph's own code and message follow. */
    static final String GUEST_REFUSED = "not added: the group does not allow guests (the Microsoft 365 group "
            + "setting AllowToAddGuests is false for this group or the tenant); an administrator can allow guests "
            + "in the group's or the tenant's group settings, or the guest can be left out of the team";

    private final GraphPort port;
    private final BatchRunner runner;
    private final @Nullable WritePacer pacer;
    private final String groupId;
    private final Consumer<ChangeResult> settled;
    private @Nullable Boolean groupExists;
    private boolean bindsRefused;
    private boolean bindsProven;

    /**
     * Create an engine.
     *
     * @param port the Graph seam
     * @param runner the batch runner
     * @param groupId the group
     * @param settled called once per settled change
     */
    ApplyEngine(GraphPort port, BatchRunner runner, String groupId, Consumer<ChangeResult> settled) {
        this(port, runner, null, groupId, settled);
    }

    /**
     * Create an engine that shares what it learns about binds with the app's pacer.
     *
     * @param port the Graph seam
     * @param runner the batch runner
     * @param pacer the app's write pacer (remembers refused binds), or null
     * @param groupId the group
     * @param settled called once per settled change
     */
    ApplyEngine(GraphPort port, BatchRunner runner, @Nullable WritePacer pacer, String groupId,
            Consumer<ChangeResult> settled) {
        this.port = port;
        this.runner = runner;
        this.pacer = pacer;
        this.groupId = groupId;
        this.settled = settled;
        this.bindsRefused = pacer != null && pacer.bindsRefused();
    }

    /**
     * Make this engine add through single {@code POST members/$ref}s instead of binds (without telling the pacer):
     * for the apply's one-change permission probe, since a {@code $ref} is accepted with either permission Graph
     * may want for additions (issue 14 item 3), so its answer alone decides whether the app may write.
     *
     * @return this engine
     */
    ApplyEngine addingThroughRef() {
        bindsRefused = true;
        return this;
    }

    /**
     * Add users.
     *
     * @param additions the additions (distinct users)
     */
    void add(List<PlannedChange> additions) {
        List<Work> work = new ArrayList<>();
        if (bindsRefused) {
            for (PlannedChange c : additions) {
                work.add(new Work(List.of(c), false, true));
            }
        } else {
            for (List<PlannedChange> chunk : UserMatcher.chunks(additions, BatchRunner.MAX_BATCH)) {
                work.add(new Work(List.copyOf(chunk), false));
            }
        }
        while (!work.isEmpty()) {
            // Until a bind has gone through or been refused, send one $batch of binds first, so that a refusal costs
            // one batch of refused binds, not all of them.
            List<Work> later = List.of();
            if (!bindsRefused && !bindsProven && work.size() > BatchRunner.MAX_BATCH) {
                later = new ArrayList<>(work.subList(BatchRunner.MAX_BATCH, work.size()));
                work = new ArrayList<>(work.subList(0, BatchRunner.MAX_BATCH));
            }
            List<Step> steps = new ArrayList<>(work.size());
            for (Work w : work) {
                steps.add(w.step(groupId));
            }
            List<StepResponse> responses = runner.run(steps);
            List<Work> next = new ArrayList<>();
            List<Work> refresh = new ArrayList<>();
            for (int i = 0; i < work.size(); i++) {
                Work w = work.get(i);
                StepResponse r = responses.get(i);
                if (r.ok()) {
                    bindsProven |= w.isBind();
                    w.changes.forEach(c -> settle(c, Outcome.APPLIED, null, r));
                } else if (r.isAlreadyExists() && w.changes.size() == 1) {
                    settle(w.changes.get(0), Outcome.ALREADY_IN_STATE, "already a member", r);
                } else if (r.isAlreadyExists() && !w.refreshed) {
                    refresh.add(w);
                } else if (r.isGuestRefusal() && w.changes.size() == 1) {
                    settle(w.changes.get(0), Outcome.FAILED, GUEST_REFUSED + detail(r), r);
                } else if (r.status() == 403 && !r.isGuestRefusal() && w.isBind()) {
                    // the bind's permission, not the user's: the same users through $ref, and from now on for this app
                    refuseBinds();
                    w.changes.forEach(c -> next.add(new Work(List.of(c), w.refreshed, true)));
                } else if (w.changes.size() > 1 && splittable(r)) {
                    int half = (w.changes.size() + 1) / 2;
                    next.add(new Work(w.changes.subList(0, half), true));
                    next.add(new Work(w.changes.subList(half, w.changes.size()), true));
                } else if (!w.refreshed && splittable(r)) {
                    // A one-member bind gets the same second attempt (a single POST members/$ref) as each member of
                    // a split bind: a 404 may be a user not replicated yet.
                    next.add(new Work(w.changes, true));
                } else {
                    w.changes.forEach(c -> settle(c, Outcome.FAILED, addFailure(r), r));
                }
            }
            if (!refresh.isEmpty()) {
                Set<String> present = port.memberIds(groupId);
                List<PlannedChange> remaining = new ArrayList<>();
                for (Work w : refresh) {
                    for (PlannedChange c : w.changes) {
                        if (present.contains(c.directoryObjectId())) {
                            settle(c, Outcome.ALREADY_IN_STATE, "already a member", null);
                        } else {
                            remaining.add(c);
                        }
                    }
                }
                if (bindsRefused) {
                    remaining.forEach(c -> next.add(new Work(List.of(c), true, true)));
                } else {
                    for (List<PlannedChange> chunk : UserMatcher.chunks(remaining, BatchRunner.MAX_BATCH)) {
                        next.add(new Work(List.copyOf(chunk), true));
                    }
                }
            }
            for (Work w : later) {
                if (bindsRefused && w.isBind()) {
                    w.changes.forEach(c -> next.add(new Work(List.of(c), w.refreshed, true)));
                } else {
                    next.add(w);
                }
            }
            work = next;
        }
    }

    /**
     * Add users as owners, one {@code POST owners/$ref} each; "already exist" counts as done. Owners are never
     * removed.
     *
     * @param ownerAdditions the owner additions (distinct users)
     */
    void addOwners(List<PlannedChange> ownerAdditions) {
        List<Step> steps = new ArrayList<>(ownerAdditions.size());
        for (PlannedChange c : ownerAdditions) {
            steps.add(new Step.AddOwnerRef(groupId, c.directoryObjectId()));
        }
        List<StepResponse> responses = runner.run(steps);
        for (int i = 0; i < ownerAdditions.size(); i++) {
            PlannedChange c = ownerAdditions.get(i);
            StepResponse r = responses.get(i);
            if (r.ok()) {
                settle(c, Outcome.APPLIED, null, r);
            } else if (r.isAlreadyExists()) {
                settle(c, Outcome.ALREADY_IN_STATE, "already an owner", r);
            } else if (r.status() == 404) {
                settle(c, Outcome.FAILED, groupExists() ? "the user no longer exists" + detail(r)
                        : "the group no longer exists", r);
            } else if (r.status() == 403) {
                settle(c, Outcome.FAILED, "adding the owner failed: permission denied (adding owners needs "
                        + "Group.ReadWrite.All with admin consent; GroupMember.ReadWrite.All cannot change owners)"
                        + detail(r), r);
            } else {
                settle(c, Outcome.FAILED, describe(r, "adding the owner failed"), r);
            }
        }
    }

    /**
     * Remove members (membership only).
     *
     * @param removals the removals
     */
    void remove(List<PlannedChange> removals) {
        List<Step> steps = new ArrayList<>(removals.size());
        for (PlannedChange c : removals) {
            steps.add(new Step.RemoveRef(groupId, c.directoryObjectId()));
        }
        List<StepResponse> responses = runner.run(steps);
        for (int i = 0; i < removals.size(); i++) {
            PlannedChange c = removals.get(i);
            StepResponse r = responses.get(i);
            if (r.ok()) {
                settle(c, Outcome.APPLIED, null, r);
            } else if (r.status() == 404 || r.isRemovedReferenceMissing()) {
                if (groupExists()) {
                    settle(c, Outcome.ALREADY_IN_STATE, "not a member any more", r);
                } else {
                    settle(c, Outcome.FAILED, "the group no longer exists", r);
                }
            } else {
                settle(c, Outcome.FAILED, describe(r, "removing the member failed"), r);
            }
        }
    }

    private boolean groupExists() {
        if (groupExists == null) {
            groupExists = port.groupExists(groupId);
        }
        return groupExists;
    }

    private void refuseBinds() {
        bindsRefused = true;
        if (pacer != null) {
            pacer.refuseBinds();
        }
    }

    private static boolean splittable(StepResponse r) {
        return r.status() == 400 || r.status() == 404 || r.isGuestRefusal();
    }

    private static String addFailure(StepResponse r) {
        if (r.status() == 404) {
            return "the user no longer exists" + detail(r);
        }
        return describe(r, "adding the user failed");
    }

    private static String describe(StepResponse r, String what) {
        return switch (r.status()) {
            case 0 -> what + ": Microsoft Graph did not answer" + detail(r);
            case 403 -> what + ": permission denied (grant GroupMember.ReadWrite.All and admin consent)" + detail(r);
            case 429 -> what + ": Microsoft Graph kept throttling; run the sync again later";
            case 503, 504 -> what + ": Microsoft Graph was unavailable; run the sync again later";
            default -> what + detail(r);
        };
    }

    private static String detail(StepResponse r) {
        if (r.code() == null && r.message() == null) {
            return "";
        }
        String m = r.message() == null ? "" : r.message().replaceAll("[\\r\\n]+", " ");
        if (m.length() > 200) {
            m = m.substring(0, 200) + "…";
        }
        return " (" + (r.code() == null ? "" : r.code() + (m.isEmpty() ? "" : ": ")) + m + ")";
    }

    private void settle(PlannedChange c, Outcome outcome, @Nullable String reason, @Nullable StepResponse r) {
        Integer status = r == null || outcome != Outcome.FAILED || r.status() == 0 ? null : r.status();
        String code = r == null || outcome != Outcome.FAILED ? null : r.code();
        settled.accept(new ChangeResult(c, outcome, reason, status, code, r == null ? null : r.requestId()));
    }

    /**
     * Some users to add in one request: a bind, or a single {@code POST members/$ref} when {@code ref} (binds
     * refused) or when a one-user bind gets its second attempt ({@code refreshed}).
     */
    private record Work(List<PlannedChange> changes, boolean refreshed, boolean ref) {
        Work(List<PlannedChange> changes, boolean refreshed) {
            this(changes, refreshed, false);
        }

        boolean isBind() {
            return !(changes.size() == 1 && (refreshed || ref));
        }

        Step step(String groupId) {
            if (!isBind()) {
                return new Step.AddRef(groupId, changes.get(0).directoryObjectId());
            }
            return new Step.Bind(groupId, changes.stream().map(PlannedChange::directoryObjectId).toList());
        }
    }
}
