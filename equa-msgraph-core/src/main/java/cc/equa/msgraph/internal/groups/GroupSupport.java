package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.Capability;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.Display;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.spi.AuditEvent;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the group operations share: state keys, audit, the replication wait and the "linked group gone" error. */
final class GroupSupport {

    /** Listing and reading groups. */
    static final List<String> READ_GROUPS = Capability.LIST_GROUPS.permissions();
    /** Reading members, with their e-mail addresses. */
    static final List<String> READ_MEMBERS = Capability.READ_MEMBERS.permissions();
    /** Looking up users. */
    static final List<String> READ_USERS = Capability.READ_USER_EMAILS.permissions();
    /** Creating groups. */
    static final List<String> CREATE = Capability.CREATE_GROUPS.permissions();

    /** State key of a group creation whose outcome is not yet known: {@code nickname \n displayName}. */
    static final String PENDING_CREATE = "groups.pendingCreate";
    /** State key of the last group this library created: {@code id \n epoch-millis}. */
    static final String CREATED = "groups.created";
    /** How long after creating a group a 404 on it is taken for replication delay. */
    static final Duration REPLICATION_WINDOW = Duration.ofMinutes(15);
    /** The waits between attempts while a new group replicates: 1+2+4+8+16+32 = 63 s in all. */
    static final List<Duration> REPLICATION_WAITS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32));

    private static final Logger LOG = LoggerFactory.getLogger(GroupSupport.class);

    private final IntegrationRuntime runtime;

    GroupSupport(IntegrationRuntime runtime) {
        this.runtime = runtime;
    }

    IntegrationRuntime runtime() {
        return runtime;
    }

    Instant now() {
        return runtime.config().clock().instant();
    }

    /** Record an audit event; a failing sink is logged and ignored. */
    void audit(OrganizationId organization, String action, @Nullable String groupId, @Nullable String label,
            String outcome, @Nullable String requestId, @Nullable String detail) {
        try {
            runtime.config().audit().record(new AuditEvent(now(), organization, action, null, groupId, null,
                    Display.audit(label), outcome, Display.audit(requestId), Display.audit(detail)));
        } catch (RuntimeException e) {
            LOG.warn("The audit sink failed to record {} for organization {} ({}); the operation continues",
                    action, organization, e.getClass().getSimpleName());
        }
    }

    /** The linked group id, or an exception saying to link one first. */
    static String requireLinked(IntegrationSettings settings, String operation) {
        String id = settings.linkedGroupId();
        if (id == null || id.isBlank()) {
            throw new IntegrationUnavailableException(Details.of(ErrorKind.NO_LINKED_GROUP, operation,
                    "no Microsoft 365 group is linked to the organization",
                    "Link an existing group or create a new one first."));
        }
        return id;
    }

    /**
     * Retry an attempt while it finds nothing (empty or 404), waiting 1, 2, 4 … 32 s through the sleeper.
     *
     * @param operation what is being done
     * @param attempt one attempt
     * @param <T> the result
     * @return the result, or empty if it never appeared
     */
    <T> Optional<T> awaitReplication(String operation, Supplier<Optional<T>> attempt) {
        return awaitReplication(operation, REPLICATION_WAITS, attempt);
    }

    /** {@link #awaitReplication(String, Supplier)} with other waits. */
    <T> Optional<T> awaitReplication(String operation, List<Duration> waits, Supplier<Optional<T>> attempt) {
        for (int i = 0; ; i++) {
            try {
                Optional<T> result = attempt.get();
                if (result.isPresent()) {
                    return result;
                }
            } catch (NotFoundException notYet) {
                // replication delay: wait and try again
            }
            if (i >= waits.size()) {
                return Optional.empty();
            }
            LOG.debug("{}: not visible yet, waiting {} s for replication", operation, waits.get(i).toSeconds());
            runtime.calls().pause(operation, waits.get(i));
        }
    }

    /** Whether this group was created by the library within the replication window. */
    boolean recentlyCreated(IntegrationSettings settings, String groupId) {
        Optional<String> created = settings.stateValue(CREATED);
        if (created.isEmpty()) {
            return false;
        }
        String[] parts = created.get().split("\n", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase(groupId)) {
            return false;
        }
        try {
            Instant at = Instant.ofEpochMilli(Long.parseLong(parts[1]));
            return Duration.between(at, now()).compareTo(REPLICATION_WINDOW) < 0;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return false;
        }
    }

    /**
     * Run a call on the linked group: a 404 on a group created minutes ago is waited out; otherwise it becomes
     * {@link #linkedGroupGone}.
     */
    <T> T onLinkedGroup(IntegrationSettings settings, String groupId, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (NotFoundException e) {
            if (recentlyCreated(settings, groupId)) {
                Optional<T> later = awaitReplication(operation, () -> Optional.ofNullable(call.get()));
                if (later.isPresent()) {
                    return later.get();
                }
            }
            throw linkedGroupGone(operation, groupId, e);
        }
    }

    /**
     * The linked group no longer exists. The link is kept: a deleted Microsoft 365 group can be restored for 30
     * days with the same id, and a 404 may also be a passing replication delay; the admin decides by relinking.
     */
    static NotFoundException linkedGroupGone(String operation, String groupId, MsGraphException cause) {
        Details d = Details.of(ErrorKind.NOT_FOUND, operation,
                "the linked group " + groupId + " no longer exists in Microsoft 365 (it was deleted)",
                "Link another group or create a new one; the link is kept until then. A Microsoft 365 group"
                        + " deleted less than 30 days ago can be restored in the Microsoft 365 admin center, which"
                        + " makes the link work again.");
        Integer status = cause.httpStatus().isPresent() ? cause.httpStatus().getAsInt() : null;
        return new NotFoundException(d.withHttp(status, cause.graphErrorCode().orElse(null),
                cause.requestId().orElse(null)), cause);
    }
}
