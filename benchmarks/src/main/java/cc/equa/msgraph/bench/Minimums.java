package cc.equa.msgraph.bench;

/**
 * The information floor of a sync in requests (issue 17): what the information a sound plan and apply need costs under
 * Graph's limits with the default match rules, not what any algorithm happens to send.
 *
 * <ul>
 *   <li><b>Token</b>: one.</li>
 *   <li><b>The group, once</b>: {@code max(1, ceil(m/999))} member pages plus one owners page (owners are protected
 *       from removal). The member read shows each member's {@code mail}, {@code userPrincipalName} and
 *       {@code accountEnabled}, which Entra keeps unique enough to match a team address a current member holds there
 *       without a lookup.</li>
 *   <li><b>Lookups only for the unmatched</b>: the {@code u} team addresses no member holds are resolved against both
 *       primary identifiers ({@code mail} and {@code userPrincipalName}: both are needed to detect ambiguity), so
 *       {@code 2u} filter expressions, at most 15 per filter, 20 per {@code $batch}: {@code ceil(ceil(2u/15)/20)}.</li>
 *   <li><b>The cheapest staleness check</b>: a reviewed plan must still describe the group when applied. Reading it
 *       again costs the group read; a group delta link taken just before the plan's read and one delta round at apply
 *       cost 2. The floor takes the smaller: {@code min(2, group read)}.</li>
 *   <li><b>The re-check</b>: time passes between plan and apply, so the users the changes rest on are read again: the
 *       {@code a} additions' addresses ({@code ceil(2a/15)} filters) and the {@code r} removal targets by id (15 ids
 *       per filter, {@code ceil(r/15)}), together 20 filters per {@code $batch}:
 *       {@code ceil((ceil(2a/15) + ceil(r/15))/20)}.</li>
 *   <li><b>The writes</b>: one {@code PATCH members@odata.bind} per 20 additions, one {@code DELETE …/$ref} per removal,
 *       20 per {@code $batch}: {@code ceil((ceil(a/20) + r)/20)}.</li>
 * </ul>
 */
final class Minimums {

    private Minimums() {
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Lookup batches for addresses resolved against mail and userPrincipalName. */
    static long lookupBatches(long addresses) {
        return addresses == 0 ? 0 : ceilDiv(ceilDiv(2 * addresses, 15), 20);
    }

    /** Apply's re-check: the additions' addresses and the removal targets by id, in one round of batches. */
    static long recheck(long adds, long removes) {
        long filters = ceilDiv(2 * adds, 15) + ceilDiv(removes, 15);
        return ceilDiv(filters, 20);
    }

    static long groupRead(long members) {
        return Math.max(1, ceilDiv(members, 999)) + 1;
    }

    /** The cheapest staleness check: a delta link before the plan's read plus one round at apply, or a re-read. */
    static long staleness(long members) {
        return Math.min(2, groupRead(members));
    }

    static long writeBatches(long adds, long removes) {
        long steps = ceilDiv(adds, 20) + removes;
        return ceilDiv(steps, 20);
    }

    /**
     * A team sync planned and applied at the information floor.
     *
     * @param team the in-scope team addresses
     * @param groupMembers the group's members
     * @param matched the team addresses current members hold as mail or userPrincipalName (no lookup needed)
     * @param adds the additions
     * @param removes the removals
     * @return the floor in requests
     */
    static long sync(long team, long groupMembers, long matched, long adds, long removes) {
        return 1 + groupRead(groupMembers) + lookupBatches(team - matched) + staleness(groupMembers)
                + recheck(adds, removes) + writeBatches(adds, removes);
    }

    /**
     * A team sync planned only, at the floor: token, the group once, lookups of the unmatched (no staleness check:
     * nothing is applied).
     */
    static long plan(long team, long groupMembers, long matched) {
        return 1 + groupRead(groupMembers) + lookupBatches(team - matched);
    }

    static String syncFormula(long team, long groupMembers, long matched, long adds, long removes) {
        return "floor = 1 token + (max(1,ceil(" + groupMembers + "/999)) member pages + 1 owners page) + ceil(ceil(2x("
                + team + "-" + matched + " matched from the member read)/15)/20) lookup batches + min(2 delta, group"
                + " read) staleness + ceil((ceil(2x" + adds + "/15) + ceil(" + removes + "/15))/20) re-check batches"
                + " + ceil((ceil(" + adds + "/20) binds + " + removes + " deletes)/20) write batches = 1 + "
                + groupRead(groupMembers) + " + " + lookupBatches(team - matched) + " + " + staleness(groupMembers)
                + " + " + recheck(adds, removes) + " + " + writeBatches(adds, removes) + " = "
                + sync(team, groupMembers, matched, adds, removes);
    }
}
