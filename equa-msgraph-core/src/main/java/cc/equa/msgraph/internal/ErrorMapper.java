package cc.equa.msgraph.internal;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.AuthenticationException;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.ThrottledException;
import com.google.gson.JsonParseException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.kiota.ApiException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Map what the Graph SDK and azure-identity throw to the library's exceptions, with a reason and a remediation.
 * Never copies a token or a secret into a message: Entra's and Graph's texts are reduced to their codes.
 */
public final class ErrorMapper {

    /**
     * The code a batch step carries when no token could be had because Microsoft's sign-in service was unavailable
     * (the request was never sent).
     */
    public static final String SIGN_IN_UNAVAILABLE = "signInServiceUnavailable";

    /** What to do about a sign-in outage. */
    public static final String SIGN_IN_OUTAGE_REMEDIATION =
            "Microsoft's sign-in service is unavailable; nothing was lost; try again later.";

    /**
     * Entra's codes for its own transient failures, from the AADSTS reference
     * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes): AADSTS90033
     * MsodsServiceUnavailable "A transient error has occurred. Please try again." and AADSTS90006
     * ExternalServerRetryableError "The service is temporarily unavailable.". OAuth's
     * {@code temporarily_unavailable} (RFC 6749 section 4.1.2.1) is the protocol-level equivalent.
     */
    private static final Set<String> TRANSIENT_AADSTS = Set.of("AADSTS90033", "AADSTS90006");

    /** One answer for the four codes of a refused certificate or federated assertion. */
    private static final Refusal CERTIFICATE_REFUSED = new Refusal(AuthFailure.INVALID_CERTIFICATE,
            "the certificate or federated token was refused", "Upload the certificate's public key to the app"
            + " registration, or check the federated credential's issuer and subject.");
    /**
     * Entra's refusals of a credential, by AADSTS code
     * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes): what it means for the
     * admin and what to do. These codes name a credential problem whatever HTTP status they came with.
     */
    private static final Map<String, Refusal> REFUSALS = Map.ofEntries(
            Map.entry("AADSTS90002", new Refusal(AuthFailure.UNKNOWN_TENANT,
                    "no tenant with this Tenant ID exists in this cloud",
                    "Copy the Directory (tenant) ID from the app registration's Overview page in the Entra admin"
                            + " center.")),
            Map.entry("AADSTS900023", new Refusal(AuthFailure.MALFORMED_TENANT,
                    "the Tenant ID is neither a GUID nor a valid domain name",
                    "Enter the Directory (tenant) ID GUID or the tenant's domain, such as contoso.onmicrosoft.com.")),
            Map.entry("AADSTS700016", new Refusal(AuthFailure.UNKNOWN_CLIENT,
                    "no application with this Client ID exists in the tenant",
                    "Copy the Application (client) ID from the app registration's Overview page, and check the"
                            + " Tenant ID belongs to the same tenant.")),
            Map.entry("AADSTS7000215", new Refusal(AuthFailure.WRONG_SECRET, "the Client Secret is wrong",
                    "Paste the secret's Value (not its Secret ID) from Certificates & secrets; if it was lost,"
                            + " create a new client secret.")),
            Map.entry("AADSTS7000222", new Refusal(AuthFailure.EXPIRED_SECRET, "the Client Secret has expired",
                    "Create a new client secret under Certificates & secrets and save it here.")),
            Map.entry("AADSTS7000112", new Refusal(AuthFailure.APP_DISABLED,
                    "the application is disabled in the tenant",
                    "Enable the enterprise application (service principal) in the Entra admin center.")),
            Map.entry("AADSTS700027", CERTIFICATE_REFUSED),
            Map.entry("AADSTS700024", CERTIFICATE_REFUSED),
            Map.entry("AADSTS7000274", CERTIFICATE_REFUSED),
            Map.entry("AADSTS700021", CERTIFICATE_REFUSED),
            Map.entry("AADSTS7000218", new Refusal(AuthFailure.WRONG_SECRET,
                    "no client secret or certificate was sent",
                    "Enter the client secret's Value from Certificates & secrets.")));

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
    private static final Pattern TRACE_ID = Pattern.compile("Trace ID: ([0-9a-fA-F-]{36})");

    /** What an AADSTS refusal means for the admin. */
    private record Refusal(AuthFailure kind, String reason, String remediation) {
    }

    private ErrorMapper() {
    }

    /**
     * Map any failure.
     *
     * @param operation what was being done
     * @param failure what was thrown
     * @param permissions the application permissions that allow the operation, least privileged first
     * @return the exception to throw
     */
    public static MsGraphException map(String operation, Throwable failure, List<String> permissions) {
        if (failure instanceof MsGraphException e) {
            return e;
        }
        ApiException api = find(failure, ApiException.class);
        if (api != null && api.getResponseStatusCode() > 0) {
            return fromGraph(operation, GraphFailure.of(api), permissions, failure);
        }
        Throwable auth = findAuthFailure(failure);
        if (auth != null) {
            return fromToken(operation, auth);
        }
        if (isUnreadableAnswer(failure)) {
            return new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                    "Microsoft Graph sent an answer the library could not read (" + failure.getClass().getSimpleName()
                            + ")", "Retry; if it persists, report it to Microsoft support with the request-id.")
                    .withHttp(null, GraphFailure.MALFORMED, ResponseIds.last()), failure);
        }
        if (isNetwork(failure)) {
            return new MsGraphException(Details.of(ErrorKind.NETWORK, operation,
                    "Microsoft Graph could not be reached: " + networkSummary(failure),
                    "Check the network path to Microsoft Graph (proxy, firewall, DNS); the operation is safe to retry."),
                    failure);
        }
        return new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                "unexpected " + failure.getClass().getSimpleName(),
                "Retry; if it persists, report it with the log at DEBUG level."), failure);
    }

    /**
     * Map a failed Graph response.
     *
     * @param operation what was being done
     * @param f the response's facts
     * @param permissions the permissions that allow the operation
     * @param cause the exception, or null
     * @return the exception
     */
    public static MsGraphException fromGraph(String operation, GraphFailure f, List<String> permissions,
            @Nullable Throwable cause) {
        String code = f.code();
        String graphMessage = f.message() == null ? "" : " (" + truncate(f.message()) + ")";
        return switch (f.status()) {
            case 401 -> new AuthenticationException(AuthFailure.OTHER, Details.of(ErrorKind.AUTHENTICATION,
                    operation, "Microsoft Graph rejected the access token" + graphMessage,
                    "Test the connection again; if it persists, check that the app registration is in the"
                            + " organization's tenant and cloud.").withHttp(401, code, f.requestId()), cause);
            case 403 -> denied(operation, f, permissions, cause);
            case 404 -> new NotFoundException(Details.of(ErrorKind.NOT_FOUND, operation,
                    "the object does not exist (it may have been deleted, or it was created seconds ago and"
                            + " has not replicated yet)" + graphMessage,
                    "Check the id; if the linked group was deleted, link another group or create a new one.")
                    .withHttp(404, code, f.requestId()), cause);
            case 429 -> new ThrottledException(f.retryAfter(), Details.of(ErrorKind.THROTTLED, operation,
                    "Microsoft Graph kept throttling the app",
                    "Try again later" + (f.retryAfter() == null ? "" : " (after " + f.retryAfter().toSeconds()
                            + " s)") + "; nothing is lost, planning and applying again converges.")
                    .withHttp(429, code, f.requestId()), cause);
            default -> other(operation, f, graphMessage, cause);
        };
    }

    private static MsGraphException denied(String operation, GraphFailure f, List<String> permissions,
            @Nullable Throwable cause) {
        String grant = permissions.isEmpty() ? "the required application permission"
                : String.join(" or ", permissions);
        if (isRolelessToken(f)) {
            // Graph's answer to a token without any roles claim (no admin consent at all), issue 14 item 8
            return new PermissionDeniedException(permissions, Details.of(ErrorKind.PERMISSION, operation,
                    ROLELESS_TOKEN,
                    "In the Entra admin center grant the application permission " + grant + " (Microsoft Graph,"
                            + " Application) and click 'Grant admin consent'; then test the connection again, which"
                            + " acquires a new token (a token issued before the consent keeps its old permissions"
                            + " until it expires).").withHttp(403, f.code(), f.requestId()), cause);
        }
        return new PermissionDeniedException(permissions, Details.of(ErrorKind.PERMISSION, operation,
                "the app lacks the permission for this operation or admin consent was not granted",
                "In the Entra admin center grant the application permission " + grant
                        + " (Microsoft Graph, Application) and click 'Grant admin consent'; then test the"
                        + " connection again.").withHttp(403, f.code(), f.requestId()), cause);
    }

    /** The reason given for Graph's refusal of a token without roles. */
    public static final String ROLELESS_TOKEN = "the access token carries no application permissions: admin consent"
            + " was not granted (or was revoked)";

    /**
     * Tell whether a 403 is Graph's refusal of a token without roles: {@code AccessDenied} "Either scp or roles claim
     * need to be present in the token." (pnp/cli-microsoft365 docs; TheNetworg/oauth2-azure issue 86).
     *
     * @param f the failure
     * @return true for that refusal
     */
    static boolean isRolelessToken(GraphFailure f) {
        return f.status() == 403 && "AccessDenied".equalsIgnoreCase(f.code()) && f.message() != null
                && f.message().contains("scp or roles claim");
    }

    /** Any other status: conflicts, outages, malformed or missing answers, sign-in outages inside a batch. */
    private static MsGraphException other(String operation, GraphFailure f, String graphMessage,
            @Nullable Throwable cause) {
        String code = f.code();
        if (f.isAlreadyExists() || (f.status() == 400 && f.message() != null
                && f.message().contains("same value for property"))) {
            return new MsGraphException(Details.of(ErrorKind.CONFLICT, operation,
                    "it conflicts with an existing object" + graphMessage,
                    "Choose another value, or use the existing object.")
                    .withHttp(f.status(), code, f.requestId()), cause);
        }
        if (f.status() >= 500) {
            return new MsGraphException(Details.of(ErrorKind.SERVICE, operation,
                    "Microsoft Graph failed" + graphMessage,
                    "Retry later" + (f.retryAfter() == null ? "" : " (after " + f.retryAfter().toSeconds()
                            + " s)") + "; the operation is safe to retry.")
                    .withHttp(f.status(), code, f.requestId()), f.retryAfter(), cause);
        }
        if (GraphFailure.MALFORMED.equals(code)) {
            return new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                    f.message() == null ? "Microsoft Graph sent a malformed answer" : truncate(f.message()),
                    "Retry; if it persists, report it to Microsoft support with the request-id.")
                    .withHttp(f.status() == 0 ? null : f.status(), code, f.requestId()), cause);
        }
        if (f.status() == 0 && SIGN_IN_UNAVAILABLE.equals(code)) {
            return new MsGraphException(Details.of(ErrorKind.SERVICE, operation,
                    "Microsoft's sign-in service (Entra) was unavailable", SIGN_IN_OUTAGE_REMEDIATION)
                    .withHttp(null, null, f.requestId()), f.retryAfter(), cause);
        }
        if (f.status() == 0) {
            return new MsGraphException(Details.of(ErrorKind.NETWORK, operation,
                    "Microsoft Graph did not answer" + graphMessage,
                    "Check the network path to Microsoft Graph (proxy, firewall, DNS); the operation is safe"
                            + " to retry.").withHttp(null, code, f.requestId()), cause);
        }
        return new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                "Microsoft Graph refused the request" + graphMessage,
                "Check the input; if it persists, report it with the request-id.")
                .withHttp(f.status(), code, f.requestId()), cause);
    }

    /**
     * Map a token-acquisition failure.
     *
     * @param operation what was being done
     * @param failure the azure-identity/MSAL exception
     * @return the exception
     */
    public static MsGraphException fromToken(String operation, Throwable failure) {
        String text = allMessages(failure);
        Matcher m = AADSTS.matcher(text);
        String aadsts = m.find() ? "AADSTS" + m.group(1) : null;
        Matcher t = TRACE_ID.matcher(text);
        String traceId = t.find() ? t.group(1) : null;
        Integer status = statusOf(text);
        MsalServiceException service = find(failure, MsalServiceException.class);
        if (service != null) {
            if (service.statusCode() != null && service.statusCode() > 0) {
                status = service.statusCode();
            }
            if (traceId == null) {
                traceId = service.correlationId();
            }
        }
        if (aadsts == null && service == null && isNetwork(failure)) {
            return new AuthenticationException(AuthFailure.NETWORK, Details.of(ErrorKind.NETWORK, operation,
                    "the Microsoft Entra token endpoint could not be reached: " + networkSummary(failure),
                    "Check the network path to the Entra authority (proxy, firewall, DNS, TLS inspection) and try"
                            + " again."), failure);
        }
        if (isOutage(aadsts, status, service)) {
            // deliberately not an AuthenticationException: hosts answer that by asking for new credentials
            return new MsGraphException(Details.of(ErrorKind.SERVICE, operation,
                    "Microsoft's sign-in service (Entra) was unavailable"
                            + (status != null && status >= 500 ? " (HTTP " + status + ")" : ""),
                    SIGN_IN_OUTAGE_REMEDIATION).withHttp(status, aadsts, traceId), tokenRetryAfter(failure), failure);
        }
        Refusal refusal = aadsts == null ? null : REFUSALS.get(aadsts);
        AuthFailure kind;
        String reason;
        String remediation;
        if (refusal != null) {
            kind = refusal.kind();
            reason = refusal.reason();
            remediation = refusal.remediation();
        } else if (aadsts == null && isUnavailable(failure)) {
            kind = AuthFailure.OTHER;
            reason = "the managed identity or workload identity is not available where this runs";
            remediation = "Run on an Azure host with that identity assigned (or with the federated token"
                    + " file mounted), or use client secret or certificate credentials.";
        } else {
            kind = AuthFailure.OTHER;
            reason = "Microsoft Entra refused to issue a token"
                    + (service != null && service.errorCode() != null ? " (" + service.errorCode() + ")" : "");
            remediation = "Check the Tenant ID, Client ID and Client Secret against the app registration.";
        }
        return new AuthenticationException(kind, Details.of(ErrorKind.AUTHENTICATION, operation, reason, remediation)
                .withHttp(status, aadsts, traceId), failure);
    }

    /**
     * Tell whether a token failure is an outage of the sign-in service (worth retrying) rather than a refusal: HTTP
     * 5xx or 429 from the token endpoint, Entra's transient AADSTS codes, OAuth's {@code temporarily_unavailable}.
     */
    private static boolean isOutage(@Nullable String aadsts, @Nullable Integer status,
            @Nullable MsalServiceException service) {
        if (aadsts != null && TRANSIENT_AADSTS.contains(aadsts)) {
            return true;
        }
        if (service != null && "temporarily_unavailable".equals(service.errorCode())) {
            return true;
        }
        return status != null && (status >= 500 || status == 429) && (aadsts == null
                || !REFUSALS.containsKey(aadsts));
    }

    /**
     * Tell whether a failure is a token-acquisition failure that a later attempt may fix: the sign-in service was
     * unreachable or unavailable. Such a failure happens before the Graph request is sent, so retrying is safe even
     * for writes.
     *
     * @param failure the failure
     * @return true for a transient token failure
     */
    public static boolean isTransientTokenFailure(Throwable failure) {
        if (!isTokenFailure(failure)) {
            return false;
        }
        MsGraphException mapped = fromToken("Acquire a token", failure);
        return mapped.kind() == ErrorKind.SERVICE || mapped.kind() == ErrorKind.NETWORK;
    }

    /**
     * Return the token endpoint's {@code Retry-After}, if its answer carried one.
     *
     * @param failure the token failure
     * @return the wait, or null
     */
    public static java.time.@Nullable Duration tokenRetryAfter(Throwable failure) {
        MsalServiceException service = find(failure, MsalServiceException.class);
        if (service == null || service.headers() == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> h : service.headers().entrySet()) {
            if ("Retry-After".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                return RetryAfter.parse(h.getValue().get(0));
            }
        }
        return null;
    }

    private static boolean isUnavailable(Throwable failure) {
        return causes(failure).stream()
                .anyMatch(t -> t.getClass().getName().equals("com.azure.identity.CredentialUnavailableException"));
    }

    private static @Nullable Integer statusOf(String text) {
        Matcher m = Pattern.compile("[Ss]tatus[ _]?[Cc]ode[\":= ]+(\\d{3})").matcher(text);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /**
     * Tell whether a failure came from token acquisition (azure-identity or MSAL), not from Graph.
     *
     * @param failure the failure
     * @return true if the identity stack threw it
     */
    public static boolean isTokenFailure(Throwable failure) {
        return findAuthFailure(failure) != null;
    }

    private static @Nullable Throwable findAuthFailure(Throwable failure) {
        for (Throwable t : causes(failure)) {
            String name = t.getClass().getName();
            if (name.startsWith("com.azure.identity.") || name.startsWith("com.microsoft.aad.msal4j.")
                    || name.equals("com.azure.core.exception.ClientAuthenticationException")) {
                return t;
            }
        }
        return null;
    }

    /**
     * Tell whether a failure is a transport failure (no HTTP answer).
     *
     * @param failure the failure
     * @return true for DNS, connection, TLS and timeout failures
     */
    public static boolean isNetwork(Throwable failure) {
        if (find(failure, JsonParseException.class) != null) {
            // Gson wraps its MalformedJsonException (an IOException) when an answer is not JSON: an answer came
            return false;
        }
        return causes(failure).stream().anyMatch(t -> t instanceof IOException
                || t instanceof UncheckedIOException);
    }

    /**
     * Tell whether an answer arrived but could not be read: a JSON syntax error, or a value of the wrong type that
     * made the SDK's parser throw after a response was received on this thread.
     *
     * @param failure the failure
     * @return true for an unreadable answer
     */
    public static boolean isUnreadableAnswer(Throwable failure) {
        if (find(failure, JsonParseException.class) != null) {
            return true;
        }
        return ResponseIds.last() != null && !isNetwork(failure)
                && (failure instanceof IllegalStateException || failure instanceof ClassCastException
                || failure instanceof NumberFormatException || failure instanceof UnsupportedOperationException
                || failure instanceof NullPointerException || failure instanceof IllegalArgumentException
                || failure.getClass() == RuntimeException.class);
    }

    private static String networkSummary(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed (" + t.getClass().getSimpleName() + ")";
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return "timed out";
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String allMessages(Throwable failure) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t : causes(failure)) {
            if (t.getMessage() != null) {
                sb.append(t.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String truncate(String message) {
        String oneLine = message.replaceAll("[\\r\\n]+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    /**
     * Find a cause of the given type.
     *
     * @param failure the failure
     * @param type the type
     * @param <T> the type
     * @return the cause, or null
     */
    public static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
        for (Throwable t : causes(failure)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The failure and its causes, outermost first; stops at a cycle. */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
