package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.internal.graph.BatchSender;
import cc.equa.msgraph.internal.graph.GuestSettings;
import cc.equa.msgraph.internal.graph.Step;
import cc.equa.msgraph.internal.graph.StepResponse;
import cc.equa.msgraph.internal.graph.UserRecord;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What sync needs from Microsoft Graph: the seam between the sync engine and the Graph gateway
 * ({@code internal.graph}), implemented there by {@link SdkGraphPort} and in tests by in-memory groups.
 */
public interface GraphPort extends BatchSender {

    /**
     * Read a group's direct members (all pages), owners and this app's object id.
     *
     * @param groupId the group
     * @return the state
     */
    GroupState readGroup(String groupId);

    /**
     * Read a group's direct member ids (all pages).
     *
     * @param groupId the group
     * @return the ids
     */
    Set<String> memberIds(String groupId);

    /**
     * Tell whether a group exists.
     *
     * @param groupId the group
     * @return true if it does
     */
    boolean groupExists(String groupId);

    /**
     * Start tracking a group's members and owners with Graph's group delta query from now
     * ({@code $deltatoken=latest}), without its initial full round.
     *
     * @param groupId the group
     * @return the deltaLink, or null if delta is unavailable (any failure)
     */
    default @Nullable String deltaStart(String groupId) {
        return null;
    }

    /**
     * Follow a deltaLink (every page) and tell whether the tracked group's members or owners changed.
     *
     * @param deltaLink the link
     * @return the next deltaLink if nothing changed; null if something changed or the link failed (expired, denied)
     */
    default @Nullable String deltaUnchanged(String deltaLink) {
        return null;
    }

    /**
     * Return the application permissions the organization's current access token carries (its {@code roles} claim),
     * to tell a missing permission from a refusal of one object ({@link WritePermission}).
     *
     * @return the roles; empty when the token cannot be read (Microsoft does not promise readable tokens)
     */
    default Optional<Set<String>> grantedRoles() {
        return Optional.empty();
    }

    /**
     * Read whether the group accepts guests as members (its Microsoft 365 group settings); asked only when a plan
     * would add a guest. Never throws: a setting that cannot be read is {@link GuestSettings.Verdict#UNKNOWN}.
     *
     * @param groupId the group
     * @return the answer
     */
    default GuestSettings.Answer guestSettings(String groupId) {
        return new GuestSettings.Answer(GuestSettings.Verdict.UNKNOWN, "guest settings are not read here");
    }

    /**
     * Look users up by OData filter (one {@code $batch} step per filter, every page followed, retried like any
     * batch). A failed lookup throws; it never reads as "no such user".
     *
     * @param filters the filters
     * @param operation what is being done, for errors
     * @return every user found
     */
    List<UserRecord> findUsers(List<String> filters, String operation);

    /**
     * Send at most 20 steps as one {@code $batch} and return one response per step, in the steps' order. A failure of
     * the batch as a whole is returned as the same response for every step.
     *
     * @param steps the steps
     * @return the responses
     */
    @Override
    List<StepResponse> batch(List<Step> steps);
}
