/**
 * equa-msgraph testkit: a stateful fake Microsoft Graph tenant (Entra token endpoint and Graph v1.0 over HTTPS)
 * with fault injection, a JUnit 5 extension, in-memory SPI implementations and a standalone mode.
 *
 * @since 0.1.0
 */
@NullMarked
package cc.equa.msgraph.testkit;

import org.jspecify.annotations.NullMarked;
