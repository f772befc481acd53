package cc.equa.msgraph.scheduler.internal;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.spi.OrganizationId;

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
}
