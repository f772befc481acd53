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
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Reuse access tokens until shortly before they expire. MSAL's own cache misses whenever the authority URL carries a
 * port and a new credential instance starts empty, so the library keeps its own: one token request serves every
 * Graph call of an organization until five minutes before expiry. Claims challenges (CAE) bypass the cache. When
 * Graph refuses a token (401), {@link #invalidate(String, String)} or {@link #renew(String)} drops it, so the next
 * request acquires a fresh one (with the challenge's claims, if any) instead of reusing the refused one until expiry.
 */
public final class CachingTokenCredential implements TokenCredential {

    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final TokenCredential delegate;
    private final Clock clock;
    private final Map<String, AccessToken> cache = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile @Nullable String pendingClaims;

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
            String claims = pendingClaims;
            TokenRequestContext effective = request;
            if (claims != null) {
                effective = new TokenRequestContext().setScopes(request.getScopes()).setClaims(claims)
                        .setTenantId(request.getTenantId()).setCaeEnabled(true);
            }
            AccessToken token = delegate.getTokenSync(effective);
            pendingClaims = null;
            cache.put(key, token);
            return token;
        }
    }

    /**
     * Drop a token Graph refused, unless another thread already replaced it: of many requests refused together, only
     * the first causes a new token request.
     *
     * @param rejected the refused access token
     * @param claims the claims of the refusal's challenge (JSON), or null
     */
    public void invalidate(String rejected, @Nullable String claims) {
        synchronized (lock) {
            boolean removed = cache.values().removeIf(t -> t.getToken().equals(rejected));
            if (removed && claims != null) {
                pendingClaims = claims;
            }
        }
    }

    /**
     * Drop every cached token after a refusal, so the next request acquires a fresh one.
     *
     * @param claims the claims of the refusal's challenge (JSON), or null
     */
    public void renew(@Nullable String claims) {
        synchronized (lock) {
            cache.clear();
            if (claims != null) {
                pendingClaims = claims;
            }
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
