package cc.equa.msgraph.internal.connect;

import cc.equa.msgraph.Capability;
import cc.equa.msgraph.CapabilityCheck;
import cc.equa.msgraph.CapabilityCheck.Status;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.internal.ErrorMapper;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphFailure;
import cc.equa.msgraph.internal.graph.Gateway;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection test after a token was had: probe each capability with a cheap call through the gateway, then
 * judge the answers (and, where nothing can be probed, the token's roles) into the report's checks and messages.
 * Stages: {@link #probe} (the calls), {@link #checks} (one check per capability), {@link #run} (the report).
 */
final class CapabilityProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityProbe.class);

    private final GraphCalls calls;
    private final Gateway gateway;
    private final Optional<Set<String>> roles;

    CapabilityProbe(GraphCalls calls, Gateway gateway, Optional<Set<String>> roles) {
        this.calls = calls;
        this.gateway = gateway;
        this.roles = roles;
    }

    /** The answers of the probe calls; members and manage are null when there was no group to probe. */
    private record Probes(Probe<GroupCollectionResponse> groups, Probe<UserCollectionResponse> users,
            @Nullable Probe<DirectoryObjectCollectionResponse> members, @Nullable Probe<Void> manage,
            @Nullable String target, @Nullable String foundGroup) {

        boolean anyAnswer() {
            return groups.answered() || users.answered() || (members != null && members.answered())
                    || (manage != null && manage.answered());
        }

        boolean anyDenied() {
            return groups.status() == 403 || users.status() == 403
                    || (members != null && members.status() == 403) || (manage != null && manage.status() == 403);
        }

        /** Whether Graph refused a probe as made with a token without roles (AccessDenied, issue 14 item 8). */
        boolean rolelessRefusal() {
            return java.util.stream.Stream.of(groups, users, members, manage).anyMatch(x -> x != null
                    && x.failure() != null && x.failure().reason().startsWith(ErrorMapper.ROLELESS_TOKEN));
        }

        @Nullable String requestId() {
            return firstNonNull(groups.requestId(), users.requestId(),
                    members == null ? null : members.requestId(), manage == null ? null : manage.requestId());
        }
    }

    ConnectionReport run(OrganizationId organization, AppCredentials credentials, @Nullable String linkedGroupId,
            long started) {
        List<String> messages = new ArrayList<>();
        Set<String> granted = roles.orElse(Set.of());
        Probes p = probe(linkedGroupId, messages);
        boolean consentMissing = roles.isPresent() && granted.isEmpty() && p.anyDenied() || p.rolelessRefusal();
        if (consentMissing) {
            messages.add("Admin consent not granted: the access token carries no application permissions, so"
                    + " Microsoft Graph refuses the calls (HTTP 403). In the Entra admin center open the app"
                    + " registration, API permissions, add " + ConnectionService.FULL_SET + " and click 'Grant admin"
                    + " consent'; then test again.");
        }
        List<CapabilityCheck> checks = checks(p, linkedGroupId, consentMissing, messages);
        boolean anyAnswer = p.anyAnswer();
        if (!anyAnswer) {
            MsGraphException f = p.groups().failure();
            messages.add(0, "Microsoft Graph could not be reached" + (f == null ? "" : ": " + f.reason()) + ". "
                    + (f == null ? "" : f.remediation()));
        }
        ConnectionReport judged = new ConnectionReport(organization, credentials.describe(), true, null, anyAnswer,
                checks, granted, ConnectionService.elapsed(started), p.requestId(), messages, false);
        // What will not work is told once, by the verdict's limits (each with the permission that lifts it).
        judged.limits().forEach(l -> messages.add(l.summary()));
        return new ConnectionReport(organization, credentials.describe(), true, null, anyAnswer, checks, granted,
                judged.latency(), p.requestId(), messages, false);
    }

    /** The probe calls: list groups and users, read members of the linked (or a found) group, probe a removal. */
    private Probes probe(@Nullable String linkedGroupId, List<String> messages) {
        Probe<GroupCollectionResponse> groups = call("List groups (GET /groups?$top=1)",
                Capability.LIST_GROUPS, gateway.groups()::probeList);
        Probe<UserCollectionResponse> users = call("Read users (GET /users?$top=1)",
                Capability.READ_USER_EMAILS, gateway.users()::probeList);
        String foundGroup = groups.ok() && groups.value() != null && groups.value().getValue() != null
                && !groups.value().getValue().isEmpty() ? idOf(groups.value().getValue().get(0)) : null;

        String target = linkedGroupId != null ? linkedGroupId : foundGroup;
        Probe<DirectoryObjectCollectionResponse> members = target == null ? null : readMembers(target);
        if (members != null && members.status() == 404 && linkedGroupId != null) {
            messages.add("The linked group " + linkedGroupId + " no longer exists (HTTP 404): link another group or"
                    + " create a new one.");
            target = foundGroup;
            members = target == null ? null : readMembers(target);
        }
        Probe<Void> manage = null;
        if (target != null) {
            String probeTarget = target;
            String randomMember = UUID.randomUUID().toString();
            manage = call("Probe membership management (DELETE /groups/{id}/members/{random}/$ref)",
                    Capability.MANAGE_MEMBERSHIP, h -> {
                        gateway.groups().probeRemoveRef(probeTarget, randomMember, h);
                        return null;
                    });
        }
        return new Probes(groups, users, members, manage, target, foundGroup);
    }

    /** One check per capability, in the report's order, with the messages that explain a refusal. */
    private List<CapabilityCheck> checks(Probes p, @Nullable String linkedGroupId, boolean consentMissing,
            List<String> messages) {
        List<CapabilityCheck> checks = new ArrayList<>();
        checks.add(readCheck(Capability.LIST_GROUPS, p.groups(), "GET /groups?$top=1&$select=id", consentMissing,
                messages));
        if (p.groups().ok() && p.foundGroup() == null && linkedGroupId == null) {
            // Listing worked and found nothing: say so without contradicting LIST_GROUPS ALLOWED.
            messages.add("The tenant has no Microsoft 365 groups yet, so there is none to link: create one here or in"
                    + " the Microsoft 365 admin center, then link it.");
        }
        if (p.members() != null) {
            checks.add(readCheck(Capability.READ_MEMBERS, p.members(),
                    "GET /groups/" + p.target() + "/members?$top=1&$select=id", consentMissing, messages));
        } else if (roles.isEmpty() && p.groups().ok()) {
            // Every permission that lists groups also reads their members (Capability's lists are the same).
            checks.add(new CapabilityCheck(Capability.READ_MEMBERS, Status.LIKELY_ALLOWED, "no group to probe;"
                    + " listing groups succeeded, and every permission that lists groups also reads members", "",
                    null, null));
        } else {
            CapabilityCheck members = hint(Capability.READ_MEMBERS, roles, "no group to probe");
            checks.add(members);
            if (members.status() == Status.LIKELY_DENIED) {
                // a FAILED verdict always says why in messages() (its Javadoc promises it)
                messages.add(deniedMessage(Capability.READ_MEMBERS, consentMissing));
            }
        }
        checks.add(readCheck(Capability.READ_USER_EMAILS, p.users(), "GET /users?$top=1&$select=id,mail",
                consentMissing, messages));
        if (p.manage() != null && p.target() != null) {
            checks.add(manageCheck(p.manage(), p.target(), consentMissing, roles));
        } else {
            checks.add(hint(Capability.MANAGE_MEMBERSHIP, roles, "no group to probe"));
        }
        checks.add(hint(Capability.CREATE_GROUPS, roles, "not probed (it would create a group)"));
        return checks;
    }

    /** The outcome of one probe call. */
    private record Probe<T>(@Nullable T value, int status, @Nullable String code, @Nullable String requestId,
            @Nullable MsGraphException failure) {

        boolean ok() {
            return failure == null;
        }

        boolean answered() {
            return status > 0;
        }
    }

    private Probe<DirectoryObjectCollectionResponse> readMembers(String groupId) {
        return call("Read members (GET /groups/{id}/members?$top=1)", Capability.READ_MEMBERS,
                h -> gateway.groups().probeMembers(groupId, h));
    }

    private <T> Probe<T> call(String operation, Capability capability,
            Function<HeadersInspectionOption, T> call) {
        HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
        try {
            // No transport retries in a test (it must fail fast); 429/503/504 are still retried after Retry-After.
            T value = calls.run(operation, capability.permissions(), false, () -> call.apply(headers));
            String requestId = GraphFailure.header(headers.getResponseHeaders(), "request-id");
            return new Probe<>(value, 200, null, requestId, null);
        } catch (MsGraphException e) {
            LOG.debug("{}: {}", operation, e.getMessage());
            return new Probe<>(null, e.httpStatus().orElse(0), e.graphErrorCode().orElse(null),
                    e.requestId().orElse(null), e);
        } catch (RuntimeException e) {
            MsGraphException mapped = ErrorMapper.map(operation, e, capability.permissions());
            return new Probe<>(null, mapped.httpStatus().orElse(0), mapped.graphErrorCode().orElse(null),
                    mapped.requestId().orElse(null), mapped);
        }
    }

    private static CapabilityCheck readCheck(Capability capability, Probe<?> probe, String what,
            boolean consentMissing, List<String> messages) {
        if (probe.ok()) {
            return new CapabilityCheck(capability, Status.ALLOWED, what + " succeeded", "", 200, probe.requestId());
        }
        if (probe.status() == 403) {
            String remediation = (consentMissing ? "Admin consent not granted. " : "") + grantText(capability);
            messages.add(deniedMessage(capability, consentMissing));
            return new CapabilityCheck(capability, Status.DENIED, what + " was refused (HTTP 403"
                    + (probe.code() == null ? "" : ", " + probe.code()) + ")", remediation, 403, probe.requestId());
        }
        return undecided(capability, probe, what, messages);
    }

    private static CapabilityCheck manageCheck(Probe<?> probe, String groupId, boolean consentMissing,
            Optional<Set<String>> roles) {
        String what = "DELETE /groups/" + groupId + "/members/{random GUID}/$ref";
        // Whether Graph checks permission before existence is not documented, so a 404 is weighed against the
        // token's roles (issue 14 item 8): where they disagree, or the roles are unreadable, the verdict is "likely".
        if (probe.status() == 404 && roles.isEmpty()) {
            return new CapabilityCheck(Capability.MANAGE_MEMBERSHIP, Status.LIKELY_ALLOWED, what
                    + " answered 404 (not a member); the token's roles are unreadable, so removal is probably, not"
                    + " certainly, permitted", "", 404, probe.requestId());
        }
        if (probe.status() == 404
                && Capability.MANAGE_MEMBERSHIP.permissions().stream().noneMatch(roles.get()::contains)) {
            // the report's verdict lists this as a limit (ConnectionReport.limits counts LIKELY_DENIED)
            return new CapabilityCheck(Capability.MANAGE_MEMBERSHIP, Status.LIKELY_DENIED, what
                    + " answered 404 (not a member), but the token carries none of "
                    + String.join(", ", Capability.MANAGE_MEMBERSHIP.permissions())
                    + " (Graph may look the member up before checking permission)",
                    grantText(Capability.MANAGE_MEMBERSHIP), 404, probe.requestId());
        }
        if (probe.status() == 404 || probe.ok()) {
            return new CapabilityCheck(Capability.MANAGE_MEMBERSHIP, Status.ALLOWED,
                    what + " answered " + (probe.ok() ? "2xx" : "404 (not a member)") + ": removal is permitted;"
                            + " additions go as PATCH members@odata.bind, or, where Graph refuses the bind to"
                            + " GroupMember.ReadWrite.All, as one POST members/$ref per user",
                    "", probe.ok() ? 204 : 404, probe.requestId());
        }
        if (probe.status() == 403) {
            // Not a message of its own: the report's limits (or, on failure, the missing reads) say it.
            return new CapabilityCheck(Capability.MANAGE_MEMBERSHIP, Status.DENIED, what + " was refused (HTTP 403"
                    + (probe.code() == null ? "" : ", " + probe.code()) + ")",
                    (consentMissing ? "Admin consent not granted. " : "") + grantText(Capability.MANAGE_MEMBERSHIP),
                    403, probe.requestId());
        }
        return undecided(Capability.MANAGE_MEMBERSHIP, probe, what, new ArrayList<>());
    }

    private static CapabilityCheck undecided(Capability capability, Probe<?> probe, String what,
            List<String> messages) {
        MsGraphException f = probe.failure();
        if (probe.answered()) {
            messages.add("Microsoft Graph answered HTTP " + probe.status()
                    + (probe.code() == null ? "" : " (" + probe.code() + ")") + " to " + what
                    + (probe.requestId() == null ? "" : ", request-id " + probe.requestId()) + ": "
                    + (f == null ? "retry later." : f.remediation()));
        }
        return new CapabilityCheck(capability, Status.UNKNOWN, what + (probe.answered()
                ? " failed with HTTP " + probe.status() : " got no answer"), f == null ? "" : f.remediation(),
                probe.answered() ? probe.status() : null, probe.requestId());
    }

    private static CapabilityCheck hint(Capability capability, Optional<Set<String>> roles, String why) {
        if (roles.isEmpty()) {
            return new CapabilityCheck(capability, Status.UNKNOWN, why + "; the token's roles are unreadable", "",
                    null, null);
        }
        boolean likely = capability.permissions().stream().anyMatch(roles.get()::contains);
        if (likely) {
            return new CapabilityCheck(capability, Status.LIKELY_ALLOWED,
                    why + "; the token carries " + String.join(" or ", capability.permissions().stream()
                            .filter(roles.get()::contains).toList()), "", null, null);
        }
        return new CapabilityCheck(capability, Status.LIKELY_DENIED,
                why + "; the token carries none of " + String.join(", ", capability.permissions()),
                grantText(capability), null, null);
    }

    private static String deniedMessage(Capability capability, boolean consentMissing) {
        String consent = consentMissing ? " (admin consent not granted)" : "";
        return switch (capability) {
            case LIST_GROUPS -> "Groups cannot be listed: the app lacks permission to list them" + consent
                    + ". Grant Group.Read.All at minimum (or GroupMember.Read.All; Group.ReadWrite.All covers"
                    + " everything this integration does) and grant admin consent.";
            case READ_MEMBERS -> "Group members cannot be read: the app lacks permission" + consent
                    + ". Grant GroupMember.Read.All (or Group.Read.All, or Group.ReadWrite.All) and grant admin"
                    + " consent.";
            case READ_USER_EMAILS -> "Users' e-mail addresses cannot be read, so Equa team members cannot be"
                    + " matched" + consent + ". Grant User.ReadBasic.All (least privileged) or User.Read.All and"
                    + " grant admin consent.";
            // told by the report's limits, never as a message of their own
            case MANAGE_MEMBERSHIP, CREATE_GROUPS -> grantText(capability);
        };
    }

    static String grantText(Capability capability) {
        List<String> p = capability.permissions();
        return "Grant the Microsoft Graph application permission " + p.get(0)
                + (p.size() > 1 ? " (or " + String.join(", ", p.subList(1, p.size())) + ")" : "")
                + " and grant admin consent.";
    }

    private static @Nullable String idOf(Group group) {
        return group.getId();
    }

    @SafeVarargs
    private static <T> @Nullable T firstNonNull(@Nullable T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
