package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.internal.graph.BatchRunner;
import cc.equa.msgraph.internal.graph.StepResponse;
import cc.equa.msgraph.internal.graph.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule that tells a missing permission (the apply fails) from a refusal of one object (a per-change result). */
class WritePermissionTest {

    private static StepResponse answer(int status, String code, String message) {
        return new StepResponse(status, null, "req-1", code, message, null);
    }

    @Test
    void graphsPermissionAnswersAreMissingPermissions() {
        assertTrue(WritePermission.missingPermission(answer(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.")));
        assertTrue(WritePermission.missingPermission(answer(403, "AccessDenied",
                "Either scp or roles claim need to be present in the token.")));
    }

    @Test
    void aRefusalOfOneObjectIsNot() {
        assertFalse(WritePermission.missingPermission(answer(403, "Authorization_RequestDenied",
                "Guests users are not allowed to join this Unified Group due to policy setting.")));
        assertFalse(WritePermission.missingPermission(answer(403, "Directory_QuotaExceeded", "quota")));
        assertFalse(WritePermission.missingPermission(answer(400, "Request_BadRequest",
                "Insufficient privileges to complete the operation: role-assignable group")));
        assertFalse(WritePermission.missingPermission(answer(403, "Authorization_RequestDenied", null)));
    }

    @Test
    void readableRolesWithoutAWritePermissionFailBeforeAnyWrite() {
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> WritePermission
                .checkRoles(Optional.of(Set.of("Group.Read.All", "User.Read.All")), true, true, "Apply"));
        assertEquals("GroupMember.ReadWrite.All", e.permissions().get(0));
        assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
        PermissionDeniedException owners = assertThrows(PermissionDeniedException.class, () -> WritePermission
                .checkRoles(Optional.of(Set.of("GroupMember.ReadWrite.All")), false, true, "Apply"));
        assertEquals("Group.ReadWrite.All", owners.permissions().get(0));
    }

    @Test
    void partialPermissionUnreadableRolesAndNoWritesGoOn() {
        // members allowed, owners not: the members sync, the owner additions fail one by one
        assertDoesNotThrow(() -> WritePermission.checkRoles(Optional.of(Set.of("GroupMember.ReadWrite.All")), true,
                true, "Apply"));
        assertDoesNotThrow(() -> WritePermission.checkRoles(Optional.empty(), true, true, "Apply"));
        assertDoesNotThrow(() -> WritePermission.checkRoles(Optional.of(Set.of()), false, false, "Apply"));
    }

    /** Send the first change alone through the engine, against the in-memory group of the engine's tests. */
    private static List<ChangeResult> sendAlone(ApplyEngineTest.FakeGroup g, VirtualTime t, PlannedChange first) {
        List<ChangeResult> settled = new ArrayList<>();
        WritePermission.sendAlone(g, sender -> new BatchRunner(sender, t.calls(), ApplyEngineTest.roomy(t), 6,
                Duration.ofMinutes(10), "test"), "g", first, settled::add, "Apply");
        return settled;
    }

    @Test
    void unreadableRolesAndGraphsPermissionAnswerFailAfterOneWriteRequestSettlingNothing() {
        VirtualTime t = new VirtualTime();
        ApplyEngineTest.FakeGroup g = new ApplyEngineTest.FakeGroup(t);
        g.existingUsers.add("u0");
        g.fault = s -> answer(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        List<ChangeResult> settled = new ArrayList<>();

        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> settled.addAll(
                sendAlone(g, t, ApplyEngineTest.adds(1).get(0))));

        assertEquals(1, g.batches.size(), "one request");
        assertEquals(1, g.batches.get(0).size(), "holding one write");
        assertEquals(List.of(), settled);
        assertEquals("GroupMember.ReadWrite.All", e.permissions().get(0));
        assertEquals(403, e.httpStatus().orElse(0));
        assertEquals("req-1", e.requestId().orElse(null));
    }

    @Test
    void unreadableRolesAndARefusalOfOneObjectSettleThatChangeAsFailed() {
        VirtualTime t = new VirtualTime();
        ApplyEngineTest.FakeGroup g = new ApplyEngineTest.FakeGroup(t);
        g.existingUsers.add("u0");
        g.fault = s -> answer(403, "Authorization_RequestDenied",
                "Guests users are not allowed to join this Unified Group due to policy setting.");

        List<ChangeResult> settled = sendAlone(g, t, ApplyEngineTest.adds(1).get(0));

        assertEquals(1, settled.size());
        assertEquals(ChangeResult.Outcome.FAILED, settled.get(0).outcome());
        assertEquals(403, settled.get(0).httpStatusIfAny().orElse(0));
    }

    @Test
    void unreadableRolesAndASuccessSettleTheChangeAsApplied() {
        VirtualTime t = new VirtualTime();
        ApplyEngineTest.FakeGroup g = new ApplyEngineTest.FakeGroup(t);
        g.existingUsers.add("u0");

        List<ChangeResult> settled = sendAlone(g, t, ApplyEngineTest.adds(1).get(0));

        assertEquals(List.of(ChangeResult.Outcome.APPLIED), settled.stream().map(ChangeResult::outcome).toList());
        assertEquals(Set.of("u0"), g.members);
    }
}
