/**
 * A fake Microsoft Graph tenant for tests: an in-process HTTPS server that plays the Entra ID token endpoint and a
 * stateful subset of Microsoft Graph v1.0 (groups, users, members, owners, {@code $batch}), with permissions,
 * deterministic faults, throttling, replication delay, a request journal and a JUnit 5 extension.
 *
 * <p>Start with {@link cc.equa.msgraph.testkit.FakeGraphTenant} or {@link cc.equa.msgraph.testkit.FakeGraphTest}.
 *
 * @since 0.1.0
 */
@org.jspecify.annotations.NullMarked
package cc.equa.msgraph.testkit;
