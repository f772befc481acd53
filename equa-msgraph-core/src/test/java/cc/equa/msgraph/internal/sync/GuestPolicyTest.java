package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import cc.equa.msgraph.SkipReason;
import cc.equa.msgraph.SkippedMember;
import cc.equa.msgraph.SyncOptions;
import cc.equa.msgraph.internal.graph.GuestSettings;
import cc.equa.msgraph.internal.graph.Step;
import cc.equa.msgraph.internal.graph.StepResponse;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.plan.PlanContent;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link GuestPolicy}: when it asks for the guest settings, and what it does with each answer. */
class GuestPolicyTest {

    private static final String GROUP = "3f8d0c1e-0000-4000-8000-000000000001";
    private static final String ANN = "3f8d0c1e-0000-4000-8000-0000000000a1";
    private static final String GWEN = "3f8d0c1e-0000-4000-8000-0000000000b2";

    /** A port that only answers the guest-settings question, and counts how often it is asked. */
    private static final class SettingsPort implements GraphPort {
        final GuestSettings.Verdict verdict;
        int asked;

        SettingsPort(GuestSettings.Verdict verdict) {
            this.verdict = verdict;
        }

        @Override
        public GuestSettings.Answer guestSettings(String groupId) {
            asked++;
            assertEquals(GROUP, groupId);
            return new GuestSettings.Answer(verdict, "test");
        }

        @Override
        public GroupState readGroup(String groupId) {
            throw new AssertionError();
        }

        @Override
        public Set<String> memberIds(String groupId) {
            throw new AssertionError();
        }

        @Override
        public boolean groupExists(String groupId) {
            throw new AssertionError();
        }

        @Override
        public List<UserRecord> findUsers(List<String> filters, String operation) {
            throw new AssertionError();
        }

        @Override
        public List<StepResponse> batch(List<Step> steps) {
            throw new AssertionError();
        }
    }

    private static Map<String, Resolution> resolutions(String gwenType) {
        return Map.of(
                "ann@acme.test", new Resolution(Resolution.Status.MATCHED, new UserRecord(ANN, "Ann", "ann@acme.test",
                        "ann@acme.test", List.of(), List.of(), true, "Member"), List.of()),
                "gwen@partner.test", new Resolution(Resolution.Status.MATCHED, new UserRecord(GWEN, "Gwen",
                        "gwen@partner.test", "gwen_partner.test#EXT#@acme.test", List.of(), List.of(), true,
                        gwenType), List.of()));
    }

    private static PlanContent add(Map<String, Resolution> resolutions) {
        return Planner.addMembers(new Planner.Header("p1", "acme", Instant.EPOCH), SyncOptions.defaults(),
                List.of("ann@acme.test", " Gwen@Partner.test"), resolutions,
                new GroupState(GROUP, List.of(), Set.of(), null));
    }

    @Test
    void noGuestAdditionMeansNoSettingsRead() {
        for (String type : new String[] {"Member", null}) {
            SettingsPort port = new SettingsPort(GuestSettings.Verdict.REFUSED_BY_TENANT);
            PlanContent plan = add(resolutions(type));

            assertSame(plan, GuestPolicy.screen(port, plan, resolutions(type), Map.of(), "test"));
            assertEquals(0, port.asked, "an unknown type is no guest: " + type);
        }
    }

    @Test
    void aGuestStaysPlannedUnlessTheSettingsAreKnownToRefuseIt() {
        for (GuestSettings.Verdict v : GuestSettings.Verdict.values()) {
            SettingsPort port = new SettingsPort(v);
            PlanContent plan = add(resolutions("Guest"));

            PlanContent screened = GuestPolicy.screen(port, plan, resolutions("Guest"), Map.of(), "test");

            assertEquals(1, port.asked);
            if (!v.refused()) {
                assertSame(plan, screened, v.name());
                continue;
            }
            assertEquals(List.of(ANN), screened.additions().stream().map(a -> a.directoryObjectId()).toList());
            assertEquals(List.of(SkippedMember.ofRequest("Gwen@Partner.test", "gwen@partner.test",
                    SkipReason.GUEST_NOT_ALLOWED, List.of(GWEN))), screened.skipped(), v.name());
            assertEquals(plan.fingerprint(), screened.fingerprint(), "the state the plan rests on is the same");
        }
    }

    @Test
    void aTeamSyncGuestIsSkippedAsItsTeamMember() {
        SettingsPort port = new SettingsPort(GuestSettings.Verdict.REFUSED_BY_GROUP);
        List<Planner.Candidate> candidates = List.of(new Planner.Candidate("t1", "Ann", "ann@acme.test", false),
                new Planner.Candidate("t2", "Gwen Guest", "gwen@partner.test", false));
        PlanContent plan = Planner.teamSync(new Planner.Header("p1", "acme", Instant.EPOCH), SyncOptions.defaults(),
                candidates, List.of(), resolutions("guest"), new GroupState(GROUP, List.of(), Set.of(), null));

        PlanContent screened = GuestPolicy.screen(port, plan, resolutions("guest"), Map.of("t2", "Gwen Guest"),
                "test");

        assertEquals(List.of(new SkippedMember("t2", "Gwen Guest", "gwen@partner.test", SkipReason.GUEST_NOT_ALLOWED,
                List.of(GWEN))), screened.skipped());
        assertEquals(1, screened.additions().size());
    }
}
