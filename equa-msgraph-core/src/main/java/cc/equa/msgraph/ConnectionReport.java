package cc.equa.msgraph;

import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.internal.Display;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The result of a connection test: whether a token was acquired (and if not, why), whether Graph answered, which
 * capabilities the application has, how long it took, and what the admin should do. Never holds a secret or a
 * token.
 *
 * @param organization the organization tested
 * @param credentials a secret-free description of the credentials tested
 * @param tokenAcquired whether Entra issued an access token
 * @param tokenFailure why not, or {@code null} when a token was acquired
 * @param graphReachable whether a Graph probe call got an answer
 * @param capabilities the capability checks, in {@link Capability} order
 * @param grantedRoles the application roles the token carried (a hint only; the probes decide)
 * @param latency the wall time of the whole test
 * @param requestId the request-id of the first Graph probe (or Entra's trace id on a token failure), for support
 * @param messages admin-readable lines: what is wrong and what to do; empty when everything is fine
 * @param saved whether the tested credentials were stored ({@link OrganizationIntegration#connect}); always
 *     {@code false} for {@link OrganizationIntegration#testConnection}
 * @since 0.1.0
 */
public record ConnectionReport(
        OrganizationId organization,
        String credentials,
        boolean tokenAcquired,
        @Nullable AuthFailure tokenFailure,
        boolean graphReachable,
        List<CapabilityCheck> capabilities,
        Set<String> grantedRoles,
        Duration latency,
        @Nullable String requestId,
        List<String> messages,
        boolean saved) {

    /**
     * Copy collections, reject nulls.
     *
     * @param organization the organization tested
     * @param credentials a secret-free description of the credentials tested
     * @param tokenAcquired whether Entra issued an access token
     * @param tokenFailure why not, or {@code null} when a token was acquired
     * @param graphReachable whether a Graph probe call got an answer
     * @param capabilities the capability checks, in {@link Capability} order
     * @param grantedRoles the application roles the token carried (a hint only; the probes decide)
     * @param latency the wall time of the whole test
     * @param requestId the request-id of the first Graph probe (or Entra's trace id on a token failure), for support
     * @param messages admin-readable lines: what is wrong and what to do; empty when everything is fine
     * @param saved whether the tested credentials were stored ({@link OrganizationIntegration#connect}); always {@code false} for {@link OrganizationIntegration#testConnection}
     */
    public ConnectionReport {
        Objects.requireNonNull(organization, "'organization' must not be null");
        Objects.requireNonNull(credentials, "'credentials' must not be null");
        capabilities = List.copyOf(capabilities);
        grantedRoles = Set.copyOf(grantedRoles);
        Objects.requireNonNull(latency, "'latency' must not be null");
        messages = List.copyOf(messages);
    }

    /**
     * Tell whether the connection works well enough to save: a token was acquired, Graph answered, and the
     * capabilities the integration needs to list groups and read members are allowed.
     *
     * @return true if the test passed
     * @since 0.1.0
     */
    public boolean passed() {
        return tokenAcquired && graphReachable && capability(Capability.LIST_GROUPS).map(CapabilityCheck::allowed)
                .orElse(false);
    }

    /**
     * Tell whether every capability is (likely) available, so that nothing the integration offers will fail for
     * lack of a permission.
     *
     * @return true if the test passed and no capability is denied or undecided
     * @since 0.1.0
     */
    public boolean fullyCapable() {
        return passed() && capabilities.stream().allMatch(CapabilityCheck::allowed);
    }

    /**
     * Return the least-privileged Microsoft Graph application permission to grant for each capability that is
     * denied or likely denied, such as {@code [GroupMember.ReadWrite.All, Group.Create]}.
     *
     * @return the permissions, in {@link Capability} order, without duplicates
     * @since 0.1.0
     */
    public List<String> missingPermissions() {
        return capabilities.stream()
                .filter(c -> c.status() == CapabilityCheck.Status.DENIED
                        || c.status() == CapabilityCheck.Status.LIKELY_DENIED)
                .map(c -> c.capability().permissions().get(0)).distinct().toList();
    }

    /**
     * Return the check of one capability.
     *
     * @param capability the capability
     * @return its check, if it was made
     * @since 0.1.0
     */
    public Optional<CapabilityCheck> capability(Capability capability) {
        return capabilities.stream().filter(c -> c.capability() == capability).findFirst();
    }

    /**
     * Return the token failure, if any.
     *
     * @return the failure
     * @since 0.1.0
     */
    public Optional<AuthFailure> tokenFailureIfAny() {
        return Optional.ofNullable(tokenFailure);
    }

    /**
     * Return the support request-id, if any.
     *
     * @return the request-id
     * @since 0.1.0
     */
    public Optional<String> requestIdIfAny() {
        return Optional.ofNullable(requestId);
    }

    /**
     * Render the report as an admin would read it on the settings screen: one line per item.
     *
     * <p>Values that came from outside (the credentials' description, Graph's and Entra's messages, roles,
     * request-ids) are shown with line breaks, control, bidi and other invisible format characters and the
     * backslash escaped (as {@code \n}, {@code \}{@code u202E}…) and capped at 200 characters ending with
     * {@code …}, so none can add a line or reverse one.
     *
     * @return the text, several lines
     * @since 0.1.0
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Connection test for ").append(Display.safe(organization)).append(" (")
                .append(Display.safe(credentials)).append("): ")
                .append(passed() ? "PASSED" : "FAILED").append(" in ").append(latency.toMillis()).append(" ms")
                .append(saved ? "; credentials saved" : "").append('\n');
        sb.append("  Token:  ").append(tokenAcquired ? "acquired" : "NOT acquired"
                + (tokenFailure == null ? "" : " (" + tokenFailure + ")")).append('\n');
        sb.append("  Graph:  ").append(graphReachable ? "reachable" : "not reached").append('\n');
        for (CapabilityCheck c : capabilities) {
            sb.append("  ").append(String.format("%-18s", c.capability())).append(' ')
                    .append(String.format("%-14s", c.status())).append(' ').append(Display.safe(c.detail())).append('\n');
        }
        if (!grantedRoles.isEmpty()) {
            sb.append("  Roles in token: ").append(String.join(", ", grantedRoles.stream().sorted().map(Display::safe).toList()))
                    .append('\n');
        }
        if (requestId != null) {
            sb.append("  Request-id for support: ").append(Display.safe(requestId)).append('\n');
        }
        for (String m : messages) {
            sb.append("  -> ").append(Display.safe(m)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Return this report if the test passed, or throw an exception describing the first problem.
     *
     * @return this report
     * @throws MsGraphException if the test did not pass
     * @since 0.1.0
     */
    public ConnectionReport orThrow() {
        if (passed()) {
            return this;
        }
        String operation = "Test connection for organization " + organization;
        String reason = messages.isEmpty() ? "the connection test did not pass" : messages.get(0);
        if (!tokenAcquired) {
            return throwing(new AuthenticationException(tokenFailure == null ? AuthFailure.OTHER : tokenFailure,
                    Details.of(ErrorKind.AUTHENTICATION, operation, reason,
                            "Correct the credentials and test again.").withHttp(null, null, requestId), null));
        }
        return throwing(new MsGraphException(Details.of(graphReachable ? ErrorKind.PERMISSION : ErrorKind.NETWORK,
                operation, reason, "See the connection report for what to grant or fix.")
                .withHttp(null, null, requestId), null));
    }

    private static ConnectionReport throwing(MsGraphException e) {
        throw e;
    }

    /**
     * Return the component {@code tokenFailure}: why not, or {@code null} when a token was acquired.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #tokenFailureIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable AuthFailure tokenFailure() {
        return tokenFailure;
    }

    /**
     * Return the component {@code requestId}: the request-id of the first Graph probe (or Entra's trace id on a token
     * failure), for support.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #requestIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String requestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return Display.record(this);
    }
}
