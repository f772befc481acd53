package cc.equa.msgraph.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Read-after-write lag of users changed through Graph ({@code PATCH /users/{id}}). Entra ID is eventually consistent:
 * a user lookup right after an update can still answer with the old {@code mail}, {@code userPrincipalName} or
 * aliases (https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/ — "a read
 * immediately after a write may not reflect the write"; hashicorp/terraform-provider-azuread PR 283, which polls
 * after every user update for this reason). With {@link cc.equa.msgraph.testkit.Hostility#readLag()} set, the
 * user's state before its first change inside the lag is kept, and {@code GET /users} (filters included) and
 * {@code GET /users/{id}} answer with it until the lag has passed since the user's latest change: pessimistic (a
 * second change inside the lag extends the old view; Graph's replicas converge per change). Writes see the truth.
 * Changes a test makes through {@link cc.equa.msgraph.testkit.FakeDirectory} are not lagged.
 */
final class UserReadLag {

    /** The user as reads still see it, and until when. */
    private record Stale(Entity view, Instant until) {
    }

    private final Map<String, Stale> stale = new TreeMap<>();

    /**
     * Remember the user as it is now, before a change through Graph (nothing without a lag).
     *
     * @param key the user's key
     * @param user the user, still unchanged
     * @param now the fake's clock
     * @param lag the read lag
     */
    synchronized void changing(String key, Entity user, Instant now, Duration lag) {
        if (lag.isZero()) {
            return;
        }
        Stale known = live(key, now);
        stale.put(key, new Stale(known == null ? copy(user) : known.view(), now.plus(lag)));
    }

    /** The user as a read sees it now. */
    synchronized Entity view(String key, Entity current, Instant now) {
        Stale s = live(key, now);
        return s == null ? current : s.view();
    }

    /**
     * The keys a lookup may hit: the index's candidates plus every user still seen in an older state (whose old
     * values the index no longer holds); null stays null (the caller scans everything).
     */
    synchronized @Nullable NavigableSet<String> widen(@Nullable NavigableSet<String> candidates, Instant now) {
        if (candidates == null || stale.isEmpty()) {
            return candidates;
        }
        TreeSet<String> out = new TreeSet<>(candidates);
        for (String k : new ArrayList<>(stale.keySet())) {
            if (live(k, now) != null) {
                out.add(k);
            }
        }
        return out;
    }

    /** Map users to what reads see of them. */
    Iterator<Entity> viewed(Iterator<Entity> users, NavigableMap<String, Entity> all, Instant now) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return users.hasNext();
            }

            @Override
            public Entity next() {
                if (!users.hasNext()) {
                    throw new NoSuchElementException();
                }
                Entity e = users.next();
                return view(TenantState.key(e.id), e, now);
            }
        };
    }

    synchronized void clear() {
        stale.clear();
    }

    private @Nullable Stale live(String key, Instant now) {
        Stale s = stale.get(key);
        if (s != null && !now.isBefore(s.until())) {
            stale.remove(key);
            return null;
        }
        return s;
    }

    private static Entity copy(Entity u) {
        Entity c = new Entity(u.id, u.type);
        c.displayName = u.displayName;
        c.mail = u.mail;
        c.userPrincipalName = u.userPrincipalName;
        c.otherMails = new ArrayList<>(u.otherMails);
        c.proxyAddresses = new ArrayList<>(u.proxyAddresses);
        c.accountEnabled = u.accountEnabled;
        c.userType = u.userType;
        c.profile.putAll(u.profile);
        return c;
    }
}
