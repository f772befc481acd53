package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every listener, logging and swallowing what they throw: exceptions and linkage errors alike (a listener
 * built against another Micrometer version throws {@code NoSuchMethodError}), so a listener never changes a sync
 * or leaves an organization unscheduled. Only a {@link VirtualMachineError} (out of memory, stack overflow)
 * propagates: the JVM may not be able to go on, and swallowing it would hide that.
 */
final class SafeListener implements FleetListener {

    /** Logged under FleetScheduler's name, as before this class was split off, so hosts' log settings still apply. */
    private static final Logger LOG = LoggerFactory.getLogger(FleetScheduler.class);

    private final List<FleetListener> listeners;

    SafeListener(List<FleetListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void syncStarted(OrganizationId organization, SyncPolicy policy) {
        each("syncStarted", l -> l.syncStarted(organization, policy));
    }

    @Override
    public void changeSettled(OrganizationId organization, ChangeResult result, int completed, int total) {
        each("changeSettled", l -> l.changeSettled(organization, result, completed, total));
    }

    @Override
    public void syncFinished(SyncRun run) {
        each("syncFinished", l -> l.syncFinished(run));
    }

    private void each(String method, java.util.function.Consumer<FleetListener> call) {
        for (FleetListener l : listeners) {
            try {
                call.accept(l);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                LOG.warn("FleetListener {} failed in {}; ignored", l, method, e);
            }
        }
    }
}
