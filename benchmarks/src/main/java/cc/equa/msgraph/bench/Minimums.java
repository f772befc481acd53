package cc.equa.msgraph.bench;

/**
 * Request minimums derived from Graph's limits, for what the library must do with its default match rules.
 *
 * <ul>
 *   <li>Every team address is resolved against both primary identifiers ({@code mail} and {@code userPrincipalName};
 *       both are needed to report ambiguous matches), so {@code 2n} filter expressions; at most 15 expressions per
 *       filter and 20 requests per {@code $batch}: {@code ceil(ceil(2n/15)/20)} round trips.</li>
 *   <li>A group read is {@code max(1, ceil(m/999))} member pages plus one owners page (owners are protected from
 *       removal), once when planning and once when applying (the staleness check of a reviewed plan).</li>
 *   <li>Additions: one {@code PATCH members@odata.bind} per 20 users; removals: one {@code DELETE …/$ref} each; all
 *       writes 20 per {@code $batch}: {@code ceil((ceil(a/20) + r)/20)}.</li>
 *   <li>Apply trusts no plan (since 0.2.0): it resolves the additions' addresses again ({@code ceil(ceil(2a/15)/20)}
 *       round trips) and reads a mirror removal's target by id for its aliases (15 ids per filter:
 *       {@code ceil(ceil(r/15)/20)}).</li>
 *   <li>One token request.</li>
 * </ul>
 */
final class Minimums {

    private Minimums() {
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    static long lookupBatches(long addresses) {
        return addresses == 0 ? 0 : ceilDiv(ceilDiv(2 * addresses, 15), 20);
    }

    static long idLookupBatches(long ids) {
        return ids == 0 ? 0 : ceilDiv(ceilDiv(ids, 15), 20);
    }

    /** Apply's re-check of a plan: the additions' addresses resolved again, the removed members' aliases read. */
    static long recheck(long adds, long removes) {
        return lookupBatches(adds) + idLookupBatches(removes);
    }

    static long groupRead(long members) {
        return Math.max(1, ceilDiv(members, 999)) + 1;
    }

    static long writeBatches(long adds, long removes) {
        long steps = ceilDiv(adds, 20) + removes;
        return ceilDiv(steps, 20);
    }

    /** A team sync planned and applied: token, plan (group read + lookups), apply (group read + writes). */
    static long sync(long team, long groupMembers, long adds, long removes) {
        return 1 + groupRead(groupMembers) + lookupBatches(team) + groupRead(groupMembers)
                + recheck(adds, removes) + writeBatches(adds, removes);
    }

    /** A team sync planned only. */
    static long plan(long team, long groupMembers) {
        return 1 + groupRead(groupMembers) + lookupBatches(team);
    }

    static String syncFormula(long team, long groupMembers, long adds, long removes) {
        return "minimum = 1 token + 2 x (max(1,ceil(" + groupMembers + "/999)) member pages + 1 owners page) + ceil(ceil(2x"
                + team + "/15)/20) lookup batches + " + recheck(adds, removes) + " re-check batches (" + adds
                + " additions, " + removes + " removals) + ceil((ceil(" + adds + "/20) binds + " + removes
                + " deletes)/20) write batches = 1 + 2x" + groupRead(groupMembers) + " + " + lookupBatches(team)
                + " + " + recheck(adds, removes) + " + " + writeBatches(adds, removes) + " = "
                + sync(team, groupMembers, adds, removes);
    }
}
