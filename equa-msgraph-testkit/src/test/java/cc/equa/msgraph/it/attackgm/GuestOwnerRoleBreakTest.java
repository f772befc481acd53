package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.InvitationStatus;
import cc.equa.msgraph.spi.MemberKind;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** attackgm, part A, a break: a guest skipped as member is still planned as owner. */
class GuestOwnerRoleBreakTest {

    private static final Hostility NO_GUESTS = Hostility.builder().guestsAllowed(false).build();

    @Test
    void aGuestHoldingAnOwnerRoleIsNeitherAddedNorMadeOwnerWhenTheGroupRefusesGuests() {
        try (GmFixture f = new GmFixture(NO_GUESTS, "GroupMember.ReadWrite.All", "Group.ReadWrite.All",
                "User.Read.All", "GroupSettings.Read.All")) {
            String ann = f.user("ann@acme.test");
            String guest = GuestFlaggingAttackTest.guest(f);
            f.team.set(GmFixture.ORG, List.of(
                    new TeamMember("a", MemberKind.INDIVIDUAL, "Ann", "ann@acme.test", null, Set.of("admin"),
                            InvitationStatus.JOINED),
                    new TeamMember("g", MemberKind.INDIVIDUAL, "Gwen Guest", GuestFlaggingAttackTest.GUEST_MAIL, null, Set.of("admin"),
                            InvitationStatus.JOINED)));

            SyncPlan plan = f.org.planSync(SyncOptions.builder().ownerRoles(List.of("admin")).build());

            SyncResult result = f.org.applySync(plan);
            boolean guestOwner = f.fake.directory().owners(f.groupId).stream().anyMatch(o -> o.id().equals(guest));
            org.junit.jupiter.api.Assertions.assertAll(
                    () -> assertEquals(1, GuestFlaggingAttackTest.guestSkips(plan).size(), plan.render()),
                    () -> assertTrue(plan.ownerAdditions().stream().noneMatch(c -> c.directoryObjectId().equals(guest)),
                            "a guest the group refuses is not planned as owner either: " + plan.render()),
                    () -> assertEquals(0, result.failed(), result.render()),
                    () -> assertEquals(List.of(ann), f.members()),
                    () -> assertFalse(guestOwner, "the refused guest became an owner: " + result.render()));
        }
    }

}
