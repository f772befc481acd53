package cc.equa.msgraph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CachingTokenCredentialTest {

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.List<String> claimsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final TokenCredential delegate = new TokenCredential() {
        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            claimsSeen.add(String.valueOf(request.getClaims()));
            int n = requests.incrementAndGet();
            return new AccessToken("token-" + n, OffsetDateTime.ofInstant(clock.now.plus(Duration.ofHours(1)),
                    ZoneOffset.UTC));
        }
    };

    private static TokenRequestContext graph() {
        return new TokenRequestContext().addScopes("https://graph.microsoft.com/.default").setCaeEnabled(true);
    }

    @Test
    void tokenIsReusedUntilFiveMinutesBeforeExpiry() {
        CachingTokenCredential credential = new CachingTokenCredential(delegate, clock);
        AccessToken first = credential.getTokenSync(graph());
        for (int i = 0; i < 50; i++) {
            assertSame(first, credential.getTokenSync(graph()));
        }
        clock.now = clock.now.plus(Duration.ofMinutes(54));
        assertSame(first, credential.getTokenSync(graph()));
        assertEquals(1, requests.get());
        clock.now = clock.now.plus(Duration.ofMinutes(1)).plusSeconds(1);
        assertEquals("token-2", credential.getTokenSync(graph()).getToken());
        assertEquals(2, requests.get());
    }

    @Test
    void clearForgetsTheTokenAndClaimsBypassTheCache() {
        CachingTokenCredential credential = new CachingTokenCredential(delegate, clock);
        credential.getTokenSync(graph());
        credential.clear();
        credential.getTokenSync(graph());
        assertEquals(2, requests.get());
        credential.getTokenSync(graph().setClaims("{\"access_token\":{}}"));
        assertEquals(3, requests.get());
        assertEquals("token-2", credential.getToken(graph()).block().getToken());
    }

    @Test
    void concurrentCallersShareOneTokenRequest() throws Exception {
        CachingTokenCredential credential = new CachingTokenCredential(delegate, clock);
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 100; j++) {
                    credential.getTokenSync(graph());
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, requests.get());
    }

    @Test
    void aRefusedTokenIsDroppedOnceAndTheNextCarriesTheChallengesClaims() {
        CachingTokenCredential credential = new CachingTokenCredential(delegate, clock);
        String refused = credential.getTokenSync(graph()).getToken();
        credential.invalidate(refused, "{\"access_token\":{\"nbf\":{\"essential\":true}}}");
        AccessToken fresh = credential.getTokenSync(graph());
        assertEquals("token-2", fresh.getToken());
        assertEquals("{\"access_token\":{\"nbf\":{\"essential\":true}}}", claimsSeen.get(1));
        // a second caller refused with the same old token does not throw away the fresh one
        credential.invalidate(refused, null);
        assertSame(fresh, credential.getTokenSync(graph()));
        assertEquals(2, requests.get());
        credential.renew(null);
        assertEquals("token-3", credential.getTokenSync(graph()).getToken());
        assertEquals("null", claimsSeen.get(2));
    }

    @Test
    void aTokenRefusedForLackOfPermissionIsReplacedOnlyOnceItIsOlderThanTheGivenAge() {
        CachingTokenCredential c = new CachingTokenCredential(delegate, clock);
        String first = c.getTokenSync(graph()).getToken();
        assertEquals(false, c.dropIfOlderThan(first, Duration.ofMinutes(5)), "a young token is kept");
        assertSame(first, c.getTokenSync(graph()).getToken());
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertEquals(true, c.dropIfOlderThan(first, Duration.ofMinutes(5)), "an old one is dropped");
        String second = c.getTokenSync(graph()).getToken();
        assertEquals("token-2", second);
        assertEquals(true, c.dropIfOlderThan(first, Duration.ofMinutes(5)), "already replaced by another thread");
        assertEquals(2, requests.get());
    }
}
