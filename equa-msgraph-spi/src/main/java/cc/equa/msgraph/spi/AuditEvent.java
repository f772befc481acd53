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

    /**
     * Return the component {@code actor}: who initiated it, as the host named them, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #actorIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String actor() {
        return actor;
    }

    /**
     * Return the group concerned, if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> groupIdIfAny() {
        return Optional.ofNullable(groupId);
    }

    /**
     * Return the component {@code groupId}: the group concerned, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #groupIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String groupId() {
        return groupId;
    }

    /**
     * Return the member or object concerned (a directory object id), if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> subjectIfAny() {
        return Optional.ofNullable(subject);
    }

    /**
     * Return the component {@code subject}: the member or object concerned (a directory object id), or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #subjectIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String subject() {
        return subject;
    }

    /**
     * Return a readable label of the subject (an e-mail or a name), if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> subjectLabelIfAny() {
        return Optional.ofNullable(subjectLabel);
    }

    /**
     * Return the component {@code subjectLabel}: a readable label of the subject (an e-mail or a name), or {@code
     * null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #subjectLabelIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String subjectLabel() {
        return subjectLabel;
    }

    /**
     * Return the Graph request-id, if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> requestIdIfAny() {
        return Optional.ofNullable(requestId);
    }

    /**
     * Return the component {@code requestId}: the Graph request-id, or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #requestIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String requestId() {
        return requestId;
    }

    /**
     * Return the short explanation (the failure reason), if any.
     *
     * @return the value, or empty when absent
     * @since 0.2.0
     */
    public Optional<String> detailIfAny() {
        return Optional.ofNullable(detail);
    }

    /**
     * Return the component {@code detail}: a short explanation (the failure reason), or {@code null}.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #detailIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String detail() {
        return detail;
    }
}
