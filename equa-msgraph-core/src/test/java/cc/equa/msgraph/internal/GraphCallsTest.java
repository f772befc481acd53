package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cc.equa.msgraph.AuthFailure;
import cc.equa.msgraph.AuthenticationException;
import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.MsGraphException;
import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry layer and token failures: outages are retried (even for writes), refusals are not. */
class GraphCallsTest {

    private final List<Duration> sleeps = new ArrayList<>();
    private final GraphCalls calls = new GraphCalls(sleeps::add, 4, Duration.ofMinutes(5));

    private static RuntimeException entra(String aadsts, String error) {
        return new ClientAuthenticationException("Failed to acquire token", null,
                new MsalServiceException(aadsts + ": text. Trace ID: 0f0e0d0c-0b0a-0908-0706-050403020100", error));
    }

    @Test
    void aSignInOutageIsRetriedWithBackoffEvenForAWrite() {
        int[] attempts = {0};
        String result = calls.run("Create a group", List.of(), false, () -> {
            if (++attempts[0] <= 2) {
                throw entra("AADSTS90033", "temporarily_unavailable");
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(2, sleeps.size());
    }

    @Test
    void aSignInOutageThatPersistsIsReportedAsAnOutage() {
        MsGraphException e = assertThrows(MsGraphException.class, () -> calls.run("Read", List.of(), true, () -> {
            throw entra("AADSTS90033", "temporarily_unavailable");
        }));
        assertEquals(ErrorKind.SERVICE, e.kind());
        assertFalse(e instanceof AuthenticationException, "an outage is not a credentials problem");
        assertEquals(4, sleeps.size());
    }

    @Test
    void aRefusedSecretIsNotRetried() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> calls.run("Read", List.of(), true, () -> {
                    throw entra("AADSTS7000215", "invalid_client");
                }));
        assertEquals(AuthFailure.WRONG_SECRET, e.failure());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void anUnreadableAnswerToAReadIsRetriedAndOneToAWriteIsNot() {
        int[] attempts = {0};
        String result = calls.run("Read", List.of(), true, () -> {
            if (++attempts[0] == 1) {
                ResponseIds.record("rid-garbled");
                throw new com.google.gson.JsonSyntaxException("truncated");
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(1, sleeps.size());
        MsGraphException e = assertThrows(MsGraphException.class, () -> calls.run("Create", List.of(), false, () -> {
            ResponseIds.record("rid-garbled");
            throw new com.google.gson.JsonSyntaxException("truncated");
        }));
        assertEquals(ErrorKind.UNEXPECTED, e.kind());
        assertEquals("rid-garbled", e.requestId().orElseThrow());
        assertEquals(GraphFailure.MALFORMED, e.graphErrorCode().orElseThrow());
    }

    @Test
    void anUnreachableTokenEndpointIsRetriedThenReportedAsANetworkFailure() {
        RuntimeException unreachable = new ClientAuthenticationException("Failed to acquire token", null,
                new java.io.UncheckedIOException(new java.net.SocketTimeoutException("timeout")));
        MsGraphException e = assertThrows(MsGraphException.class, () -> calls.run("Read", List.of(), false, () -> {
            throw unreachable;
        }));
        assertEquals(ErrorKind.NETWORK, e.kind());
        assertEquals(4, sleeps.size());
    }
}
