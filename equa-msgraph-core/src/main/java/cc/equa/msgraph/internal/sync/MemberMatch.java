package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.MatchRules;
import cc.equa.msgraph.MatchRules.Attribute;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.sync.UserMatcher.Resolution;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Match team addresses to current group members from the member read alone, without a user lookup: the steady state's
 * information floor (issue 17). A team address is matched here only when the answer is the one a lookup would give,
 * whatever the rest of the directory holds; every other address is looked up as before ({@link Resolver}).
 *
 * <p>Why this is sound. A lookup resolves an address on {@code mail} and {@code userPrincipalName} first, and
 * consults the aliases ({@code otherMails}, {@code proxyAddresses}) only when nobody holds it there
 * ({@link UserMatcher#resolve}). Entra keeps {@code userPrincipalName} and SMTP {@code proxyAddresses} unique across
 * all users, groups and contacts of a tenant, refusing a create or update that would duplicate one
 * (https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-syncservice-duplicate-attribute-resiliency),
 * and a user's {@code mail} is one of its SMTP proxy addresses (setting it adds it to {@code proxyAddresses}:
 * https://learn.microsoft.com/en-us/graph/api/user-update, as discussed in
 * https://learn.microsoft.com/en-us/answers/questions/1635917/update-user-mailaddress-via-graph-api). So when exactly one member holds the address as {@code mail} or
 * {@code userPrincipalName}, no other user holds it as {@code mail}, a lookup finds that member on a primary attribute,
 * and the aliases of others ({@code otherMails} is <em>not</em> unique) are never consulted: the lookup would say
 * "matched, this member". The one case Microsoft's documents leave open is a member's {@code mail} equal to another
 * user's {@code userPrincipalName} (uniqueness across the two attributes is not stated); a lookup would then call the
 * address ambiguous. The member-read match can only keep that member and add no one for that address — it never
 * causes a removal, nor the addition of someone else — so the group ends the same either way, and the match is not
 * made for a team member holding an owner role (it could add an owner).
 *
 * <p>Not matched here, so looked up as before: an address only a member's {@code proxyAddresses} hold (another
 * user's {@code userPrincipalName} or, with {@link Attribute#OTHER_MAILS} on, {@code otherMails} could hold it, which
 * would change the decision); an address two members answer to; a member whose {@code accountEnabled} is false
 * (disabled accounts keep their lookup and {@code ACCOUNT_DISABLED} rules) or unknown (with {@code User.ReadBasic.All}
 * the member read cannot show it: then every address is looked up, as before); members the runtime added itself and
 * a lagging read does not show yet (their attributes are unknown). Only a member read made for this very plan is
 * used: a read remembered from an earlier plan ({@code GroupCache}) is vouched for by a group delta round as to who
 * is a member, not as to members' addresses, which may have changed since. The member read therefore needs
 * {@code id, mail, userPrincipalName, accountEnabled} (and {@code userType}), which it already selects; aliases are
 * not read there.
 */
final class MemberMatch {

    private MemberMatch() {
    }

    /**
     * Return the team addresses matched from the member read, each resolved to its member.
     *
     * @param candidates the in-scope team members
     * @param group the group as read (reconciled)
     * @param rules the match rules
     * @return resolutions by normalised address, only for the addresses matched here
     */
    static Map<String, Resolution> resolve(List<Planner.Candidate> candidates, GroupState group, MatchRules rules) {
        boolean mail = rules.uses(Attribute.MAIL);
        boolean upn = rules.uses(Attribute.USER_PRINCIPAL_NAME);
        Map<String, Resolution> out = new LinkedHashMap<>();
        if (!mail && !upn) {
            return out;
        }
        // every member answering to an address on mail or UPN, whatever the rules: two of them means a lookup
        Map<String, Set<DirectoryMember>> holders = new HashMap<>();
        for (DirectoryMember m : group.members()) {
            String mm = Emails.normalize(m.mail());
            String mu = Emails.normalize(m.userPrincipalName());
            if (mm != null) {
                holders.computeIfAbsent(mm, k -> new LinkedHashSet<>()).add(m);
            }
            if (mu != null) {
                holders.computeIfAbsent(mu, k -> new LinkedHashSet<>()).add(m);
            }
        }
        Set<String> ownerAddresses = new java.util.HashSet<>();
        candidates.stream().filter(Planner.Candidate::owner).forEach(c -> ownerAddresses.add(c.email()));
        for (Planner.Candidate c : candidates) {
            String e = c.email();
            Set<DirectoryMember> h = holders.get(e);
            if (h == null || h.size() != 1 || ownerAddresses.contains(e) || out.containsKey(e)) {
                continue;
            }
            DirectoryMember m = h.iterator().next();
            boolean onRule = mail && e.equals(Emails.normalize(m.mail()))
                    || upn && e.equals(Emails.normalize(m.userPrincipalName()));
            if (onRule && m.isUser() && Boolean.TRUE.equals(m.accountEnabled())) {
                out.put(e, new Resolution(Resolution.Status.MATCHED, user(m), List.of()));
            }
        }
        return out;
    }

    /** The member as a lookup would have returned it, as far as matching needs. */
    private static UserRecord user(DirectoryMember m) {
        return new UserRecord(m.id(), null, m.mail(), m.userPrincipalName(), List.of(), List.of(),
                m.accountEnabled());
    }
}
