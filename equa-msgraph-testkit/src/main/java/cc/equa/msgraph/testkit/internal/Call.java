package cc.equa.msgraph.testkit.internal;

import cc.equa.msgraph.testkit.ObjectType;
import java.util.Map;

/**
 * One routed Graph call as a handler sees it: the request, the caller behind its token, the caller's tenant (whose
 * lock is held) and the values the route's path pattern bound, by parameter name.
 */
record Call(GraphRequest request, Caller caller, TenantState tenant, Map<String, Object> params) {

    /** A plain {@code {name}} parameter: the decoded path segment. */
    String param(String name) {
        return (String) params.get(name);
    }

    /** The {@code {id}} segment: the object the path addresses. */
    String id() {
        return param("id");
    }

    /** The {@code {relation}} segment of {@code /groups/{id}/{relation}}. */
    Relation relation() {
        return (Relation) params.get("relation");
    }

    /** The {@code {cast}} segment, e.g. {@code microsoft.graph.user}. */
    ObjectType cast() {
        return (ObjectType) params.get("cast");
    }
}
