package cc.equa.msgraph.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One change the library made (or tried to make) in Microsoft 365 on behalf of an organization. Never carries a
 * secret or a token.
 *
 * @param at when the change completed
 * @param organization the organization
 * @param action what was done, for example {@code "member.add"}, {@code "member.remove"}, {@code "owner.add"}
 *     (since 0.2.0), {@code "group.create"}, {@code "group.link"}, {@code "group.unlink"}, {@code "credentials.save"}, {@code "credentials.delete"}
 * @param actor who initiated it, as the host named them, or {@code null}
 * @param groupId the group concerned, or {@code null}
 * @param subject the member or object concerned (a directory object id), or {@code null}
 * @param subjectLabel a readable label of the subject (an e-mail or a name), or {@code null}
 * @param outcome {@code "applied"}, {@code "already_in_state"} or {@code "failed"}
 * @param requestId the Graph request-id, or {@code null}
 * @param detail a short explanation (the failure reason), or {@code null}
 * @since 0.1.0
 */
public record AuditEvent(
        Instant at,
        OrganizationId organization,
        String action,
        @Nullable String actor,
        @Nullable String groupId,
        @Nullable String subject,
        @Nullable String subjectLabel,
        String outcome,
        @Nullable String requestId,
        @Nullable String detail) {

    /**
     * Reject nulls in the required components.
     *
     * @param at when the change completed
     * @param organization the organization
     * @param action what was done, for example {@code "member.add"}, {@code "member.remove"}, {@code "owner.add"} (since 0.2.0), {@code "group.create"}, {@code "group.link"}, {@code "group.unlink"}, {@code "credentials.save"}, {@code "credentials.delete"}
     * @param actor who initiated it, as the host named them, or {@code null}
     * @param groupId the group concerned, or {@code null}
     * @param subject the member or object concerned (a directory object id), or {@code null}
     * @param subjectLabel a readable label of the subject (an e-mail or a name), or {@code null}
     * @param outcome {@code "applied"}, {@code "already_in_state"} or {@code "failed"}
     * @param requestId the Graph request-id, or {@code null}
     * @param detail a short explanation (the failure reason), or {@code null}
     */
    public AuditEvent {
        Objects.requireNonNull(at, "'at' must not be null");
        Objects.requireNonNull(organization, "'organization' must not be null");
        Objects.requireNonNull(action, "'action' must not be null");
        Objects.requireNonNull(outcome, "'outcome' must not be null");
    }

    /**
     * Return the actor, if given.
     *
     * @return the actor
     * @since 0.1.0
     */
    public Optional<String> actorIfAny() {
        return Optional.ofNullable(actor);
    }
}
