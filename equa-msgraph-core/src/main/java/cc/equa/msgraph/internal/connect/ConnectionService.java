package cc.equa.msgraph.internal.connect;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.AuthenticationException;
import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck;
import cc.equa.msgraph.CapabilityCheck.Status;
import cc.equa.msgraph.ConnectOption;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.IntegrationUnavailableException;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.graph.Gateway;
import cc.equa.msgraph.internal.graph.TokenClaims;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test, connect and save an organization's credentials.
 *
 * <p>A test acquires a token, then makes cheap probe calls: {@code GET /groups?$top=1&$select=id},
 * {@code GET /users?$top=1&$select=id,mail}, {@code GET /groups/{id}/members?$top=1&$select=id} of the linked group
 * (or the group the first probe found), and the harmless {@code DELETE /groups/{id}/members/{random GUID}/$ref}
 * (403: cannot manage membership; 404: can). Creating groups is judged from the token's {@code roles} claim, as a
 * hint only. Nothing is ever changed in the tenant.
 *
 * <p>Decision: {@code connect} <em>returns</em> the report whether or not the test passed; the credentials are stored
 * only if it passed (or {@link ConnectOption#SAVE_IF_TEST_FAILS} was given), and {@link ConnectionReport#saved()}
 * says which. Invalid input and a disabled integration throw before any network call.
 */
public final class ConnectionService {

    /** Application permissions that expose users' aliases, account state and type (not only the basic profile). */
    private static final Set<String> FULL_USER_READ = Set.of("User.Read.All",
            "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionService.class);

    static final String FULL_SET = "Group.ReadWrite.All (Microsoft Graph, Application) with admin consent, or the"
            + " least-privileged GroupMember.ReadWrite.All + User.ReadBasic.All (+ Group.Create to create groups)";

    private final IntegrationRuntime runtime;

    /**
     * Create the service.
     *
     * @param runtime the runtime
     */
    public ConnectionService(IntegrationRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Test the organization's stored credentials on a new credential (so a permission granted a moment ago is seen),
     * which then serves the organization's later operations.
     *
     * @param organization the organization
     * @return the report
     */
    public ConnectionReport testStored(OrganizationId organization) {
        String operation = "Test connection for organization " + organization;
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        AppCredentials credentials = settings.credentials();
        CredentialValidator.validate(operation, credentials, runtime.config().clock().instant());
        runtime.forget(organization);
        GraphSession session = runtime.session(organization, credentials);
        return test(organization, credentials, session, settings.linkedGroupId(), operation);
    }

    /**
     * Test candidate credentials without storing them, on a throw-away credential.
     *
     * @param organization the organization
     * @param credentials the candidate credentials
     * @return the report
     */
    public ConnectionReport testCandidate(OrganizationId organization, AppCredentials credentials) {
        String operation = "Test connection for organization " + organization;
        IntegrationSettings settings = requireEnabled(organization, operation);
        CredentialValidator.validate(operation, credentials, runtime.config().clock().instant());
        GraphSession session = runtime.transientSession(organization, credentials);
        try {
            return test(organization, credentials, session, settings.linkedGroupId(), operation);
        } finally {
            session.close();
        }
    }

    /**
     * Validate, test and (if the test passed or the option says so) store credentials.
     *
     * @param organization the organization
     * @param credentials the credentials
     * @param options the options
     * @return the report, with {@code saved} telling whether they were stored
     */
    public ConnectionReport connect(OrganizationId organization, AppCredentials credentials,
            Set<ConnectOption> options) {
        String operation = "Connect organization " + organization;
        IntegrationSettings settings = requireEnabled(organization, operation);
        CredentialValidator.validate(operation, credentials, runtime.config().clock().instant());
        GraphSession session = runtime.transientSession(organization, credentials);
        ConnectionReport report;
        try {
            report = test(organization, credentials, session, settings.linkedGroupId(), operation);
        } finally {
            session.close();
        }
        if (!report.passed() && !options.contains(ConnectOption.SAVE_IF_TEST_FAILS)) {
            LOG.info("{}: connection test failed; credentials not saved", operation);
            return report;
        }
        store(organization, credentials, operation,
                report.passed() ? "connection test passed" : "saved although the connection test failed");
        return withSaved(report);
    }

    /**
     * Validate and store credentials without testing them (no network call).
     *
     * @param organization the organization
     * @param credentials the credentials
     */
    public void save(OrganizationId organization, AppCredentials credentials) {
        String operation = "Save credentials for organization " + organization;
        CredentialValidator.validate(operation, credentials, runtime.config().clock().instant());
        store(organization, credentials, operation, "saved without a connection test");
    }

    private void store(OrganizationId organization, AppCredentials credentials, String operation, String detail) {
        runtime.updateSettings(organization, operation, s -> s.withCredentials(credentials));
        // The next operation opens a new credential: no token of earlier credentials (or from before a consent
        // change) is reused.
        runtime.forget(organization);
        Lifecycle.audit(runtime, organization, "credentials.save", credentials.describe() + "; " + detail);
        LOG.info("{}: stored {} ({})", operation, credentials.describe(), detail);
    }

    private IntegrationSettings requireEnabled(OrganizationId organization, String operation) {
        IntegrationSettings settings = runtime.loadSettings(organization, operation)
                .orElseGet(IntegrationSettings::empty);
        if (!settings.enabled()) {
            throw new IntegrationUnavailableException(Details.of(ErrorKind.DISABLED, operation,
                    "the Microsoft integration is disabled for organization " + organization,
                    "Enable the integration for the organization first; nothing was sent."));
        }
        return settings;
    }

    private static ConnectionReport withSaved(ConnectionReport r) {
        return new ConnectionReport(r.organization(), r.credentials(), r.tokenAcquired(), r.tokenFailure(),
                r.graphReachable(), r.capabilities(), r.grantedRoles(), r.latency(), r.requestId(), r.messages(),
                true);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The outcome of one probe call. */
    private record Probe<T>(@Nullable T value, int status, @Nullable String code, @Nullable String requestId,
            @Nullable MsGraphException failure) {

        boolean ok() {
            return failure == null;
        }

        boolean answered() {
            return status > 0;
        }
    }

    private ConnectionReport test(OrganizationId organization, AppCredentials credentials, GraphSession session,
            @Nullable String linkedGroupId, String operation) {
        long started = System.nanoTime();
        List<String> messages = new ArrayList<>();
        AccessToken token;
        try {
            token = session.tokens().getTokenSync(new TokenRequestContext().addScopes(session.cloud().scope())
                    .setCaeEnabled(true));
        } catch (RuntimeException e) {
            MsGraphException mapped = ErrorMapper.fromToken("Acquire a token", e);
            AuthFailure failure = mapped instanceof AuthenticationException a ? a.failure()
                    : mapped.kind() == ErrorKind.SERVICE ? AuthFailure.SERVICE_UNAVAILABLE : AuthFailure.OTHER;
            messages.add("The connection test failed: " + mapped.reason() + ". " + mapped.remediation());
            if (failure != AuthFailure.NETWORK && failure != AuthFailure.SERVICE_UNAVAILABLE) {
                messages.add("Check that the Client ID, Tenant ID and Client Secret are the app registration's, and"
                        + " that the app has " + FULL_SET + ".");
            }
            List<CapabilityCheck> checks = new ArrayList<>();
            for (Capability c : Capability.values()) {
                checks.add(new CapabilityCheck(c, Status.UNKNOWN, "not checked: no token", "", null, null));
            }
            ConnectionReport report = new ConnectionReport(organization, credentials.describe(), false, failure,
                    false, checks, Set.of(), elapsed(started), mapped.requestId().orElse(null), messages, false);
            LOG.info("{}: no token ({}{})", operation, failure,
                    mapped.graphErrorCode().map(c -> ", " + c).orElse(""));
            return report;
        }
        Optional<Set<String>> roles = TokenClaims.roles(token.getToken());
        Gateway gateway = new Gateway(runtime.calls(), session);
        Set<String> granted = roles.orElse(Set.of());
        boolean noRoles = roles.isPresent() && granted.isEmpty();

        Probe<GroupCollectionResponse> groups = call("List groups (GET /groups?$top=1)",
                Capability.LIST_GROUPS, gateway.groups()::probeList);
        Probe<UserCollectionResponse> users = call("Read users (GET /users?$top=1)",
                Capability.READ_USER_EMAILS, gateway.users()::probeList);
        String foundGroup = groups.ok() && groups.value() != null && groups.value().getValue() != null
                && !groups.value().getValue().isEmpty() ? idOf(groups.value().getValue().get(0)) : null;

        String target = linkedGroupId != null ? linkedGroupId : foundGroup;
        Probe<DirectoryObjectCollectionResponse> members = target == null ? null : readMembers(gateway, target);
        if (members != null && members.status() == 404 && linkedGroupId != null) {
            messages.add("The linked group " + linkedGroupId + " no longer exists (HTTP 404): link another group or"
                    + " create a new one.");
            target = foundGroup;
            members = target == null ? null : readMembers(gateway, target);
        }
        Probe<Void> manage = null;
        if (target != null) {
            String probeTarget = target;
            String randomMember = UUID.randomUUID().toString();
            manage = call("Probe membership management (DELETE /groups/{id}/members/{random}/$ref)",
                    Capability.MANAGE_MEMBERSHIP, h -> {
                        gateway.groups().probeRemoveRef(probeTarget, randomMember, h);
                        return null;
                    });
        }

        boolean anyAnswer = groups.answered() || users.answered() || (members != null && members.answered())
                || (manage != null && manage.answered());
        boolean anyDenied = groups.status() == 403 || users.status() == 403
                || (members != null && members.status() == 403) || (manage != null && manage.status() == 403);
        boolean consentMissing = noRoles && anyDenied;
        if (consentMissing) {
            messages.add("Admin consent not granted: the access token carries no application permissions, so"
                    + " Microsoft Graph refuses the calls (HTTP 403). In the Entra admin center open the app"
                    + " registration, API permissions, add " + FULL_SET + " and click 'Grant admin consent'; then"
                    + " test again.");
        }

        List<CapabilityCheck> checks = new ArrayList<>();
        checks.add(readCheck(Capability.LIST_GROUPS, groups, "GET /groups?$top=1&$select=id", consentMissing,
                messages));
        if (groups.ok() && foundGroup == null && linkedGroupId == null) {
            messages.add("Groups cannot be listed because the tenant has no groups yet: create a Microsoft 365 group"
                    + " here (needs Group.Create or Group.ReadWrite.All) or in the Microsoft 365 admin center.");
        }
        if (members != null) {
            checks.add(readCheck(Capability.READ_MEMBERS, members,
                    "GET /groups/" + target + "/members?$top=1&$select=id", consentMissing, messages));
        } else {
            checks.add(hint(Capability.READ_MEMBERS, roles, "no group to probe", messages, false));
        }
        checks.add(readCheck(Capability.READ_USER_EMAILS, users, "GET /users?$top=1&$select=id,mail",
                consentMissing, messages));
        if (roles.isPresent() && roles.get().contains("User.ReadBasic.All")
                && roles.get().stream().noneMatch(FULL_USER_READ::contains)) {
            messages.add("With User.ReadBasic.All only, Equa team members are matched on mail and userPrincipalName;"
                    + " matching on aliases (otherMails, proxyAddresses) and seeing disabled or guest accounts needs"
                    + " User.Read.All (Application) with admin consent.");
        }
        if (manage != null) {
            checks.add(manageCheck(manage, target, consentMissing, messages));
        } else {
            checks.add(hint(Capability.MANAGE_MEMBERSHIP, roles, "no group to probe", messages, false));
        }
        checks.add(hint(Capability.CREATE_GROUPS, roles, "not probed (it would create a group)", messages, true));
        if (!anyAnswer) {
            MsGraphException f = groups.failure();
            messages.add(0, "Microsoft Graph could not be reached" + (f == null ? "" : ": " + f.reason()) + ". "
                    + (f == null ? "" : f.remediation()));
        }
        String requestId = firstNonNull(groups.requestId(), users.requestId(),
                members == null ? null : members.requestId(), manage == null ? null : manage.requestId());
        ConnectionReport report = new ConnectionReport(organization, credentials.describe(), true, null, anyAnswer,
                checks, granted, elapsed(started), requestId, messages, false);
        LOG.info("{}: {} in {} ms (missing: {})", operation, report.passed() ? "passed" : "failed",
                report.latency().toMillis(), report.missingPermissions());
        return report;
    }

    private Probe<DirectoryObjectCollectionResponse> readMembers(Gateway gateway, String groupId) {
        return call("Read members (GET /groups/{id}/members?$top=1)", Capability.READ_MEMBERS,
                h -> gateway.groups().probeMembers(groupId, h));
    }

    private <T> Probe<T> call(String operation, Capability capability,
            Function<HeadersInspectionOption, T> call) {
        HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
        try {
            // No transport retries in a test (it must fail fast); 429/503/504 are still retried after Retry-After.
            T value = runtime.calls().run(operation, capability.permissions(), false, () -> call.apply(headers));
            String requestId = GraphFailure.header(headers.getResponseHeaders(), "request-id");
            return new Probe<>(value, 200, null, requestId, null);
        } catch (MsGraphException e) {
            LOG.debug("{}: {}", operation, e.getMessage());
            return new Probe<>(null, e.httpStatus().orElse(0), e.graphErrorCode().orElse(null),
                    e.requestId().orElse(null), e);
        } catch (RuntimeException e) {
            MsGraphException mapped = ErrorMapper.map(operation, e, capability.permissions());
            return new Probe<>(null, mapped.httpStatus().orElse(0), mapped.graphErrorCode().orElse(null),
                    mapped.requestId().orElse(null), mapped);
        }
    }

    private static CapabilityCheck readCheck(Capability capability, Probe<?> probe, String what,
            boolean consentMissing, List<String> messages) {
        if (probe.ok()) {
            return new CapabilityCheck(capability, Status.ALLOWED, what + " succeeded", "", 200, probe.requestId());
        }
        if (probe.status() == 403) {
            String remediation = (consentMissing ? "Admin consent not granted. " : "") + grantText(capability);
            messages.add(deniedMessage(capability, consentMissing));
            return new CapabilityCheck(capability, Status.DENIED, what + " was refused (HTTP 403"
                    + (probe.code() == null ? "" : ", " + probe.code()) + ")", remediation, 403, probe.requestId());
        }
        return undecided(capability, probe, what, messages);
    }

    private static CapabilityCheck manageCheck(Probe<?> probe, String groupId, boolean consentMissing,
            List<String> messages) {
        String what = "DELETE /groups/" + groupId + "/members/{random GUID}/$ref";
        if (probe.status() == 404 || probe.ok()) {
            return new CapabilityCheck(Capability.MANAGE_MEMBERSHIP, Status.ALLOWED,
                    what + " answered " + (probe.ok() ? "2xx" : "404 (not a member)") + ": removal is permitted",
                    "", probe.ok() ? 204 : 404, probe.requestId());
        }
        if (probe.status() == 403) {
            messages.add(deniedMessage(Capability.MANAGE_MEMBERSHIP, consentMissing));
            return new CapabilityCheck(Capability.MANAGE_MEMBERSHIP, Status.DENIED, what + " was refused (HTTP 403"
                    + (probe.code() == null ? "" : ", " + probe.code()) + ")",
                    (consentMissing ? "Admin consent not granted. " : "") + grantText(Capability.MANAGE_MEMBERSHIP),
                    403, probe.requestId());
        }
        return undecided(Capability.MANAGE_MEMBERSHIP, probe, what, messages);
    }

    private static CapabilityCheck undecided(Capability capability, Probe<?> probe, String what,
            List<String> messages) {
        MsGraphException f = probe.failure();
        if (probe.answered()) {
            messages.add("Microsoft Graph answered HTTP " + probe.status()
                    + (probe.code() == null ? "" : " (" + probe.code() + ")") + " to " + what
                    + (probe.requestId() == null ? "" : ", request-id " + probe.requestId()) + ": "
                    + (f == null ? "retry later." : f.remediation()));
        }
        return new CapabilityCheck(capability, Status.UNKNOWN, what + (probe.answered()
                ? " failed with HTTP " + probe.status() : " got no answer"), f == null ? "" : f.remediation(),
                probe.answered() ? probe.status() : null, probe.requestId());
    }

    private static CapabilityCheck hint(Capability capability, Optional<Set<String>> roles, String why,
            List<String> messages, boolean warn) {
        if (roles.isEmpty()) {
            return new CapabilityCheck(capability, Status.UNKNOWN, why + "; the token's roles are unreadable", "",
                    null, null);
        }
        boolean likely = capability.permissions().stream().anyMatch(roles.get()::contains);
        if (likely) {
            return new CapabilityCheck(capability, Status.LIKELY_ALLOWED,
                    why + "; the token carries " + String.join(" or ", capability.permissions().stream()
                            .filter(roles.get()::contains).toList()), "", null, null);
        }
        if (warn) {
            messages.add(deniedMessage(capability, roles.get().isEmpty()).replace("cannot", "will probably not"));
        }
        return new CapabilityCheck(capability, Status.LIKELY_DENIED,
                why + "; the token carries none of " + String.join(", ", capability.permissions()),
                grantText(capability), null, null);
    }

    private static String deniedMessage(Capability capability, boolean consentMissing) {
        String consent = consentMissing ? " (admin consent not granted)" : "";
        return switch (capability) {
            case LIST_GROUPS -> "Groups cannot be listed: the app lacks permission to list them" + consent
                    + ". Grant Group.Read.All at minimum (or GroupMember.Read.All; Group.ReadWrite.All covers"
                    + " everything this integration does) and grant admin consent.";
            case READ_MEMBERS -> "Group members cannot be read: the app lacks permission" + consent
                    + ". Grant GroupMember.Read.All (or Group.Read.All, or Group.ReadWrite.All) and grant admin"
                    + " consent.";
            case READ_USER_EMAILS -> "Users' e-mail addresses cannot be read, so Equa team members cannot be"
                    + " matched" + consent + ". Grant User.ReadBasic.All (least privileged) or User.Read.All and"
                    + " grant admin consent.";
            case MANAGE_MEMBERSHIP -> "Membership cannot be managed: the app lacks write permission" + consent
                    + ". Grant Group.ReadWrite.All (or the least-privileged GroupMember.ReadWrite.All) and grant"
                    + " admin consent.";
            case CREATE_GROUPS -> "Groups cannot be created from here: the token carries none of Group.Create,"
                    + " Group.ReadWrite.All or Directory.ReadWrite.All" + consent + ". Grant Group.Create (least"
                    + " privileged) and grant admin consent if the organization should create groups here.";
        };
    }

    static String grantText(Capability capability) {
        List<String> p = capability.permissions();
        return "Grant the Microsoft Graph application permission " + p.get(0)
                + (p.size() > 1 ? " (or " + String.join(", ", p.subList(1, p.size())) + ")" : "")
                + " and grant admin consent.";
    }

    private static @Nullable String idOf(Group group) {
        return group.getId();
    }

    @SafeVarargs
    private static <T> @Nullable T firstNonNull(@Nullable T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Return the options as a set.
     *
     * @param options the options
     * @return the set
     */
    public static Set<ConnectOption> optionSet(ConnectOption... options) {
        Set<ConnectOption> set = EnumSet.noneOf(ConnectOption.class);
        for (ConnectOption o : options) {
            set.add(Objects.requireNonNull(o, "'options' must not contain null"));
        }
        return set;
    }
}
