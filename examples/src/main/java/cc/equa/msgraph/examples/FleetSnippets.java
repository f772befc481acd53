package cc.equa.msgraph.examples;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.scheduler.FleetScheduler;
import cc.equa.msgraph.scheduler.OrganizationSchedule;
import cc.equa.msgraph.scheduler.SyncPolicy;
import cc.equa.msgraph.scheduler.micrometer.ObservationFleetListener;
import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.spi.TeamDirectory;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The README's "Running many organizations" code, kept here so that it compiles (ReadmeSnippetsTest checks the
 * README against the tagged regions). Not meant to be run as is; {@link FleetJob} runs a fleet on the fake tenant.
 */
@SuppressWarnings("unused")
final class FleetSnippets {

    private FleetSnippets() {
    }

    static FleetScheduler start(SettingsStore store, TeamDirectory equaTeam, DataSource postgres,
            ObservationRegistry registry) {
        // tag::fleet[]
        ObservationFleetListener observed = ObservationFleetListener.of(registry);   // optional: Micrometer
        MicrosoftIntegration microsoft = MicrosoftIntegration.builder().settings(store).team(equaTeam)
                .requestListener(observed.graphRequests())     // optional: Graph requests by status, throttling waits
                .build();
        FleetScheduler fleet = FleetScheduler.builder()
                .integration(microsoft)                        // one per node, as usual
                .dataSource(postgres)                          // shared by every node: H2 or PostgreSQL
                .policy(SyncPolicy.APPLY_ADDITIONS_HOLD_REMOVALS)   // default: REVIEW_EVERYTHING
                .interval(Duration.ofMinutes(40))              // plus up to jitter(...) at random
                .listener(observed)                            // optional: ObservationFleetListener.of(registry)
                .start();                                      // creates the two tables if missing

        fleet.schedule(OrganizationId.of("acme"));                // once, when an organization connects
        fleet.schedule(OrganizationId.of("globex"), OrganizationSchedule.of(
                SyncPolicy.APPLY_WITHIN_GUARD, Duration.ofHours(6), Duration.ofMinutes(30)));
        fleet.syncNow(OrganizationId.of("acme"));                 // the admin's "Sync now" button
        // end::fleet[]
        return fleet;
    }

    static void review(FleetScheduler fleet, Consumer<String> show) {
        // tag::fleet-review[]
        for (HeldPlan held : fleet.heldPlans().list(OrganizationId.of("acme"))) {   // the review screen
            show.accept(held.additions() + " to add, " + held.removals() + " to remove");
        }
        HeldPlan latest = fleet.heldPlans().latest(OrganizationId.of("acme")).orElseThrow();
        SyncResult result = fleet.confirm(latest.organization(), latest.planId(),   // re-validated, stale refused
                ApplyOptions.builder().actor("admin@acme.example").build());
        // end::fleet-review[]
    }
}
