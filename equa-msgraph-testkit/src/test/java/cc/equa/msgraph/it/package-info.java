/**
 * Integration tests of equa-msgraph core against the fake tenant, through the real Graph SDK and azure-identity over
 * HTTPS. They live in the testkit module because the testkit depends on core.
 */
@NullMarked
package cc.equa.msgraph.it;

import org.jspecify.annotations.NullMarked;
