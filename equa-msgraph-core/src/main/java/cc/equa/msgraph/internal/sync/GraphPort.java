package cc.equa.msgraph.internal.sync;

import java.util.List;
import java.util.Set;

/** What sync needs from Microsoft Graph: the seam between the sync engine and the SDK. */
public interface GraphPort {

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
     * Send at most 20 steps as one {@code $batch} and return one response per step, in the steps' order. A failure of
     * the batch as a whole is returned as the same response for every step.
     *
     * @param steps the steps
     * @return the responses
     */
    List<StepResponse> batch(List<Step> steps);
}
