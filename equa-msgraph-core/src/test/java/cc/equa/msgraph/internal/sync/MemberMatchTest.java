package cc.equa.msgraph.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.MatchRules.Attribute;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which team addresses the member read alone may match (issue 17): only those a lookup would match the same way. */
class MemberMatchTest {

    private static final String A = "00000000-0000-0000-0000-00000000000a";
    private static final String B = "00000000-0000-0000-0000-00000000000b";

    static GroupState group(DirectoryMember... members) {
        return new GroupState("g", List.of(members), Set.of(), null);
    }

    static Planner.Candidate candidate(String email) {
        return new Planner.Candidate("t-" + email, email, email, false);
    }

    static Map<String, Resolution> match(GroupState group, MatchRules rules, Planner.Candidate... candidates) {
        return MemberMatch.resolve(List.of(candidates), group, rules);
    }

    @Test
    void anEnabledMemberHoldingTheAddressAsMailOrUpnIsMatched() {
        GroupState g = group(new DirectoryMember(A, "user", "Ann@Acme.test", "ann.s@acme.test", true));
        Map<String, Resolution> r = match(g, MatchRules.defaults(), candidate("ann@acme.test"),
                candidate("ann.s@acme.test"), candidate("bob@acme.test"));
        assertEquals(Set.of("ann@acme.test", "ann.s@acme.test"), r.keySet(), "bob is not a member: looked up");
        assertEquals(Resolution.Status.MATCHED, r.get("ann@acme.test").status());
        assertEquals(A, r.get("ann@acme.test").user().id());
    }

    @Test
    void disabledUnknownOrSharedAddressesAreLeftToTheLookup() {
        assertEquals(Map.of(), match(group(new DirectoryMember(A, "user", "ann@acme.test", null, false)),
                MatchRules.defaults(), candidate("ann@acme.test")), "a disabled account keeps its lookup");
        assertEquals(Map.of(), match(group(new DirectoryMember(A, "user", "ann@acme.test", null, null)),
                MatchRules.defaults(), candidate("ann@acme.test")), "User.ReadBasic.All: accountEnabled unknown");
        assertEquals(Map.of(), match(group(new DirectoryMember(A, "user", "ann@acme.test", null, true),
                new DirectoryMember(B, "user", null, "ann@acme.test", true)), MatchRules.defaults(),
                candidate("ann@acme.test")), "two members answer to it: ambiguous, as a lookup says");
        assertEquals(Map.of(), match(group(new DirectoryMember(A, "group", "ann@acme.test", null, true)),
                MatchRules.defaults(), candidate("ann@acme.test")), "not a user");
    }

    @Test
    void onlyTheAttributesTheRulesUseCountAndOwnerCandidatesAreLookedUp() {
        GroupState g = group(new DirectoryMember(A, "user", "mail@acme.test", "upn@acme.test", true));
        assertEquals(Map.of(), match(g, MatchRules.of(Attribute.MAIL), candidate("upn@acme.test")));
        assertEquals(Set.of("upn@acme.test"), match(g, MatchRules.of(Attribute.USER_PRINCIPAL_NAME),
                candidate("upn@acme.test")).keySet());
        assertEquals(Map.of(), match(g, MatchRules.of(Attribute.OTHER_MAILS, Attribute.PROXY_ADDRESSES),
                candidate("mail@acme.test")), "alias-only rules: every address is looked up");
        assertEquals(Map.of(), match(g, MatchRules.defaults(),
                new Planner.Candidate("t1", "Owner", "mail@acme.test", true)), "an owner role could add an owner");
    }
}
