package cc.equa.msgraph;

import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.internal.Display;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The result of a connection test: its {@linkplain #verdict() verdict} (passed, passed with limits, failed), whether a
 * token was acquired (and if not, why), whether Graph answered, which capabilities the application has, what will not
 * work ({@link #limits()}), how long it took, and what the admin should do. Never holds a secret or a token.
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
 * @param messages the lines the admin must read: what is wrong and what to do, one line per {@linkplain #limits() limit} (its {@linkplain ConnectionLimit#summary() summary}), and what blocks the next step (such as a tenant without groups); empty when the verdict is {@link ConnectionVerdict#PASSED} and nothing needs doing. No line contradicts a capability check
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

    /** The capabilities nothing works without: a report lacking one of them is {@link ConnectionVerdict#FAILED}. */
    private static final List<Capability> REQUIRED = List.of(Capability.LIST_GROUPS, Capability.READ_MEMBERS,
            Capability.READ_USER_EMAILS);

    /** Application permissions that show users' aliases and account state, not only the basic profile. */
    private static final Set<String> FULL_USER_READ = Set.of("User.Read.All", "User.ReadWrite.All",
            "Directory.Read.All", "Directory.ReadWrite.All");

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
     * @param messages the lines the admin must read: what is wrong and what to do, one line per {@linkplain #limits() limit} (its {@linkplain ConnectionLimit#summary() summary}), and what blocks the next step (such as a tenant without groups); empty when the verdict is {@link ConnectionVerdict#PASSED} and nothing needs doing. No line contradicts a capability check
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
     * Return the verdict the admin acts on.
     *
     * <ul>
     *   <li>{@link ConnectionVerdict#FAILED}: no token, Graph not reached, or one of {@link Capability#LIST_GROUPS},
     *       {@link Capability#READ_MEMBERS} and {@link Capability#READ_USER_EMAILS} is not
     *       {@linkplain CapabilityCheck#allowed() allowed} (denied, or undecided: without them no group can be linked
     *       and no team member matched). {@link #messages()} says why.</li>
     *   <li>{@link ConnectionVerdict#PASSED_WITH_LIMITS}: not failed, and {@link #limits()} is not empty.</li>
     *   <li>{@link ConnectionVerdict#PASSED}: not failed, and no limit.</li>
     * </ul>
     *
     * @return the verdict
     * @since 0.2.0
     */
    public ConnectionVerdict verdict() {
        if (!connected()) {
            return ConnectionVerdict.FAILED;
        }
        return limits().isEmpty() ? ConnectionVerdict.PASSED : ConnectionVerdict.PASSED_WITH_LIMITS;
    }

    /**
     * Return what will not work although the test passed, each with why and the permission that lifts it, in this
     * order: {@link ConnectionLimit.Kind#CANNOT_MANAGE_MEMBERSHIP} when {@link Capability#MANAGE_MEMBERSHIP} is not
     * allowed, {@link ConnectionLimit.Kind#CANNOT_CREATE_GROUPS} when {@link Capability#CREATE_GROUPS} is not
     * allowed (including "undecided": a limit is anything not known to work), and
     * {@link ConnectionLimit.Kind#CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE} when the token's roles carry none of
     * {@code User.Read.All}, {@code User.ReadWrite.All}, {@code Directory.Read.All}, {@code Directory.ReadWrite.All}
     * (for example {@code User.ReadBasic.All} only) or cannot be read.
     *
     * @return the limits; empty when the verdict is {@link ConnectionVerdict#PASSED}, and when it is
     *     {@link ConnectionVerdict#FAILED} (then {@link #messages()} says what is wrong)
     * @since 0.2.0
     */
    public List<ConnectionLimit> limits() {
        if (!connected()) {
            return List.of();
        }
        List<ConnectionLimit> limits = new ArrayList<>();
        limit(Capability.MANAGE_MEMBERSHIP, ConnectionLimit.Kind.CANNOT_MANAGE_MEMBERSHIP, limits);
        limit(Capability.CREATE_GROUPS, ConnectionLimit.Kind.CANNOT_CREATE_GROUPS, limits);
        if (grantedRoles.isEmpty()) {
            // Reads were allowed, so consent was granted: an empty role set means the token could not be read.
            limits.add(new ConnectionLimit(ConnectionLimit.Kind.CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE,
                    "not confirmed: the access token's roles could not be read",
                    ConnectionLimit.Kind.CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE.permissions()));
        } else if (grantedRoles.stream().noneMatch(FULL_USER_READ::contains)) {
            List<String> userRead = grantedRoles.stream().filter(r -> r.startsWith("User.")).sorted().toList();
            limits.add(new ConnectionLimit(ConnectionLimit.Kind.CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE,
                    "the token carries " + (userRead.isEmpty() ? "no user permission that shows them"
                            : String.join(", ", userRead) + " only (the basic profile)"),
                    ConnectionLimit.Kind.CANNOT_SEE_ALIASES_OR_ACCOUNT_STATE.permissions()));
        }
        return List.copyOf(limits);
    }

    /**
     * Tell whether the test passed, with or without limits: exactly {@code verdict() != ConnectionVerdict.FAILED}.
     * This is the condition under which {@link OrganizationIntegration#connect} stores the credentials.
     *
     * <p>Since 0.2.0 it also needs members and users to be readable, not only groups to be listed.
     *
     * @return true if the verdict is {@link ConnectionVerdict#PASSED} or {@link ConnectionVerdict#PASSED_WITH_LIMITS}
     * @since 0.1.0
     */
    public boolean passed() {
        return verdict() != ConnectionVerdict.FAILED;
    }

    /**
     * Tell whether everything works: exactly {@code verdict() == ConnectionVerdict.PASSED} (no limit; since 0.2.0
     * that includes seeing users' aliases and account state).
     *
     * @return true if the verdict is {@link ConnectionVerdict#PASSED}
     * @deprecated use {@link #verdict()}, which also tells a limited pass from a failure; this is
     *     {@code verdict() == ConnectionVerdict.PASSED}
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public boolean fullyCapable() {
        return verdict() == ConnectionVerdict.PASSED;
    }

    /** Token, Graph, and the reads nothing works without. */
    private boolean connected() {
        return tokenAcquired && graphReachable && REQUIRED.stream()
                .allMatch(c -> capability(c).map(CapabilityCheck::allowed).orElse(false));
    }

    private void limit(Capability capability, ConnectionLimit.Kind kind, List<ConnectionLimit> limits) {
        Optional<CapabilityCheck> check = capability(capability);
        if (check.isPresent() && check.get().allowed()) {
            return;
        }
        String why = check.map(c -> switch (c.status()) {
            case UNKNOWN -> "could not be checked (" + c.detail() + "); test again";
            default -> c.detail();
        }).orElse("not checked");
        limits.add(new ConnectionLimit(kind, why, kind.permissions()));
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
     * Render the report as an admin would read it on the settings screen: the verdict, then one line per item,
     * each limit with the permission that lifts it, and the other messages.
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
                .append(verdict().label()).append(" in ").append(latency.toMillis()).append(" ms")
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
        List<ConnectionLimit> limits = limits();
        Set<String> limitLines = new HashSet<>();
        if (!limits.isEmpty()) {
            sb.append("  Will not work until granted:\n");
            for (ConnectionLimit l : limits) {
                limitLines.add(l.summary());
                sb.append("  - ").append(Display.safe(l.summary(), 600)).append('\n');
            }
        }
        for (String m : messages) {
            if (!limitLines.contains(m)) {
                sb.append("  -> ").append(Display.safe(m)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Return this report if the test {@linkplain #passed() passed} (with or without limits), or throw an exception
     * describing the first problem.
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
