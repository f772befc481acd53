/**
 * Implementation of the fake tenant. Not API: anything here may change without notice.
 *
 * <h2>Where a behaviour lives</h2>
 * <p>A request enters {@link cc.equa.msgraph.testkit.internal.Engine} (the HTTPS server) and goes through its stages:
 * classify and identify the caller ({@link cc.equa.msgraph.testkit.internal.Exchange}), faults
 * ({@link cc.equa.msgraph.testkit.internal.FaultEngine} matches rules, {@link cc.equa.msgraph.testkit.internal.FaultActions}
 * applies them and checks retry discipline, {@link cc.equa.msgraph.testkit.internal.Throttle} holds the write quota),
 * route, journal ({@link cc.equa.msgraph.testkit.internal.Journal}), render
 * ({@link cc.equa.msgraph.testkit.internal.WireResponse}).
 *
 * <ul>
 *   <li><b>Identity platform</b> (token endpoint, OpenID discovery, MSAL instance discovery, signing keys):
 *       {@link cc.equa.msgraph.testkit.internal.Identity} (routed by
 *       {@link cc.equa.msgraph.testkit.internal.IdentityEndpoints}), the token request's stages in
 *       {@link cc.equa.msgraph.testkit.internal.ClientCredentialsGrant}, tokens in
 *       {@link cc.equa.msgraph.testkit.internal.TokenService}, certificate and federated credentials in
 *       {@link cc.equa.msgraph.testkit.internal.ClientAssertions}.</li>
 *   <li><b>Which Graph endpoints exist</b>: the route table in {@link cc.equa.msgraph.testkit.internal.GraphRouter}
 *       (path syntax in {@link cc.equa.msgraph.testkit.internal.RoutePattern}); {@code $batch} in
 *       {@link cc.equa.msgraph.testkit.internal.BatchRunner}.</li>
 *   <li><b>One class per Graph resource</b>, each naming the Microsoft Graph documentation pages it mimics:
 *       {@link cc.equa.msgraph.testkit.internal.Groups}, {@link cc.equa.msgraph.testkit.internal.GroupRelations}
 *       (members, owners, {@code $ref}, casts), {@link cc.equa.msgraph.testkit.internal.GroupDelta},
 *       {@link cc.equa.msgraph.testkit.internal.Users} (updates in {@link cc.equa.msgraph.testkit.internal.UserUpdate}),
 *       {@link cc.equa.msgraph.testkit.internal.DirectoryObjects},
 *       {@link cc.equa.msgraph.testkit.internal.ServicePrincipals},
 *       {@link cc.equa.msgraph.testkit.internal.Organization}, the {@code $count} segments in
 *       {@link cc.equa.msgraph.testkit.internal.Counts}, guest policy and group settings in
 *       {@link cc.equa.msgraph.testkit.internal.GroupSettings}; replication delay of new groups in
 *       {@link cc.equa.msgraph.testkit.internal.GroupVisibility}.</li>
 *   <li><b>Hostility</b> ({@link cc.equa.msgraph.testkit.Hostility}, the realistic profile): read-after-write lag of
 *       membership in {@link cc.equa.msgraph.testkit.internal.ReadLag}, the write cost of binds in
 *       {@link cc.equa.msgraph.testkit.internal.WriteCost}, the OR limit in
 *       {@link cc.equa.msgraph.testkit.internal.ODataClauses}; the other behaviours sit in the class they change
 *       ({@code GroupRelations}, {@code Groups}, {@code GroupDelta}, {@code BatchRunner}, {@code GraphExecution},
 *       {@code ListQuery}), each citing its source. The seeded random choices come from
 *       {@link cc.equa.msgraph.testkit.internal.GraphContext#chance}.</li>
 *   <li><b>User lookups at scale</b>: {@link cc.equa.msgraph.testkit.internal.UserIndex}.</li>
 *   <li><b>OData</b>: query options in {@link cc.equa.msgraph.testkit.internal.ListQuery}, {@code $filter} in
 *       {@link cc.equa.msgraph.testkit.internal.ODataFilter}, {@code $search} in
 *       {@link cc.equa.msgraph.testkit.internal.ODataSearch}, properties and {@code $select} in
 *       {@link cc.equa.msgraph.testkit.internal.ODataProperties}, JSON envelopes and paging in
 *       {@link cc.equa.msgraph.testkit.internal.ODataResponses}; request bodies and {@code @odata.bind} in
 *       {@link cc.equa.msgraph.testkit.internal.RequestBodies}.</li>
 *   <li><b>Permissions</b> (which application role each operation needs):
 *       {@link cc.equa.msgraph.testkit.internal.Permissions}.</li>
 *   <li><b>State</b>: {@link cc.equa.msgraph.testkit.internal.TenantState} (objects, apps, delta rounds),
 *       {@link cc.equa.msgraph.testkit.internal.Entity}; seeding from JSON in
 *       {@link cc.equa.msgraph.testkit.internal.SeedLoader}; time in
 *       {@link cc.equa.msgraph.testkit.internal.VirtualClock}.</li>
 *   <li><b>Client wiring</b> (Graph SDK and azure-identity pointed at the fake):
 *       {@link cc.equa.msgraph.testkit.internal.SdkWiring}; for clients that hard-code Microsoft's hosts, the
 *       {@code CONNECT} proxy {@link cc.equa.msgraph.testkit.internal.HostsProxy} (the answers then name the host the
 *       client addressed: {@code Exchange#authority}, {@code GraphRequest#root}).</li>
 * </ul>
 */
@org.jspecify.annotations.NullMarked
package cc.equa.msgraph.testkit.internal;
