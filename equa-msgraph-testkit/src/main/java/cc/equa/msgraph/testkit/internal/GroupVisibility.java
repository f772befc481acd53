package cc.equa.msgraph.testkit.internal;

import java.time.Instant;

/**
 * Replication delay of new groups. Entra is eventually consistent: right after {@code POST /groups}, reads of the new
 * id can answer 404 {@code Request_ResourceNotFound} for a while
 * (https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/;
 * msgraph-sdk-java issue 2575; graph-behaviour.md §7). The fake models it two ways, set by
 * {@link cc.equa.msgraph.testkit.ReplicationDelay}: a number of reads by id that miss, and a time window during which
 * the group is missing from reads and lists.
 */
final class GroupVisibility {
    private final GraphContext ctx;

    GroupVisibility(GraphContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the group is still inside its replication window; once past it, the window is forgotten. */
    boolean hidden(Entity g) {
        Instant va = g.visibleAt;
        if (va != null) {
            if (ctx.now().isBefore(va)) {
                return true;
            }
            g.visibleAt = null;
        }
        return false;
    }

    /** Resolve a group addressed by id, consuming a hidden read if replication delay applies. */
    Entity require(TenantState t, String id) {
        Entity g = t.groups.get(TenantState.key(id));
        if (g == null) {
            throw GraphException.notFound(id);
        }
        if (g.hiddenReads > 0) {
            g.hiddenReads--;
            throw GraphException.notFound(id);
        }
        if (hidden(g)) {
            throw GraphException.notFound(id);
        }
        return g;
    }
}
