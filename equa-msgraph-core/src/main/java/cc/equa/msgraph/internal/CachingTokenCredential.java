package cc.equa.msgraph.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Reuse access tokens until shortly before they expire. MSAL's own cache misses whenever the authority URL carries a
 * port and a new credential instance starts empty, so the library keeps its own: one token request serves every
 * Graph call of an organization until five minutes before expiry. Claims challenges (CAE) bypass the cache.
 */
public final class CachingTokenCredential implements TokenCredential {

    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final TokenCredential delegate;
    private final Clock clock;
    private final Map<String, AccessToken> cache = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    /**
     * Wrap a credential.
     *
     * @param delegate the credential that really acquires tokens
     * @param clock the clock deciding expiry
     */
    public CachingTokenCredential(TokenCredential delegate, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        if (request.getClaims() != null) {
            return delegate.getTokenSync(request);
        }
        String key = String.join(" ", request.getScopes()) + "|" + request.getTenantId();
        AccessToken cached = cache.get(key);
        if (fresh(cached)) {
            return cached;
        }
        synchronized (lock) {
            cached = cache.get(key);
            if (fresh(cached)) {
                return cached;
            }
            AccessToken token = delegate.getTokenSync(request);
            cache.put(key, token);
            return token;
        }
    }

    private boolean fresh(AccessToken token) {
        if (token == null) {
            return false;
        }
        Instant refreshAt = token.getExpiresAt().toInstant().minus(REFRESH_BEFORE_EXPIRY);
        return clock.instant().isBefore(refreshAt);
    }

    /** Forget every cached token. */
    public void clear() {
        cache.clear();
    }
}
