package cc.equa.msgraph.internal.groups;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.MsGraphException.Details;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.graph.Gateway;
import cc.equa.msgraph.internal.graph.ObjectIds;
import cc.equa.msgraph.internal.graph.TokenClaims;
import cc.equa.msgraph.spi.AppCredentials;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The owners of a group about to be created, as object ids. Split off {@link GroupCreation}: resolving them is
 * finished before the pending-create marker is written, and an unknown owner fails the call before anything is
 * created, so it shares nothing with the retry logic there.
 */
final class GroupOwners {

    private GroupOwners() {
    }

    /** Resolve the owners to object ids: named users (id, UPN or e-mail) and/or the app's service principal. */
    static List<String> resolve(String operation, Gateway gateway, NewGroup request,
            @Nullable AppCredentials credentials) {
        Set<String> ids = new LinkedHashSet<>();
        List<FieldProblem> unknown = new ArrayList<>();
        List<String> owners = request.owners();
        for (int i = 0; i < owners.size(); i++) {
            String owner = owners.get(i).trim();
            Optional<String> id = gateway.users().userId(operation, GroupSupport.READ_USERS, owner);
            if (id.isEmpty()) {
                unknown.add(new FieldProblem("owners[" + i + "]", "no user '" + owner + "' exists in the tenant",
                        "Name an existing user by user principal name, e-mail address or object id."));
            } else {
                ids.add(id.get().toLowerCase(Locale.ROOT));
            }
        }
        if (!unknown.isEmpty()) {
            String reason = unknown.stream().map(p -> p.field() + ": " + p.problem())
                    .reduce((a, b) -> a + "; " + b).orElse("");
            throw new NotFoundException(Details.of(ErrorKind.NOT_FOUND, operation, reason,
                    "Name existing users as owners; nothing was created."), null);
        }
        if (request.appAsOwner()) {
            ids.add(appServicePrincipal(operation, gateway, credentials).toLowerCase(Locale.ROOT));
        }
        return List.copyOf(ids);
    }

    private static String appServicePrincipal(String operation, Gateway gateway,
            @Nullable AppCredentials credentials) {
        String clientId = credentials == null ? null : credentials.clientId();
        if (clientId != null) {
            Optional<String> id = gateway.servicePrincipals().idOf(operation, clientId);
            if (id.isPresent()) {
                return id.get();
            }
        } else {
            Optional<String> oid = TokenClaims.appObjectId(gateway.session()).filter(ObjectIds::isGuid);
            if (oid.isPresent()) {
                return oid.get();
            }
        }
        throw new NotFoundException(Details.of(ErrorKind.NOT_FOUND, operation,
                "the app's own service principal was not found in the tenant, so it cannot own the group",
                "Name at least one user as owner, or check that the app registration has an enterprise application"
                        + " (service principal) in the tenant."), null);
    }
}
