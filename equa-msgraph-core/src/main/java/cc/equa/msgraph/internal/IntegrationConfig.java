package cc.equa.msgraph.internal;

import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.Sleeper;
import cc.equa.msgraph.internal.plan.StoredPlanKeys;
import cc.equa.msgraph.spi.AuditSink;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.spi.TeamDirectory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@code MicrosoftIntegration} was built with.
 *
 * @param settings the settings store
 * @param team the team directory, or null when sync is not used
 * @param audit the audit sink
 * @param cloud the cloud
 * @param trustedCertificates extra trust anchors (test only)
 * @param clock the clock
 * @param sleeper the sleeper
 * @param httpTimeout the per-request timeout
 * @param maxRetries retries per request for 429/503/504 and transport errors of idempotent calls
 * @param maxRetryWait the longest total wait one request may spend retrying
 * @param writesPerWindow the write quota the library paces itself to
 * @param writeWindow the quota's window
 * @param planKeys where the keys that authenticate plans come from
 * @param requestListener who hears Graph requests and waits, or null for nobody
 */
public record IntegrationConfig(
        SettingsStore settings,
        @Nullable TeamDirectory team,
        AuditSink audit,
        MicrosoftCloud cloud,
        List<X509Certificate> trustedCertificates,
        Clock clock,
        Sleeper sleeper,
        Duration httpTimeout,
        int maxRetries,
        Duration maxRetryWait,
        int writesPerWindow,
        Duration writeWindow,
        PlanKeys planKeys,
        @Nullable GraphRequestListener requestListener) {

    /** Copy the list. */
    public IntegrationConfig {
        trustedCertificates = List.copyOf(trustedCertificates);
    }

    /**
     * Create a configuration without a request listener.
     *
     * @param settings the settings store
     * @param team the team directory, or null when sync is not used
     * @param audit the audit sink
     * @param cloud the cloud
     * @param trustedCertificates extra trust anchors (test only)
     * @param clock the clock
     * @param sleeper the sleeper
     * @param httpTimeout the per-request timeout
     * @param maxRetries retries per request
     * @param maxRetryWait the longest total wait one request may spend retrying
     * @param writesPerWindow the write quota the library paces itself to
     * @param writeWindow the quota's window
     * @param planKeys where the keys that authenticate plans come from
     */
    public IntegrationConfig(SettingsStore settings, @Nullable TeamDirectory team, AuditSink audit,
            MicrosoftCloud cloud, List<X509Certificate> trustedCertificates, Clock clock, Sleeper sleeper,
            Duration httpTimeout, int maxRetries, Duration maxRetryWait, int writesPerWindow, Duration writeWindow,
            PlanKeys planKeys) {
        this(settings, team, audit, cloud, trustedCertificates, clock, sleeper, httpTimeout, maxRetries, maxRetryWait,
                writesPerWindow, writeWindow, planKeys, null);
    }

    /**
     * Create a configuration whose plan keys are kept in the settings store (the default).
     *
     * @param settings the settings store
     * @param team the team directory, or null when sync is not used
     * @param audit the audit sink
     * @param cloud the cloud
     * @param trustedCertificates extra trust anchors (test only)
     * @param clock the clock
     * @param sleeper the sleeper
     * @param httpTimeout the per-request timeout
     * @param maxRetries retries per request
     * @param maxRetryWait the longest total wait one request may spend retrying
     * @param writesPerWindow the write quota the library paces itself to
     * @param writeWindow the quota's window
     */
    public IntegrationConfig(SettingsStore settings, @Nullable TeamDirectory team, AuditSink audit,
            MicrosoftCloud cloud, List<X509Certificate> trustedCertificates, Clock clock, Sleeper sleeper,
            Duration httpTimeout, int maxRetries, Duration maxRetryWait, int writesPerWindow, Duration writeWindow) {
        this(settings, team, audit, cloud, trustedCertificates, clock, sleeper, httpTimeout, maxRetries, maxRetryWait,
                writesPerWindow, writeWindow, new StoredPlanKeys(settings));
    }
}
