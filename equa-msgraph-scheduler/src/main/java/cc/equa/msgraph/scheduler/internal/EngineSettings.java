package cc.equa.msgraph.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The engine's settings, checked by the public builder.
 *
 * @param dataSource the database
 * @param tableName db-scheduler's table
 * @param node this node's name
 * @param threads sync threads
 * @param pollingInterval how often due syncs are looked for
 * @param heartbeatInterval how often running syncs are marked alive
 * @param missedHeartbeats missed heartbeats after which another node takes a sync over
 * @param shutdownMaxWait how long close waits for running syncs
 * @param retryAfterFailure how soon a failed or incomplete sync is tried again (at most its interval)
 * @param clock the clock
 */
public record EngineSettings(DataSource dataSource, String tableName, String node, int threads,
        Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeats, Duration shutdownMaxWait,
        Duration retryAfterFailure, Clock clock) {
}
