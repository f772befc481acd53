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
    /** When each cached token was acquired, by token text (the same entries as {@link #cache}). */
    private final Map<String, Instant> acquired = new ConcurrentHashMap<>();
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
            AccessToken replaced = cache.put(key, token);
            if (replaced != null) {
                acquired.remove(replaced.getToken());
            }
            acquired.put(token.getToken(), clock.instant());
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
            acquired.remove(rejected);
            if (removed && claims != null) {
                pendingClaims = claims;
            }
        }
    }

    /**
     * Drop a token Graph refused for lack of permission if it was acquired at least {@code age} ago: its roles are
     * those of the moment it was issued (up to 24 h earlier with continuous access evaluation), so consent granted
     * since shows only in a new token. A younger token is kept, so a permission that is really missing costs at most
     * one extra token request per {@code age}.
     *
     * @param rejected the refused access token
     * @param age how old a token must be to be replaced
     * @return true if the token was dropped (or another thread already replaced it), so a replay may help
     */
    public boolean dropIfOlderThan(String rejected, Duration age) {
        synchronized (lock) {
            boolean cached = cache.values().stream().anyMatch(t -> t.getToken().equals(rejected));
            if (!cached) {
                return true;
            }
            Instant at = acquired.get(rejected);
            if (at == null || clock.instant().isBefore(at.plus(age))) {
                return false;
            }
            cache.values().removeIf(t -> t.getToken().equals(rejected));
            acquired.remove(rejected);
            return true;
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
            acquired.clear();
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
        acquired.clear();
    }
}
