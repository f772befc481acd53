package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.ChangeResult;
import cc.equa.msgraph.PlannedChange;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.internal.Display;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.OrganizationId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results of one apply as its changes settle: each result is kept in the plan's order, audited, and reported to
 * the progress listener. A failing audit sink or listener is logged and never stops the apply.
 */
final class Settlement implements Consumer<ChangeResult> {

    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final IntegrationRuntime runtime;
    private final OrganizationId organization;
    private final SyncPlan plan;
    private final ApplyOptions apply;
    private final String operation;
    private final Map<PlannedChange, ChangeResult> results = new LinkedHashMap<>();
    private final int total;
    private int done;

    Settlement(IntegrationRuntime runtime, OrganizationId organization, SyncPlan plan, ApplyOptions apply,
            String operation) {
        this.runtime = runtime;
        this.organization = organization;
        this.plan = plan;
        this.apply = apply;
        this.operation = operation;
        List<PlannedChange> all = plan.changes();
        all.forEach(c -> results.put(c, null));
        this.total = all.size();
    }

    @Override
    public void accept(ChangeResult r) {
        results.put(r.change(), r);
        done++;
        audit(r);
        try {
            apply.progress().changeSettled(r, done, total);
        } catch (RuntimeException e) {
            LOG.warn("{}: the progress listener failed ({}); continuing", operation, e.getClass().getSimpleName());
        }
    }

    /** Return the results in the plan's order. */
    List<ChangeResult> results() {
        return new ArrayList<>(results.values());
    }

    private void audit(ChangeResult r) {
        String outcome = switch (r.outcome()) {
            case APPLIED -> "applied";
            case ALREADY_IN_STATE -> "already_in_state";
            case FAILED -> "failed";
        };
        String action = switch (r.change().action()) {
            case ADD -> "member.add";
            case REMOVE -> "member.remove";
            case ADD_OWNER -> "owner.add";
        };
        AuditEvent event = new AuditEvent(runtime.config().clock().instant(), organization, action,
                Display.audit(apply.actor().orElse(null)), plan.groupId(), r.change().directoryObjectId(),
                Display.audit(r.change().label()), outcome, Display.audit(r.requestId()), Display.audit(r.reason()));
        try {
            runtime.config().audit().record(event);
        } catch (RuntimeException e) {
            LOG.warn("Audit sink failed for {} ({}); continuing", event.action(), e.getClass().getSimpleName());
        }
    }
}
