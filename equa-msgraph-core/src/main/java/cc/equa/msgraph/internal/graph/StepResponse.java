package cc.equa.msgraph.internal.graph;

import com.google.gson.JsonObject;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The answer to one batch step (or, for the whole batch, a synthesized one when the batch itself failed).
 *
 * @param status the HTTP status; 0 when there was no answer (transport failure)
 * @param retryAfter the step's Retry-After, or null
 * @param requestId the request-id, or null
 * @param code Graph's error code, or null
 * @param message Graph's error message, or null
 * @param body the JSON body, or null
 * @param claims the claims of a {@code WWW-Authenticate} challenge on a 401 (decoded JSON), or null
 */
public record StepResponse(int status, @Nullable Duration retryAfter, @Nullable String requestId,
        @Nullable String code, @Nullable String message, @Nullable JsonObject body, @Nullable String claims) {

    /**
     * An answer without a claims challenge.
     *
     * @param status the HTTP status; 0 when there was no answer
     * @param retryAfter the Retry-After, or null
     * @param requestId the request-id, or null
     * @param code Graph's error code, or null
     * @param message Graph's error message, or null
     * @param body the JSON body, or null
     */
    public StepResponse(int status, @Nullable Duration retryAfter, @Nullable String requestId,
            @Nullable String code, @Nullable String message, @Nullable JsonObject body) {
        this(status, retryAfter, requestId, code, message, body, null);
    }

    /**
     * Tell whether the step succeeded.
     *
     * @return true for 2xx
     */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /**
     * Tell whether a retry may succeed: 429, 503, 504, 424 (a whole {@code $batch} answered "failed dependency"
     * without per-item answers; this library sends no {@code dependsOn}), or no (usable) answer.
     *
     * @return true if transient
     */
    public boolean isTransient() {
        return status == 429 || status == 503 || status == 504 || status == 424 || status == 0;
    }

    /**
     * Tell whether a retry may succeed for a step, a read or a write: also 500 and 502, which Graph documents as
     * service errors (https://learn.microsoft.com/en-us/graph/errors#http-status-codes). A read repeats safely; a write
     * that met a 500 may have happened, but this library's writes converge on a repeat (an addition answered "already
     * exist" and a removal answered 404 count as done), as they already do after a lost answer (status 0).
     *
     * @return true if the step may be retried
     */
    public boolean isRetriable() {
        return isTransient() || status == 500 || status == 502;
    }

    /**
     * Tell whether the access token was refused (401): the token is dropped and the step tried once more.
     *
     * @return true for 401
     */
    public boolean isUnauthorized() {
        return status == 401;
    }

    /**
     * Tell whether Graph refused to add a guest because the group's or the tenant's Microsoft 365 group setting
     * ({@code AllowToAddGuests}) does not allow guests: 403 "Guests users are not allowed to join this Unified Group
     * due to policy setting" (microsoft-365-docs issue 11991; group-membership-management issue 36). Inside a bind
     * the whole request fails for one guest.
     *
     * @return true for that refusal
     */
    public boolean isGuestRefusal() {
        return status == 403 && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("guest")
                && message.toLowerCase(java.util.Locale.ROOT).contains("not allowed");
    }

    /**
     * Tell whether this is the 400 Graph may answer for removing a member that is not a member (besides 404): "One
     * or more removed object references do not exist for the following modified properties: 'members'."
     * (canvas-lms groups_endpoints_spec.rb; group-membership-management GraphGroupMembershipUpdater.cs).
     *
     * @return true for that answer
     */
    public boolean isRemovedReferenceMissing() {
        return status == 400 && message != null && message.contains("removed object references do not exist");
    }

    /**
     * Tell whether this is Graph's "already exist" answer to adding an existing member.
     *
     * @return true for a 400 whose message says "already exist"
     */
    public boolean isAlreadyExists() {
        return status == 400 && message != null && message.contains("already exist");
    }
}
