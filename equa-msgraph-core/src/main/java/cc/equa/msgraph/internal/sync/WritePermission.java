package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.Capability;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.internal.graph.BatchRunner;
import cc.equa.msgraph.internal.graph.BatchSender;
import cc.equa.msgraph.internal.graph.Step;
import cc.equa.msgraph.internal.graph.StepResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Whether the app may make a plan's writes at all, and whether a 403 on a write means the app lacks a permission or
 * is about that one object. The rule (the README's troubleshooting table and {@code applySync}'s Javadoc state it):
 *
 * <ul>
 *   <li>The token's {@code roles} are read first. When they are readable and carry none of the permissions that allow
 *       the plan's member changes ({@code GroupMember.ReadWrite.All}, {@code Group.ReadWrite.All},
 *       {@code Directory.ReadWrite.All}) — or, for a plan of owner additions only, none of {@code Group.ReadWrite.All},
 *       {@code Directory.ReadWrite.All} — the apply fails with {@link PermissionDeniedException} before any write.</li>
 *   <li>When the roles cannot be read (Microsoft does not promise readable Graph tokens), the first change is sent
 *       alone; if Graph answers it 403 with {@code AccessDenied}, or {@code Authorization_RequestDenied} "Insufficient
 *       privileges to complete the operation", the apply fails so, and nothing else is sent.</li>
 *   <li>Any other 403 — and any 403 when the roles carry a permission that allows the write — is about that object
 *       (a guest the group's policy refuses, a directory quota): the change is reported FAILED and the rest goes
 *       on. Owner additions without an owner permission, in a plan whose member changes are allowed, are such
 *       per-change failures too: the members still sync.</li>
 * </ul>
 */
final class WritePermission {

    /** Permissions any one of which allows adding and removing members. */
    static final List<String> MEMBERS = Capability.MANAGE_MEMBERSHIP.permissions();

    /** Permissions any one of which allows adding owners (GroupMember.ReadWrite.All cannot change owners). */
    static final List<String> OWNERS = List.of("Group.ReadWrite.All", "Directory.ReadWrite.All");

    private WritePermission() {
    }

    /**
     * Fail before any write when the token's roles are readable and allow none of the plan's writes.
     *
     * @param roles the token's roles, empty when unreadable
     * @param memberWrites whether members are to be added or removed
     * @param ownerWrites whether owners are to be added
     * @param operation what is being done
     * @throws PermissionDeniedException if the plan cannot be applied for lack of permission
     */
    static void checkRoles(Optional<Set<String>> roles, boolean memberWrites, boolean ownerWrites, String operation) {
        if (roles.isEmpty() || !(memberWrites || ownerWrites)) {
            return;
        }
        List<String> needed = memberWrites ? MEMBERS : OWNERS;
        if (needed.stream().noneMatch(roles.get()::contains)) {
            throw denied(needed, operation, "the app's access token carries none of " + String.join(", ", needed)
                    + ", which " + (memberWrites ? "adding and removing members" : "adding owners")
                    + " needs; nothing was sent", null);
        }
    }

    /**
     * Send one change alone (when the token's roles are unreadable) and settle it, unless Graph's answer says the app
     * lacks the permission: then the apply fails and nothing else is sent.
     *
     * @param port the Graph seam
     * @param runners makes the batch runner for a sender (the port, watched)
     * @param groupId the group
     * @param first the change
     * @param settle where the change's result goes
     * @param operation what is being done
     * @throws PermissionDeniedException if Graph refused the write for lack of permission
     */
    static void sendAlone(GraphPort port, Function<BatchSender, BatchRunner> runners, String groupId,
            PlannedChange first, Consumer<ChangeResult> settle, String operation) {
        List<StepResponse> answers = new ArrayList<>();
        BatchSender watching = new BatchSender() {
            @Override
            public List<StepResponse> batch(List<Step> steps) {
                List<StepResponse> r = port.batch(steps);
                answers.addAll(r);
                return r;
            }

            @Override
            public void renewToken(@Nullable String claims) {
                port.renewToken(claims);
            }
        };
        List<ChangeResult> results = new ArrayList<>();
        ApplyEngine engine = new ApplyEngine(port, runners.apply(watching), groupId, results::add).addingThroughRef();
        switch (first.action()) {
            case ADD -> engine.add(List.of(first));
            case REMOVE -> engine.remove(List.of(first));
            case ADD_OWNER -> engine.addOwners(List.of(first));
        }
        StepResponse last = answers.isEmpty() ? null : answers.get(answers.size() - 1);
        boolean failed = results.stream().anyMatch(r -> r.outcome() == ChangeResult.Outcome.FAILED);
        if (failed && last != null && missingPermission(last)) {
            List<String> needed = neededFor(first);
            throw denied(needed, operation, "Microsoft Graph refused the first write with HTTP 403 (" + last.code()
                    + "), so the app lacks " + String.join(" or ", needed) + "; nothing else was sent", last);
        }
        results.forEach(settle);
    }

    /**
     * Tell whether Graph's answer to a write says the app lacks a permission, rather than refusing this one object.
     *
     * @param r the final answer to the write
     * @return true for 403 {@code AccessDenied}, or 403 {@code Authorization_RequestDenied} "Insufficient privileges"
     */
    static boolean missingPermission(StepResponse r) {
        if (r.status() != 403) {
            return false;
        }
        return "AccessDenied".equals(r.code()) || ("Authorization_RequestDenied".equals(r.code())
                && r.message() != null && r.message().startsWith("Insufficient privileges"));
    }

    /**
     * Return the permissions a change needs.
     *
     * @param change the change
     * @return the permissions, least privileged first
     */
    static List<String> neededFor(PlannedChange change) {
        return change.action() == PlannedChange.Action.ADD_OWNER ? OWNERS : MEMBERS;
    }

    /**
     * Return the exception for a plan that cannot be applied for lack of permission.
     *
     * @param permissions the permissions any one of which would allow it
     * @param operation what is being done
     * @param reason why
     * @param refused Graph's refusal, or null when the token's roles told
     * @return the exception
     */
    static PermissionDeniedException denied(List<String> permissions, String operation, String reason,
            @Nullable StepResponse refused) {
        String grant = "Grant " + permissions.get(0) + (permissions.size() > 1 ? " (or "
                + String.join(", ", permissions.subList(1, permissions.size())) + ")" : "")
                + " as an application permission with admin consent, then apply again; nothing in the group changed.";
        Details details = Details.of(ErrorKind.PERMISSION, operation, "the plan cannot be applied: " + reason, grant);
        if (refused != null) {
            details = details.withHttp(403, refused.code(), refused.requestId());
        }
        return new PermissionDeniedException(permissions, details, null);
    }
}
