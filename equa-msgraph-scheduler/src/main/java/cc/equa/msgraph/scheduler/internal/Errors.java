package cc.equa.msgraph.scheduler.internal;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;

/** Typed errors of the scheduler. */
final class Errors {

    private Errors() {
    }

    /** A task row db-scheduler could not read (for example task data that is not a valid schedule). */
    static MsGraphException storage(String operation, RuntimeException cause) {
        return new MsGraphException(new MsGraphException.Details(ErrorKind.STORAGE, operation,
                "the scheduler's task row could not be read: " + cause.getMessage(), null, null, null,
                "check the task table; unschedule and schedule the organization again to rewrite its row"), cause);
    }

    /** A failure core did not type (a host SPI threw): wrapped so every caller sees an MsGraphException. */
    static MsGraphException unexpected(OrganizationId id, RuntimeException cause) {
        return new MsGraphException(new MsGraphException.Details(ErrorKind.UNEXPECTED,
                "scheduled sync of organization " + id.value(),
                "a host component failed: " + cause.getClass().getName(), null, null, null,
                "check the host's TeamDirectory, SettingsStore and HeldPlanStore; the next run tries again"), cause);
    }

    /** A run past the scheduler's run time limit, abandoned so the thread serves other organizations. */
    static MsGraphException overran(OrganizationId id, Duration limit) {
        return new MsGraphException(new MsGraphException.Details(ErrorKind.UNEXPECTED,
                "scheduled sync of organization " + id.value(),
                "the sync ran longer than the scheduler's maximum run time (" + limit + ") and was abandoned; it"
                        + " sends no further changes", null, null, null,
                "check the host's TeamDirectory and SettingsStore for a call that hangs, or raise maxRunTime for"
                        + " very large groups; the next run tries again"), null);
    }

    /** The previous run was abandoned and its worker has still not returned. */
    static MsGraphException stillHanging(OrganizationId id) {
        return new MsGraphException(new MsGraphException.Details(ErrorKind.UNEXPECTED,
                "scheduled sync of organization " + id.value(),
                "the previous sync, abandoned past the maximum run time, has still not returned", null, null, null,
                "check the host's TeamDirectory and SettingsStore for a call that hangs; the next run tries again"),
                null);
    }

    /** The run no longer owns its execution: it must not write anything more. */
    static MsGraphException lostLease(OrganizationId id) {
        return new MsGraphException(new MsGraphException.Details(ErrorKind.CONFLICT,
                "scheduled sync of organization " + id.value(),
                "this node no longer owns the organization's sync (abandoned past the maximum run time, or taken"
                        + " over by another node after this one stopped heart-beating)", null, null, null,
                "nothing to do: the node that owns it now syncs the organization"), null);
    }
}
