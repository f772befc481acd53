package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FakeTenantInfo;
import cc.equa.msgraph.testkit.ObjectType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's directory and app registrations. Every access holds {@link #lock}: the fake trades concurrency for
 * simplicity (requests to one tenant are serialized; different tenants run in parallel).
 */
public final class TenantState {
    public final Object lock = new Object();
    public final FakeTenantInfo info;
    public final TreeMap<String, Entity> users = new TreeMap<>();
    public final TreeMap<String, Entity> groups = new TreeMap<>();
    public final Map<String, Entity> all = new HashMap<>();
    private final Map<String, String> upnIndex = new HashMap<>();
    private final Map<String, String> nicknameIndex = new HashMap<>();
    /** Users by the properties lookups filter on (see {@link UserIndex}). */
    public final UserIndex userIndex = new UserIndex();
    /** Users changed through Graph as reads still see them (see UserReadLag). */
    final UserReadLag userReadLag = new UserReadLag();
    public final Map<String, AppState> apps = new LinkedHashMap<>();
    /** Group delta rounds by token: what each round's groups looked like when its deltaLink was issued. */
    public final Map<String, DeltaRound> deltaRounds = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeltaRound> eldest) {
            return size() > 10_000;
        }
    };

    /**
     * One issued group deltaLink: the groups it tracks and their relationships when it was issued.
     *
     * @param groupIds the tracked group keys
     * @param existing the tracked groups that existed
     * @param members member keys by group key (absent: the group did not exist), or null if not selected
     * @param owners owner keys by group key, or null if not selected
     * @param issued when the link was issued
     */
    public record DeltaRound(List<String> groupIds, Set<String> existing, @Nullable Map<String, Set<String>> members,
            @Nullable Map<String, Set<String>> owners, Instant issued) {
    }

    public TenantState(FakeTenantInfo info) {
        this.info = info;
    }

    /** An app registration: secrets with expiries and granted roles. */
    public static final class AppState {
        public final String clientId;
        public final String servicePrincipalId;
        public final List<Secret> secrets = new ArrayList<>();
        public final List<String> roles = new ArrayList<>();
        public boolean adminConsent;
        public boolean enabled = true;
        public final List<java.security.cert.X509Certificate> certificates = new ArrayList<>();
        public final List<Federated> federated = new ArrayList<>();

        public AppState(String clientId, String servicePrincipalId) {
            this.clientId = clientId;
            this.servicePrincipalId = servicePrincipalId;
        }
    }

    /** A federated identity credential. */
    public record Federated(String issuer, String subject, String audience) {
    }

    /** A client secret; {@code expires} null means never. */
    public record Secret(String value, @Nullable Instant expires) {
    }

    public static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    public void add(Entity e) {
        String k = key(e.id);
        if (all.containsKey(k)) {
            throw new IllegalArgumentException("An object with id " + e.id + " already exists");
        }
        if (e.type == ObjectType.USER) {
            String upn = e.userPrincipalName == null ? null : e.userPrincipalName.toLowerCase(Locale.ROOT);
            if (upn != null && upnIndex.containsKey(upn)) {
                throw new IllegalArgumentException("A user with userPrincipalName " + upn + " already exists");
            }
            users.put(k, e);
            if (upn != null) {
                upnIndex.put(upn, k);
            }
            userIndex.add(e);
        } else if (e.type == ObjectType.GROUP) {
            if (e.unified() && e.mailNickname != null) {
                String nick = e.mailNickname.toLowerCase(Locale.ROOT);
                if (nicknameIndex.containsKey(nick)) {
                    throw new IllegalArgumentException(
                            "A Microsoft 365 group with mailNickname " + e.mailNickname + " already exists");
                }
                nicknameIndex.put(nick, k);
            }
            groups.put(k, e);
        }
        all.put(k, e);
    }

    public boolean nicknameTaken(String nickname) {
        return nicknameIndex.containsKey(nickname.toLowerCase(Locale.ROOT));
    }

    public @Nullable Entity get(String id) {
        return all.get(key(id));
    }

    /** A user by id or user principal name. */
    public @Nullable Entity user(String idOrUpn) {
        Entity e = users.get(key(idOrUpn));
        if (e == null) {
            String k = upnIndex.get(idOrUpn.toLowerCase(Locale.ROOT));
            e = k == null ? null : users.get(k);
        }
        return e;
    }

    public void remove(String id) {
        Entity e = all.remove(key(id));
        if (e == null) {
            return;
        }
        if (users.remove(key(id)) != null) {
            userIndex.remove(e);
        }
        groups.remove(key(id));
        if (e.userPrincipalName != null) {
            upnIndex.remove(e.userPrincipalName.toLowerCase(Locale.ROOT));
        }
        if (e.type == ObjectType.GROUP && e.mailNickname != null) {
            nicknameIndex.remove(e.mailNickname.toLowerCase(Locale.ROOT), key(id));
        }
        for (Entity g : groups.values()) {
            g.members.remove(key(id));
            g.owners.remove(key(id));
        }
    }

    /** Call before changing an indexed property (mail, UPN, otherMails, proxyAddresses) of an existing user. */
    public void userChanging(Entity user) {
        userIndex.remove(user);
        if (user.userPrincipalName != null) {
            upnIndex.remove(user.userPrincipalName.toLowerCase(Locale.ROOT), key(user.id));
        }
    }

    /** Call after changing an indexed property of an existing user. */
    public void userChanged(Entity user) {
        userIndex.add(user);
        if (user.userPrincipalName != null) {
            upnIndex.put(user.userPrincipalName.toLowerCase(Locale.ROOT), key(user.id));
        }
    }

    public void clearDirectory() {
        userIndex.clear();
        userReadLag.clear();
        users.clear();
        groups.clear();
        all.clear();
        upnIndex.clear();
        nicknameIndex.clear();
        for (AppState a : apps.values()) {
            Entity sp = new Entity(a.servicePrincipalId, ObjectType.SERVICE_PRINCIPAL);
            sp.displayName = "app " + a.clientId;
            sp.appId = a.clientId;
            all.put(key(sp.id), sp);
        }
    }

    public NavigableMap<String, Entity> collection(ObjectType type) {
        return type == ObjectType.USER ? users : groups;
    }
}
