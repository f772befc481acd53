package cc.equa.msgraph.internal.connect;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.AuthenticationException;
import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.kiota.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Test an organization's connection: token, Graph reachability, capabilities. */
public final class ConnectionService {

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
     * Test the organization's stored credentials.
     *
     * @param organization the organization
     * @return the report
     */
    public ConnectionReport testStored(OrganizationId organization) {
        String operation = "Test connection for organization " + organization;
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        AppCredentials credentials = settings.credentials();
        return test(organization, credentials, runtime.session(organization, credentials));
    }

    /**
     * Test candidate credentials without storing them, on a fresh credential (no cached token).
     *
     * @param organization the organization
     * @param credentials the candidate credentials
     * @return the report
     */
    public ConnectionReport testCandidate(OrganizationId organization, AppCredentials credentials) {
        return test(organization, credentials, runtime.transientSession(organization, credentials));
    }

    private ConnectionReport test(OrganizationId organization, AppCredentials credentials, GraphSession session) {
        long started = System.nanoTime();
        List<String> messages = new ArrayList<>();
        List<CapabilityCheck> checks = new ArrayList<>();
        Set<String> roles = Set.of();
        AccessToken token;
        try {
            token = session.tokens().getTokenSync(new TokenRequestContext().addScopes(session.cloud().scope()));
        } catch (RuntimeException e) {
            MsGraphException mapped = ErrorMapper.fromToken("Acquire a token", e);
            AuthFailure failure = mapped instanceof AuthenticationException a ? a.failure() : AuthFailure.OTHER;
            messages.add(mapped.reason() + ". " + mapped.remediation());
            for (Capability c : Capability.values()) {
                checks.add(new CapabilityCheck(c, CapabilityCheck.Status.UNKNOWN, "not checked: no token", "",
                        null, null));
            }
            return new ConnectionReport(organization, credentials.describe(), false, failure, false, checks, roles,
                    elapsed(started), mapped.requestId().orElse(null), messages);
        }
        roles = rolesOf(token.getToken());
        String requestId = null;
        boolean reachable = false;
        try {
            GroupCollectionResponse page = session.graph().groups().get(cfg -> {
                cfg.queryParameters.top = 1;
                cfg.queryParameters.select = new String[] {"id"};
            });
            reachable = page != null;
            checks.add(new CapabilityCheck(Capability.LIST_GROUPS, CapabilityCheck.Status.ALLOWED,
                    "GET /groups?$top=1 succeeded", "", 200, null));
        } catch (ApiException e) {
            GraphFailure f = GraphFailure.of(e);
            requestId = f.requestId();
            reachable = f.status() > 0;
            if (f.status() == 403) {
                checks.add(new CapabilityCheck(Capability.LIST_GROUPS, CapabilityCheck.Status.DENIED,
                        "GET /groups?$top=1 was refused (403)", grantText(Capability.LIST_GROUPS), 403,
                        f.requestId()));
                messages.add("The app cannot list groups. " + grantText(Capability.LIST_GROUPS));
            } else {
                checks.add(new CapabilityCheck(Capability.LIST_GROUPS, CapabilityCheck.Status.UNKNOWN,
                        "GET /groups?$top=1 failed with HTTP " + f.status(), "", f.status(), f.requestId()));
                messages.add("Microsoft Graph answered HTTP " + f.status() + " to a probe call; retry later.");
            }
        } catch (RuntimeException e) {
            MsGraphException mapped = ErrorMapper.map("Probe Microsoft Graph", e, List.of());
            messages.add(mapped.reason() + ". " + mapped.remediation());
            checks.add(new CapabilityCheck(Capability.LIST_GROUPS, CapabilityCheck.Status.UNKNOWN,
                    "Graph not reached", "", null, null));
        }
        return new ConnectionReport(organization, credentials.describe(), true, null, reachable, checks, roles,
                elapsed(started), requestId, messages);
    }

    private static String grantText(Capability capability) {
        return "Grant the Microsoft Graph application permission " + capability.permissions().get(0)
                + " (or " + String.join(", ", capability.permissions().subList(1, capability.permissions().size()))
                + ") and grant admin consent.";
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Read the {@code roles} claim of a JWT access token, as a hint only (Microsoft does not guarantee Graph tokens
     * are readable JWTs). Any failure yields an empty set.
     *
     * @param jwt the token
     * @return the roles
     */
    static Set<String> rolesOf(@Nullable String jwt) {
        if (jwt == null) {
            return Set.of();
        }
        try {
            String[] parts = jwt.split("\\.");
            if (parts.length < 2) {
                return Set.of();
            }
            String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            JsonObject claims = JsonParser.parseString(json).getAsJsonObject();
            JsonElement rolesElement = claims.get("roles");
            if (rolesElement == null || !rolesElement.isJsonArray()) {
                return Set.of();
            }
            Set<String> roles = new LinkedHashSet<>();
            JsonArray array = rolesElement.getAsJsonArray();
            for (JsonElement r : array) {
                roles.add(r.getAsString());
            }
            return roles;
        } catch (RuntimeException notAJwt) {
            return Set.of();
        }
    }
}
