package cc.equa.msgraph.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Read-after-write lag of group membership. Entra ID is eventually consistent: a member added or removed through
 * Graph can be missing from (or still present in) member lists, {@code $count} and delta for a while
 * (https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/;
 * hashicorp/terraform-provider-azuread PR 283; msgraph-sdk-java issue 2575; graph-behaviour.md §14). With
 * {@link cc.equa.msgraph.testkit.Hostility#readLag()} set, every membership change made through Graph is recorded
 * with its instant on the fake's clock, and reads see the relation as it was before the changes younger than the lag
 * (so virtual time makes the lag free). Writes validate against the current state, as the directory's write replica
 * does. Changes made by a test through {@link cc.equa.msgraph.testkit.FakeDirectory} are not lagged.
 */
final class ReadLag {
    /** One membership change made through Graph. */
    record Change(Relation relation, String key, boolean added, Instant at) {
    }

    private ReadLag() {
    }

    /** Record a change made through Graph (nothing without a lag). */
    static void record(GraphContext ctx, Entity g, Relation relation, String key, boolean added) {
        Duration lag = ctx.hostility().readLag();
        if (lag.isZero()) {
            g.recentChanges = null;
            return;
        }
        Instant now = ctx.now();
        prune(g, now.minus(lag));
        if (g.recentChanges == null) {
            g.recentChanges = new ArrayDeque<>();
        }
        g.recentChanges.addLast(new Change(relation, key, added, now));
    }

    /** The relation as reads see it: the current set with the changes younger than the lag undone. */
    static NavigableSet<String> view(GraphContext ctx, Entity g, Relation relation) {
        NavigableSet<String> current = relation.of(g);
        prune(g, ctx.now().minus(ctx.hostility().readLag()));
        ArrayDeque<Change> recent = g.recentChanges;
        if (recent == null) {
            return current;
        }
        TreeSet<String> seen = new TreeSet<>(current);
        // newest first, so that the oldest recent change decides what a read still sees
        for (Iterator<Change> it = recent.descendingIterator(); it.hasNext(); ) {
            Change c = it.next();
            if (c.relation() == relation) {
                if (c.added()) {
                    seen.remove(c.key());
                } else {
                    seen.add(c.key());
                }
            }
        }
        return seen;
    }

    /** Forget the changes older than the cutoff (all of them, and the queue, once none is left). */
    private static void prune(Entity g, Instant cutoff) {
        ArrayDeque<Change> recent = g.recentChanges;
        if (recent == null) {
            return;
        }
        while (!recent.isEmpty() && !recent.peekFirst().at().isAfter(cutoff)) {
            recent.pollFirst();
        }
        if (recent.isEmpty()) {
            g.recentChanges = null;
        }
    }
}
