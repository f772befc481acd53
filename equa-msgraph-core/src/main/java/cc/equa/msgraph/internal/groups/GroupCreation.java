package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.LinkedGroup;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.graph.Gateway;
import cc.equa.msgraph.internal.groups.PendingMarker.Pending;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import com.microsoft.graph.models.Group;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Create a Microsoft 365 group and link it, safely retryable.
 *
 * <p>Before the {@code POST /groups} the mail nickname about to be used is recorded in the settings state
 * ({@value GroupSupport#PENDING_CREATE}, kept by {@link PendingMarker}). If the response is lost (the group may or may not exist), the next attempt
 * for the same name finds the marker, looks the nickname up and adopts the group, or posts again with the same
 * nickname; Graph's nickname uniqueness then turns a group that landed after all into a conflict, which is
 * resolved by adopting it. No attempt can produce a second group.
 *
 * <p>A new group can stay invisible to reads for up to {@link #MAY_BE_REPLICATING} (issue 14 item 5). So while a
 * POST of ours with a nickname may have landed less than that ago, a nickname conflict is taken for our own group
 * still replicating: creation never moves on to another nickname (which would make a second group), and never posts
 * again before it has looked for the group for {@link #CREATE_WAITS} (about two minutes, through the sleeper). When
 * the group is still invisible after that, the call fails with "run again in a few minutes" and the marker (with the
 * new group's id, when Graph returned it) stays for the next attempt.
 */
final class GroupCreation {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCreation.class);
    private static final int MAX_SUFFIX_PROBES = 10;
    private static final int MAX_POST_ATTEMPTS = 4;
    /** How long after one of our POSTs its group may still be invisible (microsoft-graph-docs issue 12063). */
    static final java.time.Duration MAY_BE_REPLICATING = GroupSupport.REPLICATION_WINDOW;
    /** The waits while looking for a group of ours: 1+2+4+8+16+32+30+30 = 123 s per call. */
    static final List<java.time.Duration> CREATE_WAITS = List.of(java.time.Duration.ofSeconds(1),
            java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(4), java.time.Duration.ofSeconds(8),
            java.time.Duration.ofSeconds(16), java.time.Duration.ofSeconds(32), java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(30));

    private final GroupService service;
    private final GroupSupport support;
    private final IntegrationRuntime runtime;
    private final PendingMarker markers;

    GroupCreation(GroupService service, GroupSupport support) {
        this.service = service;
        this.support = support;
        this.runtime = support.runtime();
        this.markers = new PendingMarker(support);
    }

    LinkedGroup create(OrganizationId organization, NewGroup request) {
        String operation = "Create group '" + request.displayName() + "' for organization " + organization;
        List<FieldProblem> problems = GroupInputs.check(request);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(operation, problems);
        }
        IntegrationSettings settings = runtime.requireConnected(organization, operation);
        Gateway gateway = service.gatewayFor(organization, settings);
        List<String> ownerIds = GroupOwners.resolve(operation, gateway, request, settings.credentials());
        String linkedAtStart = settings.linkedGroupId();

        Pending pending = markers.read(operation, settings);
        if (pending != null && pending.matches(request) && pending.id() != null) {
            pending = checkId(operation, gateway, pending);
        }
        if (pending != null && pending.matches(request)) {
            LOG.info("{}: an earlier attempt may have created group '{}' (mailNickname {}); checking",
                    operation, pending.displayName(), pending.nickname());
            boolean young = pending.mayBeReplicating(support.now());
            Optional<Group> earlier = young ? lookForOurs(operation, gateway, request, pending)
                    : ours(byNickname(gateway, operation, pending.nickname()), request);
            if (earlier.isPresent()) {
                return adopt(organization, operation, earlier.get());
            }
            if (pending.id() != null && young) {
                // Graph returned its id: it exists, only not visible yet; never post again
                throw stillReplicating(operation, pending, null);
            }
            return post(organization, operation, gateway, request, ownerIds, new Nicknames(pending.nickname()),
                    true, young, linkedAtStart);
        }
        if (pending != null) {
            reportAbandoned(organization, operation, gateway, pending);
        }
        Optional<String> explicit = request.mailNickname();
        if (explicit.isPresent()) {
            List<Group> taken = byNickname(gateway, operation, explicit.get());
            if (!taken.isEmpty()) {
                throw nicknameTaken(operation, explicit.get(), taken.get(0));
            }
            return post(organization, operation, gateway, request, ownerIds, new Nicknames(explicit.get()), true,
                    false, linkedAtStart);
        }
        Nicknames nicknames = new Nicknames(GroupInputs.deriveNickname(request.displayName(), 0));
        nicknames.skipTaken(operation, gateway);
        return post(organization, operation, gateway, request, ownerIds, nicknames, false, false, linkedAtStart);
    }

    /** The candidate nicknames: base, base-2, base-3 … then a random suffix. */
    private static final class Nicknames {
        private final String base;
        private int n = 1;
        private String current;

        Nicknames(String base) {
            this.base = base;
            this.current = base;
        }

        String current() {
            return current;
        }

        void advance() {
            n++;
            current = n <= MAX_SUFFIX_PROBES ? GroupInputs.withSuffix(base, n)
                    : GroupInputs.withSuffix(base, 1000 + Math.floorMod(UUID.randomUUID().hashCode(), 9000));
        }

        void skipTaken(String operation, Gateway gateway) {
            while (!byNickname(gateway, operation, current).isEmpty()) {
                if (n > MAX_SUFFIX_PROBES) {
                    throw new MsGraphException(Details.of(ErrorKind.CONFLICT, operation,
                            "no free mail nickname was found for '" + base + "'",
                            "Give the group an explicit mail nickname."), null);
                }
                advance();
            }
        }
    }

    /**
     * Post the group, trying further nicknames when one is taken (unless pinned).
     *
     * @param oursMayExist whether a POST of ours with the first nickname may have landed and still be invisible
     * @param linkedAtStart the group linked when this call read the settings (see {@link PendingMarker#claim})
     */
    private LinkedGroup post(OrganizationId organization, String operation, Gateway gateway,
            NewGroup request, List<String> ownerIds, Nicknames nicknames, boolean pinned, boolean oursMayExist,
            @Nullable String linkedAtStart) {
        boolean mayBeOurs = oursMayExist;
        for (int attempt = 1; ; attempt++) {
            String nickname = nicknames.current();
            Pending marker = new Pending(nickname, request.displayName(), support.now(), null);
            if (attempt == 1 && !oursMayExist) {
                Pending rival = markers.claim(organization, operation, request, marker, linkedAtStart);
                if (rival != null) {
                    return awaitRival(organization, operation, gateway, request, rival);
                }
            } else {
                markers.write(organization, operation, marker);
            }
            Group created;
            boolean[] lost = {false};
            try {
                created = postOnce(operation, gateway, request, ownerIds, nickname, lost);
            } catch (MsGraphException e) {
                if (e.kind() != ErrorKind.CONFLICT) {
                    // The marker stays when the outcome is unknown (network): the next attempt adopts or reposts.
                    if (e.kind() != ErrorKind.NETWORK && e.kind() != ErrorKind.SERVICE
                            && e.kind() != ErrorKind.THROTTLED) {
                        markers.clear(organization, operation, marker);
                    }
                    support.audit(organization, "group.create", null, request.displayName(), "failed",
                            e.requestId().orElse(null), e.reason());
                    throw e;
                }
                // The HTTP stack may have resent a POST whose answer was lost without telling us, so a nickname
                // conflict right after the nickname looked free may be our own group, invisible for now.
                boolean addressConflict = e.reason().contains("proxyAddresses");
                boolean possiblyOurs = mayBeOurs || lost[0] || !addressConflict;
                if (possiblyOurs) {
                    Optional<Group> landed = lookForOurs(operation, gateway, request, marker);
                    if (landed.isPresent()) {
                        return adopt(organization, operation, landed.get());
                    }
                    if (byNickname(gateway, operation, nickname).isEmpty()) {
                        // nothing visible holds the nickname: moving on could make a second group once ours shows
                        throw stillReplicating(operation, marker, e);
                    }
                }
                if (pinned || attempt >= MAX_POST_ATTEMPTS) {
                    markers.clear(organization, operation, marker);
                    support.audit(organization, "group.create", null, request.displayName(), "failed",
                            e.requestId().orElse(null), "mailNickname " + nickname + " is taken");
                    throw new MsGraphException(Details.of(ErrorKind.CONFLICT, operation,
                            "the mail nickname '" + nickname + "' is already used by another object in the tenant",
                            "Give the group another mail nickname, or link the existing group.")
                            .withHttp(e.httpStatus().isPresent() ? e.httpStatus().getAsInt() : null,
                                    e.graphErrorCode().orElse(null), e.requestId().orElse(null)), e);
                }
                nicknames.advance();
                nicknames.skipTaken(operation, gateway);
                continue;
            }
            return finish(organization, operation, gateway, created, marker);
        }
    }

    /** Another call is creating the same group: link its group once visible, never post a second. */
    private LinkedGroup awaitRival(OrganizationId organization, String operation, Gateway gateway, NewGroup request,
            Pending rival) {
        LOG.info("{}: another call is creating group '{}' (mailNickname {}) right now; linking its group instead of"
                + " creating a second", operation, rival.displayName(), rival.nickname());
        Optional<Group> theirs = rival.id() != null
                ? support.awaitReplication(operation, CREATE_WAITS, () -> Optional.ofNullable(
                        gateway.groups().get(operation, GroupSupport.READ_GROUPS, rival.id()))
                        .filter(g -> request.displayName().equals(g.getDisplayName())))
                : lookForOurs(operation, gateway, request, rival);
        if (theirs.isPresent()) {
            return adopt(organization, operation, theirs.get());
        }
        throw stillReplicating(operation, rival, null);
    }

    /**
     * Check that the group a marker names by id is the one it records: a marker pointing at another group (a
     * settings row edited, or corrupted) must never make creation link that group. If it names another group, its id
     * is dropped with a warning and the group is looked for by nickname and name, as for a lost response.
     */
    private Pending checkId(String operation, Gateway gateway, Pending pending) {
        Group named;
        try {
            named = gateway.groups().get(operation, GroupSupport.READ_GROUPS, pending.id());
        } catch (NotFoundException notVisibleYet) {
            return pending;
        }
        if (named == null || pending.isOurs(named)) {
            return pending;
        }
        LOG.warn("{}: the pending group creation in the organization's settings names group {}, which is not the"
                + " group it records (mailNickname {}); ignoring that id", operation, pending.id(),
                pending.nickname());
        return pending.withoutId();
    }

    /** Look for our group (by id when known, else by nickname) for about two minutes. */
    private Optional<Group> lookForOurs(String operation, Gateway gateway, NewGroup request, Pending pending) {
        String id = pending.id();
        return support.awaitReplication(operation, CREATE_WAITS, id != null
                ? () -> Optional.ofNullable(gateway.groups().get(operation, GroupSupport.READ_GROUPS, id))
                        .filter(pending::isOurs)
                : () -> ours(byNickname(gateway, operation, pending.nickname()), request));
    }

    /** Our group may exist but is not visible yet: the marker stays, nothing else is created. */
    private static NotFoundException stillReplicating(String operation, Pending pending,
            @Nullable MsGraphException cause) {
        Details d = Details.of(ErrorKind.NOT_FOUND, operation,
                "the group with mail nickname '" + pending.nickname() + "' " + (pending.id() != null
                        ? "(" + pending.id() + ") was created" : "may have been created by an earlier attempt")
                        + " but Microsoft 365 has not made it visible yet (this can take up to 15 minutes)",
                "Run the operation again in a few minutes: the library links the group it created instead of"
                        + " creating another.");
        if (cause != null) {
            d = d.withHttp(cause.httpStatus().isPresent() ? cause.httpStatus().getAsInt() : null,
                    cause.graphErrorCode().orElse(null), cause.requestId().orElse(null));
        }
        return new NotFoundException(d, cause);
    }

    /** POST once; a lost response (transport failure) is retried once with the same nickname. */
    private Group postOnce(String operation, Gateway gateway, NewGroup request, List<String> ownerIds,
            String nickname, boolean[] lost) {
        try {
            return gateway.groups().create(operation, GroupSupport.CREATE, body(gateway, request, ownerIds, nickname));
        } catch (MsGraphException e) {
            if (e.kind() != ErrorKind.NETWORK) {
                throw e;
            }
            lost[0] = true;
            LOG.info("{}: the create response was lost; posting again with the same mailNickname {}", operation,
                    nickname);
            // A fresh model: a reused one would serialize as {} (backing store tracks changes only).
            return gateway.groups().create(operation, GroupSupport.CREATE, body(gateway, request, ownerIds, nickname));
        }
    }

    private static Group body(Gateway gateway, NewGroup request, List<String> ownerIds, String nickname) {
        Group g = new Group();
        g.setDisplayName(request.displayName());
        request.description().filter(d -> !d.isBlank()).ifPresent(g::setDescription);
        g.setMailNickname(nickname);
        g.setMailEnabled(true);
        g.setSecurityEnabled(false);
        g.setGroupTypes(new ArrayList<>(List.of("Unified")));
        request.visibility().ifPresent(v -> g.setVisibility(v.graphValue()));
        List<String> binds = new ArrayList<>();
        for (String id : ownerIds) {
            binds.add(gateway.session().directoryObjectUrl(id));
        }
        Map<String, Object> additional = new HashMap<>();
        additional.put("owners@odata.bind", binds);
        g.setAdditionalData(additional);
        return g;
    }

    private LinkedGroup finish(OrganizationId organization, String operation, Gateway gateway,
            Group created, Pending marker) {
        String id = created.getId();
        if (id == null) {
            throw new MsGraphException(Details.of(ErrorKind.UNEXPECTED, operation,
                    "Microsoft Graph created the group but returned no id",
                    "Run the operation again: the library finds and links the group it created.")
                    .withHttp(null, null, cc.equa.msgraph.internal.ResponseIds.last()), null);
        }
        support.audit(organization, "group.create", id, created.getDisplayName(), "applied", null,
                "mailNickname " + marker.nickname());
        Pending withId = new Pending(marker.nickname(), marker.displayName(), marker.postedAt(), id);
        markers.replace(organization, operation, marker, withId);
        Optional<Group> visible = support.awaitReplication(operation, CREATE_WAITS,
                () -> Optional.ofNullable(gateway.groups().get(operation, GroupSupport.READ_GROUPS, id)));
        if (visible.isEmpty()) {
            throw stillReplicating(operation, withId, null);
        }
        return link(organization, operation, GroupMapper.group(visible.get()), true);
    }

    private LinkedGroup adopt(OrganizationId organization, String operation, Group group) {
        LOG.info("{}: adopting group {} created by an earlier attempt whose response was lost", operation,
                group.getId());
        GroupInfo info = GroupMapper.group(group);
        support.audit(organization, "group.create", info.id(), info.displayName(), "applied",
                null, "created by an earlier attempt whose response was lost; adopted");
        return link(organization, operation, info, true);
    }

    private LinkedGroup link(OrganizationId organization, String operation, GroupInfo info, boolean created) {
        String createdState = info.id() + "\n" + support.now().toEpochMilli();
        return service.store(organization, operation, info, created, s -> s
                .withState(GroupSupport.PENDING_CREATE, null)
                .withState(GroupSupport.CREATED, createdState));
    }

    /** A marker for another request: if its group landed, say so (it is not linked), then forget it. */
    private void reportAbandoned(OrganizationId organization, String operation, Gateway gateway,
            Pending pending) {
        for (Group g : byNickname(gateway, operation, pending.nickname())) {
            if (pending.displayName().equals(g.getDisplayName())) {
                LOG.warn("{}: an earlier, abandoned attempt created group {} ('{}'); it is not linked", operation,
                        g.getId(), g.getDisplayName());
                support.audit(organization, "group.create", g.getId(), g.getDisplayName(), "applied", null,
                        "created by an earlier attempt whose response was lost; not linked (a different group was"
                                + " requested since)");
            }
        }
        markers.clear(organization, operation, pending);
    }

    private static Optional<Group> ours(List<Group> candidates, NewGroup request) {
        return candidates.stream()
                .filter(g -> g.getId() != null && request.displayName().equals(g.getDisplayName()))
                .filter(g -> g.getGroupTypes() != null && g.getGroupTypes().stream()
                        .anyMatch("Unified"::equalsIgnoreCase))
                .findFirst();
    }

    private static MsGraphException nicknameTaken(String operation, String nickname, Group existing) {
        return new MsGraphException(Details.of(ErrorKind.CONFLICT, operation,
                "the mail nickname '" + nickname + "' is already used by group '" + existing.getDisplayName() + "' ("
                        + existing.getId() + ")",
                "Choose another mail nickname, leave it out to derive a free one, or link the existing group."),
                null);
    }

    /** Every group (of any type) with this nickname. */
    private static List<Group> byNickname(Gateway gateway, String operation, String nickname) {
        return gateway.groups().byNickname(operation, GroupSupport.READ_GROUPS, nickname);
    }
}
