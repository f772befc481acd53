package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.AuthenticationException;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.PermissionDeniedException;
import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    private static final String TRACE = "0f0e0d0c-0b0a-0908-0706-050403020100";

    private static RuntimeException entra(String aadsts, String error, String text) {
        MsalServiceException msal = new MsalServiceException(aadsts + ": " + text + " Trace ID: " + TRACE
                + " Correlation ID: 11111111-1111-1111-1111-111111111111 Timestamp: 2026-01-01 00:00:00Z", error);
        return new ClientAuthenticationException("Failed to acquire token", null, msal);
    }

    @Test
    void entraCodesMapToTheirDiagnosis() {
        Map<String, AuthFailure> cases = Map.of(
                "AADSTS90002", AuthFailure.UNKNOWN_TENANT,
                "AADSTS900023", AuthFailure.MALFORMED_TENANT,
                "AADSTS700016", AuthFailure.UNKNOWN_CLIENT,
                "AADSTS7000215", AuthFailure.WRONG_SECRET,
                "AADSTS7000222", AuthFailure.EXPIRED_SECRET,
                "AADSTS7000112", AuthFailure.APP_DISABLED,
                "AADSTS700027", AuthFailure.INVALID_CERTIFICATE,
                "AADSTS50000", AuthFailure.OTHER);
        cases.forEach((code, expected) -> {
            MsGraphException e = ErrorMapper.fromToken("Acquire a token", entra(code, "invalid_client", "text"));
            AuthenticationException auth = (AuthenticationException) e;
            assertEquals(expected, auth.failure(), code);
            assertEquals(ErrorKind.AUTHENTICATION, e.kind());
            assertEquals(code, e.graphErrorCode().orElseThrow());
            assertEquals(TRACE, e.requestId().orElseThrow());
            assertFalse(e.remediation().isBlank());
        });
    }

    @Test
    void wrongSecretRemediationMentionsValueVersusSecretId() {
        MsGraphException e = ErrorMapper.fromToken("Acquire a token",
                entra("AADSTS7000215", "invalid_client", "Invalid client secret provided."));
        assertTrue(e.remediation().contains("Value (not its Secret ID)"), e.remediation());
    }

    @Test
    void unreachableAuthorityIsANetworkFailure() {
        RuntimeException failure = new RuntimeException(new java.io.UncheckedIOException(
                new ConnectException("Connection refused")));
        AuthenticationException e = (AuthenticationException) ErrorMapper.fromToken("Acquire a token", failure);
        assertEquals(AuthFailure.NETWORK, e.failure());
        assertEquals(ErrorKind.NETWORK, e.kind());
        assertTrue(e.reason().contains("connection refused"), e.reason());
    }

    @Test
    void graphForbiddenNamesPermissionsAndConsent() {
        GraphFailure f = new GraphFailure(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.", "req-1", null);
        MsGraphException e = ErrorMapper.fromGraph("List groups", f, List.of("GroupMember.Read.All",
                "Group.Read.All"), null);
        assertTrue(e instanceof PermissionDeniedException);
        assertEquals(403, e.httpStatus().getAsInt());
        assertEquals("Authorization_RequestDenied", e.graphErrorCode().orElseThrow());
        assertEquals("req-1", e.requestId().orElseThrow());
        assertTrue(e.getMessage().contains("GroupMember.Read.All or Group.Read.All"), e.getMessage());
        assertTrue(e.getMessage().contains("Grant admin consent"), e.getMessage());
    }

    @Test
    void badGatewayWithoutGraphBodyIsAServiceFailure() {
        GraphFailure f = new GraphFailure(502, ErrorBodyInterceptor.CODE, "HTTP 502 answered with a text/html body",
                "req-2", null);
        MsGraphException e = ErrorMapper.fromGraph("List groups", f, List.of(), null);
        assertEquals(ErrorKind.SERVICE, e.kind());
        assertEquals(502, e.httpStatus().getAsInt());
        assertEquals("req-2", e.requestId().orElseThrow());
    }

    @Test
    void signInOutagesAreServiceFailuresNotCredentialProblems() {
        List<RuntimeException> outages = List.of(
                entra("AADSTS90033", "temporarily_unavailable", "A transient error has occurred. Please try again."),
                entra("AADSTS90006", "server_error", "The service is temporarily unavailable."),
                new ClientAuthenticationException("Failed to acquire token", null,
                        new MsalServiceException("Service unavailable, status code 503", "unknown")));
        for (RuntimeException outage : outages) {
            MsGraphException e = ErrorMapper.fromToken("Acquire a token", outage);
            assertEquals(ErrorKind.SERVICE, e.kind(), e.getMessage());
            assertFalse(e instanceof AuthenticationException, "an outage is not a credentials problem");
            assertEquals(ErrorMapper.SIGN_IN_OUTAGE_REMEDIATION, e.remediation());
            assertFalse(e.getMessage().contains("Client Secret"), e.getMessage());
            assertTrue(ErrorMapper.isTransientTokenFailure(outage));
        }
        RuntimeException wrongSecret = entra("AADSTS7000215", "invalid_client", "Invalid client secret provided.");
        assertFalse(ErrorMapper.isTransientTokenFailure(wrongSecret));
    }

    @Test
    void aServiceFailureCarriesTheLastRetryAfter() {
        MsGraphException e = ErrorMapper.fromGraph("Read", new GraphFailure(503, "serviceNotAvailable", "down",
                "req-9", java.time.Duration.ofSeconds(42)), List.of(), null);
        assertEquals(ErrorKind.SERVICE, e.kind());
        assertEquals(java.time.Duration.ofSeconds(42), e.retryAfter().orElseThrow());
        assertEquals("req-9", e.requestId().orElseThrow());
    }

    @Test
    void aMalformedAnswerKeepsItsRequestId() {
        MsGraphException e = ErrorMapper.fromGraph("Look up users", new GraphFailure(0, GraphFailure.MALFORMED,
                "Microsoft Graph sent a malformed answer: x", "req-m", null), List.of(), null);
        assertEquals(ErrorKind.UNEXPECTED, e.kind());
        assertEquals("req-m", e.requestId().orElseThrow());
    }
}
