/**
 * Internal: connecting an organization. {@code CredentialValidator} checks what an admin entered before any network
 * call; {@code ConnectionService} acquires a token and probes each capability through the Graph gateway
 * ({@code internal.graph}), reading granted roles from the token as a hint, and saves the credentials unless the
 * report's verdict (judged by {@code ConnectionReport} from the checks and roles) is FAILED;
 * {@code Lifecycle} disables and disconnects. Not API: may change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.connect;

import org.jspecify.annotations.NullMarked;
