package cc.equa.msgraph.internal.sync;

import cc.equa.msgraph.internal.GraphSession;
import cc.equa.msgraph.internal.IntegrationRuntime;
import cc.equa.msgraph.internal.graph.Batch;
import cc.equa.msgraph.internal.graph.BatchRunner;
import cc.equa.msgraph.internal.graph.Groups;
import cc.equa.msgraph.internal.graph.GuestSettings;
import cc.equa.msgraph.internal.graph.Step;
import cc.equa.msgraph.internal.graph.StepResponse;
import cc.equa.msgraph.internal.graph.TokenClaims;
import cc.equa.msgraph.internal.graph.UserRecord;
import cc.equa.msgraph.internal.graph.Users;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link GraphPort} on the Graph gateway ({@code internal.graph}): sync's view of {@link Groups}, {@link Users} and
 * {@link Batch}, with sync's permissions and member shape. Holds no Graph logic of its own.
 */
final class SdkGraphPort implements GraphPort {

    static final List<String> READ_PERMISSIONS = List.of("GroupMember.Read.All", "Group.Read.All");
    static final String[] MEMBER_SELECT = {"id", "mail", "userPrincipalName", "accountEnabled", "userType"};
    private static final String MICROSOFT_GRAPH = "#microsoft.graph.";

    private final IntegrationRuntime runtime;
    private final GraphSession session;
    private final Groups groups;
    private final Batch batch;
    private final String operation;

    /**
     * Create the port.
     *
     * @param runtime the runtime
     * @param session the organization's session
     * @param operation what is being done, for errors
     */
    SdkGraphPort(IntegrationRuntime runtime, GraphSession session, String operation) {
        this.runtime = runtime;
        this.session = session;
        this.groups = new Groups(runtime.calls(), session);
        this.batch = new Batch(session, operation);
        this.operation = operation;
    }

    @Override
    public GroupState readGroup(String groupId) {
        List<DirectoryMember> members = new ArrayList<>();
        groups.forEachMemberPage(operation, READ_PERMISSIONS, groupId, MEMBER_SELECT,
                page -> page.forEach(o -> members.add(member(o))));
        Set<String> owners = new LinkedHashSet<>();
        groups.forEachOwnerPage(operation, READ_PERMISSIONS, groupId, page -> page.forEach(o -> owners.add(o.getId())));
        return new GroupState(groupId, members, owners, TokenClaims.appObjectId(session).orElse(null));
    }

    @Override
    public Set<String> memberIds(String groupId) {
        Set<String> ids = new HashSet<>();
        groups.forEachMemberPage(operation, READ_PERMISSIONS, groupId, new String[] {"id"},
                page -> page.forEach(o -> ids.add(o.getId())));
        return ids;
    }

    @Override
    public boolean groupExists(String groupId) {
        return groups.exists(operation, READ_PERMISSIONS, groupId);
    }

    @Override
    public @Nullable String deltaStart(String groupId) {
        return Planner.isObjectId(groupId) ? groups.deltaStart(operation, READ_PERMISSIONS, groupId) : null;
    }

    @Override
    public @Nullable String deltaUnchanged(String deltaLink) {
        return groups.deltaUnchanged(operation, READ_PERMISSIONS, deltaLink);
    }

    @Override
    public Optional<Set<String>> grantedRoles() {
        return TokenClaims.grantedRoles(session);
    }

    @Override
    public GuestSettings.Answer guestSettings(String groupId) {
        return new GuestSettings(runtime.calls(), session).read(operation, groupId);
    }

    @Override
    public List<UserRecord> findUsers(List<String> filters, String operation) {
        BatchRunner runner = new BatchRunner(this, runtime.calls(), null, runtime.config().maxRetries(),
                runtime.config().maxRetryWait(), operation);
        return Users.lookup(runner, filters, operation);
    }

    @Override
    public void renewToken(@Nullable String claims) {
        batch.renewToken(claims);
    }

    @Override
    public List<StepResponse> batch(List<Step> steps) {
        return batch.batch(steps);
    }

    private static DirectoryMember member(DirectoryObject o) {
        String type = o.getOdataType();
        if (type != null && type.startsWith(MICROSOFT_GRAPH)) {
            type = type.substring(MICROSOFT_GRAPH.length());
        } else if (type == null) {
            type = o instanceof User ? "user" : "directoryObject";
        }
        if (o instanceof User u) {
            return new DirectoryMember(o.getId(), "user", u.getMail(), u.getUserPrincipalName(),
                    u.getAccountEnabled());
        }
        return new DirectoryMember(o.getId(), type, null, null, null);
    }
}
