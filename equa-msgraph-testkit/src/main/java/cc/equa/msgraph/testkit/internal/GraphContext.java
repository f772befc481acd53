package cc.equa.msgraph.testkit.internal;

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

    void violation(Violation.Kind kind, String appId, String method, String path, String message);
}
