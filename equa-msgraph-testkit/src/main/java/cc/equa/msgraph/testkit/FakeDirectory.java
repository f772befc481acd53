package cc.equa.msgraph.testkit;

import cc.equa.msgraph.testkit.internal.Entity;
import cc.equa.msgraph.testkit.internal.TenantState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The directory of one fake tenant: seed, read and reset its users, groups, other objects, members and owners.
 * Changes are visible to Graph requests at once (no replication delay applies to seeded objects).
 *
 * @since 0.1.0
 */
public final class FakeDirectory {
    private final TenantState t;

    FakeDirectory(TenantState t) {
        this.t = t;
    }

    /**
     * Return the tenant this directory belongs to.
     *
     * @return the tenant
     * @since 0.1.0
     */
    public FakeTenantInfo tenant() {
        return t.info;
    }

    /**
     * Add a user.
     *
     * @param user the user
     * @return the user as stored
     * @throws IllegalArgumentException if the id or UPN is taken
     * @since 0.1.0
     */
    public FakeUser addUser(FakeUser user) {
        synchronized (t.lock) {
            Entity e = Entity.of(user);
            t.add(e);
            return e.toUser();
        }
    }

    /**
     * Add a member user with this mail (also the UPN).
     *
     * @param mail the address
     * @return the user
     * @since 0.1.0
     */
    public FakeUser addUser(String mail) {
        return addUser(FakeUser.builder().mail(mail).build());
    }

    /**
     * Add a group. Its mail is {@code mailNickname@domain} when mail-enabled.
     *
     * @param group the group
     * @return the group as stored
     * @throws IllegalArgumentException if the id is taken, or the nickname of a Microsoft 365 group is taken
     * @since 0.1.0
     */
    public FakeGroup addGroup(FakeGroup group) {
        synchronized (t.lock) {
            Entity e = Entity.of(group, t.info.domain());
            t.add(e);
            return e.toGroup();
        }
    }

    /**
     * Add a Microsoft 365 group with this display name.
     *
     * @param displayName the name
     * @return the group
     * @since 0.1.0
     */
    public FakeGroup addGroup(String displayName) {
        return addGroup(FakeGroup.builder(displayName).build());
    }

    /**
     * Add a device.
     *
     * @param displayName its name
     * @return the device
     * @since 0.1.0
     */
    public FakeDirectoryObject addDevice(String displayName) {
        return addOther(ObjectType.DEVICE, displayName, null);
    }

    /**
     * Add a service principal.
     *
     * @param displayName its name
     * @return the service principal
     * @since 0.1.0
     */
    public FakeDirectoryObject addServicePrincipal(String displayName) {
        return addOther(ObjectType.SERVICE_PRINCIPAL, displayName, null);
    }

    /**
     * Add an organizational contact.
     *
     * @param displayName its name
     * @param mail its mail address
     * @return the contact
     * @since 0.1.0
     */
    public FakeDirectoryObject addOrgContact(String displayName, String mail) {
        return addOther(ObjectType.ORG_CONTACT, displayName, mail);
    }

    private FakeDirectoryObject addOther(ObjectType type, String displayName, @Nullable String mail) {
        synchronized (t.lock) {
            Entity e = new Entity(UUID.randomUUID().toString(), type);
            e.displayName = displayName;
            e.mail = mail;
            if (type == ObjectType.DEVICE) {
                e.accountEnabled = true;
            }
            if (type == ObjectType.SERVICE_PRINCIPAL) {
                e.appId = UUID.randomUUID().toString();
            }
            t.add(e);
            return e.toObject();
        }
    }

    /**
     * Make objects direct members of a group.
     *
     * @param groupId the group
     * @param objectIds the members (any directory object)
     * @throws IllegalArgumentException if the group or an object doesn't exist
     * @since 0.1.0
     */
    public void addMembers(String groupId, Collection<String> objectIds) {
        synchronized (t.lock) {
            Entity g = group0(groupId);
            for (String id : objectIds) {
                object0(id);
            }
            for (String id : objectIds) {
                g.members.add(TenantState.key(id));
            }
        }
    }

    /**
     * Make objects direct members of a group.
     *
     * @param groupId the group
     * @param objectIds the members
     * @since 0.1.0
     */
    public void addMembers(String groupId, String... objectIds) {
        addMembers(groupId, List.of(objectIds));
    }

    /**
     * Remove a direct member.
     *
     * @param groupId the group
     * @param objectId the member
     * @return whether it was a member
     * @since 0.1.0
     */
    public boolean removeMember(String groupId, String objectId) {
        synchronized (t.lock) {
            return group0(groupId).members.remove(TenantState.key(objectId));
        }
    }

    /**
     * Make objects owners of a group.
     *
     * @param groupId the group
     * @param objectIds the owners
     * @since 0.1.0
     */
    public void addOwners(String groupId, String... objectIds) {
        synchronized (t.lock) {
            Entity g = group0(groupId);
            for (String id : objectIds) {
                object0(id);
            }
            for (String id : objectIds) {
                g.owners.add(TenantState.key(id));
            }
        }
    }

    /**
     * Return the ids of a group's direct members, sorted.
     *
     * @param groupId the group
     * @return the member ids
     * @since 0.1.0
     */
    public List<String> memberIds(String groupId) {
        synchronized (t.lock) {
            return List.copyOf(group0(groupId).members);
        }
    }

    /**
     * Return a group's direct members.
     *
     * @param groupId the group
     * @return the members
     * @since 0.1.0
     */
    public List<FakeDirectoryObject> groupMembers(String groupId) {
        synchronized (t.lock) {
            return objects(group0(groupId).members);
        }
    }

    /**
     * Return a group's owners.
     *
     * @param groupId the group
     * @return the owners
     * @since 0.1.0
     */
    public List<FakeDirectoryObject> owners(String groupId) {
        synchronized (t.lock) {
            return objects(group0(groupId).owners);
        }
    }

    private List<FakeDirectoryObject> objects(Collection<String> ids) {
        List<FakeDirectoryObject> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Entity e = t.all.get(id);
            if (e != null) {
                out.add(e.toObject());
            }
        }
        return out;
    }

    /**
     * Find a user by id or user principal name.
     *
     * @param idOrUpn the id or UPN
     * @return the user, if any
     * @since 0.1.0
     */
    public Optional<FakeUser> user(String idOrUpn) {
        synchronized (t.lock) {
            Entity e = t.user(idOrUpn);
            return Optional.ofNullable(e).map(Entity::toUser);
        }
    }

    /**
     * Find a group by id (ignoring any replication delay).
     *
     * @param id the id
     * @return the group, if any
     * @since 0.1.0
     */
    public Optional<FakeGroup> group(String id) {
        synchronized (t.lock) {
            return Optional.ofNullable(t.groups.get(TenantState.key(id))).map(Entity::toGroup);
        }
    }

    /**
     * Find any directory object by id.
     *
     * @param id the id
     * @return the object, if any
     * @since 0.1.0
     */
    public Optional<FakeDirectoryObject> object(String id) {
        synchronized (t.lock) {
            return Optional.ofNullable(t.get(id)).map(Entity::toObject);
        }
    }

    /**
     * Return all groups, sorted by id.
     *
     * @return the groups
     * @since 0.1.0
     */
    public List<FakeGroup> groups() {
        synchronized (t.lock) {
            return t.groups.values().stream().map(Entity::toGroup).toList();
        }
    }

    /**
     * Return all users, sorted by id.
     *
     * @return the users
     * @since 0.1.0
     */
    public List<FakeUser> users() {
        synchronized (t.lock) {
            return t.users.values().stream().map(Entity::toUser).toList();
        }
    }

    /**
     * Remove every user, group and other object (app registrations and their service principals stay).
     *
     * @since 0.1.0
     */
    public void reset() {
        synchronized (t.lock) {
            t.clearDirectory();
        }
    }

    /**
     * Set a Microsoft 365 group's own guest setting ({@code Group.Unified.Guest} {@code AllowToAddGuests}), as
     * {@code GET /groups/{id}/settings} shows it. {@code false} refuses guests as members with 403 even where the
     * tenant allows them; {@code true} cannot allow what the tenant forbids ({@link Hostility#guestsAllowed()});
     * {@code null} removes the setting.
     *
     * @param groupId the group
     * @param allowed the setting, or null for none
     * @throws IllegalArgumentException if there is no such group
     * @since 0.2.0
     */
    public void guestsAllowed(String groupId, @Nullable Boolean allowed) {
        synchronized (t.lock) {
            group0(groupId).allowToAddGuests = allowed;
        }
    }

    private Entity group0(String id) {
        Entity g = t.groups.get(TenantState.key(id));
        if (g == null) {
            throw new IllegalArgumentException("No group " + id + " in tenant " + t.info.domain());
        }
        return g;
    }

    private Entity object0(String id) {
        Entity e = t.get(id);
        if (e == null) {
            throw new IllegalArgumentException("No directory object " + id + " in tenant " + t.info.domain());
        }
        return e;
    }
}
