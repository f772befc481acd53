package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.NotFoundException;
import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphSession;
import com.microsoft.graph.models.ServicePrincipal;
import java.util.List;
import java.util.Optional;

/**
 * The {@code /servicePrincipals} resource (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal):
 * the app's own enterprise application, which owns the groups the library creates when no user is named.
 */
public final class ServicePrincipals {

    /** Reading the app's own service principal. */
    public static final List<String> READ_APPS = List.of("Application.Read.All", "Directory.Read.All");

    private final GraphCalls calls;
    private final GraphSession session;

    /**
     * Create the resource.
     *
     * @param calls the retry layer
     * @param session the organization's session
     */
    public ServicePrincipals(GraphCalls calls, GraphSession session) {
        this.calls = calls;
        this.session = session;
    }

    /**
     * {@code GET /servicePrincipals(appId='…')?$select=id}.
     *
     * @param operation what is being done
     * @param appId the app's client id
     * @return the service principal's object id, empty if the tenant has none for the app
     */
    public Optional<String> idOf(String operation, String appId) {
        try {
            ServicePrincipal sp = calls.run(operation, READ_APPS, true, () ->
                    session.graph().servicePrincipalsWithAppId(appId).get(cfg ->
                            cfg.queryParameters.select = new String[] {"id"}));
            return sp == null || sp.getId() == null ? Optional.empty() : Optional.of(sp.getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
