package cc.equa.msgraph.internal.graph;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link BatchRunner} needs to send one {@code $batch}: {@link Batch} on the wire, or a scripted stand-in in
 * tests. Sync's {@code GraphPort} extends it, so the runner is handed the port.
 */
public interface BatchSender {

    /**
     * Send at most 20 steps as one {@code $batch} and return one response per step, in the steps' order. A failure of
     * the batch as a whole is returned as the same response for every step.
     *
     * @param steps the steps
     * @return the responses
     */
    List<StepResponse> batch(List<Step> steps);

    /**
     * Drop the organization's cached access token after Graph refused it (401), so the next request acquires a fresh
     * one; with the claims of a {@code WWW-Authenticate} challenge, the fresh token is requested with them.
     *
     * @param claims the challenge's claims (JSON), or null
     */
    default void renewToken(@Nullable String claims) {
    }
}
