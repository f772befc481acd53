/**
 * Internal implementation of equa-msgraph core: the runtime every feature shares. The packages below it are the
 * features and the way out:
 * <ul>
 *   <li>{@code internal} (here): configuration and runtime ({@code IntegrationRuntime}), the Graph session and its
 *       HTTP stack, credentials and cached tokens, the retry layer ({@code GraphCalls}), and error mapping
 *       ({@code ErrorMapper}: Entra and Graph failures to the public exception types).</li>
 *   <li>{@code internal.connect}: checking credentials, the connection test, saving and disconnecting.</li>
 *   <li>{@code internal.groups}: browsing, linking and creating the organization's group; reading its members.</li>
 *   <li>{@code internal.sync}: planning and applying membership syncs, and the signed plan format.</li>
 *   <li>{@code internal.graph}: the one gateway to Microsoft Graph, by resource; every feature goes through it.</li>
 * </ul>
 * Not API: may change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal;

import org.jspecify.annotations.NullMarked;
