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
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.graph.Gateway;
import cc.equa.msgraph.internal.graph.TokenClaims;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.graph.models.Group;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * only if it passed, with or without limits (or {@link ConnectOption#SAVE_IF_TEST_FAILS} was given), and
 * {@link ConnectionReport#saved()} says which; {@link ConnectionReport#limits()} says what will not work. Invalid input and a disabled integration throw before any network call.
 */
public final class ConnectionService {


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
        store(organization, credentials, operation, switch (report.verdict()) {
            case PASSED -> "connection test passed";
            case PASSED_WITH_LIMITS -> "connection test passed with limits: " + report.limits().stream()
                    .map(l -> l.kind().name()).toList();
            case FAILED -> "saved although the connection test failed";
        });
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

    private ConnectionReport test(OrganizationId organization, AppCredentials credentials, GraphSession session,
            @Nullable String linkedGroupId, String operation) {
        long started = System.nanoTime();
        AccessToken token;
        try {
            token = session.tokens().getTokenSync(new TokenRequestContext().addScopes(session.cloud().scope())
                    .setCaeEnabled(true));
        } catch (RuntimeException e) {
            return noToken(organization, credentials, e, started, operation);
        }
        ConnectionReport report = new CapabilityProbe(runtime.calls(), new Gateway(runtime.calls(), session),
                TokenClaims.roles(token.getToken())).run(organization, credentials, linkedGroupId, started);
        LOG.info("{}: {} in {} ms (missing: {})", operation, report.verdict().label(),
                report.latency().toMillis(), report.missingPermissions());
        return report;
    }

    /** The report when no token could be had: every capability unknown, the sign-in failure explained. */
    private static ConnectionReport noToken(OrganizationId organization, AppCredentials credentials,
            RuntimeException e, long started, String operation) {
        List<String> messages = new ArrayList<>();
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
        LOG.info("{}: no token ({}{})", operation, failure, mapped.graphErrorCode().map(c -> ", " + c).orElse(""));
        return report;
    }

    static Duration elapsed(long startedNanos) {
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
