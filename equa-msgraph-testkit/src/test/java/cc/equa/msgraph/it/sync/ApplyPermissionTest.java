package cc.equa.msgraph.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeUser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 2: a plan the app lacks the permission to apply fails with {@link PermissionDeniedException} naming
 * the permission, after at most one write request; a 403 about one object (a guest the group's policy refuses) stays
 * a per-change result, as do other partial failures.
 */
class ApplyPermissionTest {

    @Test
    void readOnlyAppCannotApplyAndIsToldWhichPermissionToGrantBeforeAnyWrite() {
        try (SyncFixture f = new SyncFixture("Group.Read.All", "User.Read.All")) {
            String ann = f.user("ann@acme.test");
            f.user("bob@acme.test");
            f.team.set(SyncFixture.ORG, List.of(TeamMember.individual("t1", "Ann", "ann@acme.test"),
                    TeamMember.individual("t2", "Bob", "bob@acme.test")));
            SyncPlan plan = f.org.planSync();
            assertEquals(2, plan.additions().size());
            f.fake.journal().clear();

            PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                    () -> f.org.applySync(plan, ApplyOptions.defaults()));

            assertEquals(ErrorKind.PERMISSION, e.kind());
            assertEquals("GroupMember.ReadWrite.All", e.permissions().get(0));
            assertTrue(e.getMessage().contains("GroupMember.ReadWrite.All"), e.getMessage());
            assertTrue(f.fake.journal().writes().size() <= 1, "at most one write request: " + f.fake.journal().writes());
            assertEquals(List.of(), f.members());
            assertTrue(f.audit.events().stream().noneMatch(ev -> ev.action().startsWith("member.")),
                    "nothing was attempted for the other changes: " + f.audit.events());
            assertTrue(f.fake.directory().memberIds(f.groupId).stream().noneMatch(ann::equals));
        }
    }

    @Test
    void removalsWithoutWritePermissionFailTheSameWay() {
        try (SyncFixture f = new SyncFixture("Group.Read.All", "User.Read.All")) {
            String ann = f.user("ann@acme.test");
            f.fake.directory().addMembers(f.groupId, ann);
            SyncPlan plan = f.org.planRemoveMembers(List.of("ann@acme.test"));
            f.fake.journal().clear();

            PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> f.org.applySync(plan));

            assertTrue(e.permissions().contains("GroupMember.ReadWrite.All"), e.permissions().toString());
            assertTrue(f.fake.journal().writes().size() <= 1, f.fake.journal().writes().toString());
            assertEquals(List.of(ann), f.members());
        }
    }

    @Test
    void aGuestRefusedByTheGroupsPolicyIsAPerChangeResultNotAMissingPermission() {
        try (SyncFixture f = new SyncFixture()) {
            String gus = f.user(FakeUser.builder().mail("gus@partner.test").guest());
            SyncPlan plan = f.org.planAddMembers(List.of("gus@partner.test"));
            // refused after planning: a plan that reads the refusal up front skips the guest instead (issue 14)
            f.fake.directory().guestsAllowed(f.groupId, false);

            // Same status and code as a missing permission (403 Authorization_RequestDenied), but about one object.
            SyncResult result = f.org.applySync(plan, ApplyOptions.defaults());

            assertEquals(List.of(), f.members());
            ChangeResult guest = result.changes().stream().filter(r -> r.change().directoryObjectId().equals(gus))
                    .findFirst().orElseThrow();
            assertEquals(ChangeResult.Outcome.FAILED, guest.outcome());
            assertEquals(403, guest.httpStatusIfAny().orElse(0));
            assertTrue(guest.reasonIfAny().orElse("").contains("Guests users are not allowed"), guest.toString());
        }
    }
}
