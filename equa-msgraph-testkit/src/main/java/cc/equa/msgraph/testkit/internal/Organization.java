package cc.equa.msgraph.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * {@code GET /organization} (https://learn.microsoft.com/en-us/graph/api/organization-list?view=graph-rest-1.0):
 * a one-item collection with the tenant's id, a display name and its one verified domain, which is both default and
 * initial, as in a fresh tenant. Needs Organization.Read.All or a Directory role.
 */
final class Organization {
    private final ODataResponses odata;

    Organization(GraphContext ctx) {
        this.odata = new ODataResponses(ctx);
    }

    GraphResult list(Call x) {
        Permissions.READ_ORGANIZATION.check(x.caller());
        TenantState t = x.tenant();
        JsonObject org = new JsonObject();
        org.addProperty("id", t.info.tenantId());
        org.addProperty("displayName", t.info.domain().split("\\.")[0]);
        JsonObject d = new JsonObject();
        d.addProperty("name", t.info.domain());
        d.addProperty("isDefault", true);
        d.addProperty("isInitial", true);
        d.addProperty("type", "Managed");
        d.addProperty("capabilities", "Email, OfficeCommunicationsOnline");
        JsonArray domains = new JsonArray();
        domains.add(d);
        org.add("verifiedDomains", domains);
        return GraphResult.ok(odata.collection("organization", null, List.of(org), null, null));
    }
}
