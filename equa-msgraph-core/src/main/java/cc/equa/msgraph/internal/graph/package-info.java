/**
 * Internal: the one gateway to Microsoft Graph, organised by resource like the Azure SDK's per-resource
 * implementation classes. {@link cc.equa.msgraph.internal.graph.Gateway} hands out
 * {@link cc.equa.msgraph.internal.graph.Groups} (read, list, search, by nickname, create, member and owner paging,
 * delta), {@link cc.equa.msgraph.internal.graph.Users} (bulk lookups by filter, one user by id or address),
 * {@link cc.equa.msgraph.internal.graph.ServicePrincipals} and {@link cc.equa.msgraph.internal.graph.Batch}
 * ({@code $batch} on the wire), which {@link cc.equa.msgraph.internal.graph.BatchRunner} drives with retries,
 * pacing ({@link cc.equa.msgraph.internal.graph.WritePacer}) and one token renewal per refused step. Shared pieces
 * live here once: bounded paging with cycle detection ({@link cc.equa.msgraph.internal.graph.Pages}), the access
 * token's claims ({@link cc.equa.msgraph.internal.graph.TokenClaims}), the GUID pattern
 * ({@link cc.equa.msgraph.internal.graph.ObjectIds}), OData literals and loose JSON reading.
 *
 * <p>Connect, groups and sync reach Graph only through this package; it knows nothing of settings, plans or audit.
 * Not API: may change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.graph;

import org.jspecify.annotations.NullMarked;
