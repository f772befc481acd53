/**
 * Integration tests of equa-msgraph core against the fake tenant, through the real Graph SDK and azure-identity over
 * HTTPS. They live in the testkit module because the testkit depends on core, and they stay there rather than in a
 * module of their own (decided for issue 15): the reliability suite's invariants
 * ({@code it.reliability.SuiteInvariants}, auto-detected, with the capturing log provider) run for every test of
 * this module, the fake's own tests included, and splitting the module would either drop that net from the fake's
 * tests or copy it; these tests are also the fake's strongest parity tests. The fake's own tests are under
 * {@code cc.equa.msgraph.testkit}.
 */
@NullMarked
package cc.equa.msgraph.it;

import org.jspecify.annotations.NullMarked;
