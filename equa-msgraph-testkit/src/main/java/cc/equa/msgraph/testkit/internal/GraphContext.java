package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.ReplicationDelay;
import cc.equa.msgraph.testkit.Violation;
import java.time.Instant;

/**
 * What the {@link Engine} offers the resource handlers: its clock (virtual in tests, so replication delays and delta
 * token lifetimes never need a real sleep), its own base URL (for {@code @odata.context} and {@code @odata.nextLink}),
 * the configured replication delay and the log of client violations.
 */
interface GraphContext {
    Instant now();

    /** {@code https://localhost:port}, without {@code /v1.0}. */
    String graphRoot();

    ReplicationDelay replication();

    /** The pessimistic behaviours switched on ({@link Hostility#DEFAULT}: none). */
    Hostility hostility();

    /** A seeded coin with this probability of true: the hostility's reproducible random choices. */
    boolean chance(double probability);

    /** A seeded uniform draw in {@code [0, bound)}; 0 when the bound is not positive. */
    long draw(long bound);

    void violation(Violation.Kind kind, String appId, String method, String path, String message);
}
