package cc.equa.msgraph.internal.plan;

import java.util.regex.Pattern;

/**
 * A plan's authentication as its JSON carries it: the id of the key it was signed with and the HMAC-SHA256 over its
 * canonical content. Neither is secret. A seal read from JSON is only a claim until {@link PlanAuthenticator}
 * recomputes it with the key.
 *
 * @param keyId the key's id
 * @param mac {@code hmac-sha256:} and 64 lower-case hex digits
 */
public record PlanSeal(String keyId, String mac) {

    /** What a key id looks like (as {@code PlanKey} accepts it). */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** What a MAC looks like. */
    static final Pattern MAC = Pattern.compile("hmac-sha256:[0-9a-f]{64}");
}
