/**
 * Issue 18 attacks: a third-party connector built only from Microsoft's SDKs (MSAL4J, azure-identity, Graph SDK 6)
 * or a plain HTTP client, configured with Microsoft's real URLs ({@code https://login.microsoftonline.com/{tenant}/},
 * {@code https://graph.microsoft.com/v1.0}) and routed to the standalone fake through its CONNECT proxy, trusting
 * only the fake's CA. Only the testkit's public API is used ({@link Routed} does the wiring).
 *
 * <p>Failing tests here are findings: places where the fake answers otherwise than Microsoft documents (kinder,
 * stricter, or not at all). Each test's Javadoc names the source. Passing tests are attacks that did not break it.
 */
package cc.equa.msgraph.testkit.attack;
