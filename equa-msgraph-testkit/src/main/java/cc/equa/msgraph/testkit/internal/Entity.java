package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.FakeDirectoryObject;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.ObjectType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** A mutable directory object; guarded by its tenant's lock. */
public final class Entity {
    public final String id;
    public final ObjectType type;
    public @Nullable String displayName;
    public @Nullable String mail;
    public @Nullable String userPrincipalName;
    public List<String> otherMails = new ArrayList<>();
    public List<String> proxyAddresses = new ArrayList<>();
    public @Nullable Boolean accountEnabled;
    public @Nullable String userType;
    public @Nullable String appId;
    /** A user's profile properties set by PATCH (jobTitle, department…), by canonical name; see UserUpdate. */
    public final java.util.Map<String, Object> profile = new java.util.TreeMap<>();
    // group
    public @Nullable String description;
    public @Nullable String mailNickname;
    public List<String> groupTypes = new ArrayList<>();
    public boolean mailEnabled;
    public boolean securityEnabled;
    public @Nullable String visibility;
    public boolean onPremisesSyncEnabled;
    public @Nullable String membershipRule;
    public @Nullable Instant createdDateTime;
    public final TreeSet<String> members = new TreeSet<>();
    public final TreeSet<String> owners = new TreeSet<>();
    /** The group's own Group.Unified.Guest AllowToAddGuests setting; null when it has none. */
    public @Nullable Boolean allowToAddGuests;
    /** Membership changes made through Graph, kept while they are inside the read lag (see ReadLag); lazily made. */
    public java.util.@Nullable ArrayDeque<ReadLag.Change> recentChanges;
    // replication delay for newly created groups
    public int hiddenReads;
    public @Nullable Instant visibleAt;

    public Entity(String id, ObjectType type) {
        this.id = id;
        this.type = type;
    }

    public boolean unified() {
        return groupTypes.stream().anyMatch("Unified"::equalsIgnoreCase);
    }

    public static Entity of(FakeUser u) {
        Entity e = new Entity(u.id(), ObjectType.USER);
        e.displayName = u.displayName();
        e.mail = u.mail().orElse(null);
        e.userPrincipalName = u.userPrincipalName();
        e.otherMails = new ArrayList<>(u.otherMails());
        e.proxyAddresses = new ArrayList<>(u.proxyAddresses());
        e.accountEnabled = u.accountEnabled();
        e.userType = u.userType();
        return e;
    }

    public static Entity of(FakeGroup g, String domain) {
        Entity e = new Entity(g.id(), ObjectType.GROUP);
        e.displayName = g.displayName();
        e.description = g.description().orElse(null);
        e.mailNickname = g.mailNickname();
        e.groupTypes = new ArrayList<>(g.groupTypes());
        e.mailEnabled = g.mailEnabled();
        e.securityEnabled = g.securityEnabled();
        e.visibility = g.visibility();
        e.onPremisesSyncEnabled = g.onPremisesSyncEnabled();
        e.membershipRule = g.membershipRule().orElse(null);
        e.createdDateTime = g.createdDateTime();
        if (g.mailEnabled()) {
            e.mail = g.mail().orElse(g.mailNickname() + "@" + domain);
            e.proxyAddresses.add("SMTP:" + e.mail);
        }
        return e;
    }

    public FakeUser toUser() {
        return new FakeUser(id, nz(displayName), Optional.ofNullable(mail), nz(userPrincipalName), otherMails,
                proxyAddresses, accountEnabled == null || accountEnabled, userType == null ? "Member" : userType);
    }

    public FakeGroup toGroup() {
        return new FakeGroup(id, nz(displayName), Optional.ofNullable(description), nz(mailNickname),
                Optional.ofNullable(mail), groupTypes, mailEnabled, securityEnabled,
                visibility == null ? "Private" : visibility, onPremisesSyncEnabled, Optional.ofNullable(membershipRule),
                createdDateTime == null ? Instant.EPOCH : createdDateTime);
    }

    public FakeDirectoryObject toObject() {
        return new FakeDirectoryObject(id, type, Optional.ofNullable(displayName), Optional.ofNullable(mail));
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
