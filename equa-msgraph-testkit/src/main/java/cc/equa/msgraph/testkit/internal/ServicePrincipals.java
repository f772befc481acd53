package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /servicePrincipals/{id}} and {@code GET /servicePrincipals(appId='{appId}')}
 * (https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get?view=graph-rest-1.0). An app may read its own
 * service principal without any role ("A service principal can retrieve its own application and service principal
 * details without being granted any application permissions"); any other needs Application.Read.All or higher,
 * checked before existence, as Graph checks permissions first. Listing service principals is not served (405).
 */
final class ServicePrincipals {
    private final ODataResponses odata;

    ServicePrincipals(GraphContext ctx) {
        this.odata = new ODataResponses(ctx);
    }

    GraphResult getById(Call x) {
        String id = x.id();
        TenantState.AppState self = x.tenant().apps.get(x.caller().appId().toLowerCase(Locale.ROOT));
        @Nullable Set<String> sel = checkAccess(x, self != null && id.equalsIgnoreCase(self.servicePrincipalId));
        Entity e = x.tenant().get(id);
        if (e == null || e.type != ObjectType.SERVICE_PRINCIPAL) {
            throw GraphException.notFound(id);
        }
        return render(sel, e);
    }

    GraphResult getByAppId(Call x) {
        String appId = x.param("appId");
        @Nullable Set<String> sel = checkAccess(x, appId.equalsIgnoreCase(x.caller().appId()));
        Entity sp = byAppId(x.tenant(), appId);
        if (sp == null) {
            // the alternate-key form names the key in its 404, unlike the by-id form
            throw new GraphException(404, "Request_ResourceNotFound", "Resource 'servicePrincipal' with "
                    + "identifier 'appId=" + appId + "' does not exist or one of its queried reference-property "
                    + "objects are not present.");
        }
        return render(sel, sp);
    }

    /** The permission check (unless the caller reads itself), then the query options; returns the $select. */
    private static @Nullable Set<String> checkAccess(Call x, boolean own) {
        if (!own) {
            Permissions.READ_SERVICE_PRINCIPALS.check(x.caller());
        }
        ListQuery.checkOptions(x.request(), Set.of("$select"));
        return ODataProperties.select(x.request().url.queryParameter("$select"), ObjectType.SERVICE_PRINCIPAL);
    }

    private static @Nullable Entity byAppId(TenantState t, String appId) {
        for (Entity e : t.all.values()) {
            if (e.type == ObjectType.SERVICE_PRINCIPAL && appId.equalsIgnoreCase(e.appId)) {
                return e;
            }
        }
        return null;
    }

    private GraphResult render(@Nullable Set<String> sel, Entity sp) {
        return odata.entity("servicePrincipals", sel, ODataResponses.json(sp, sel, false, false));
    }
}
