/**
 * The reliability and security suite (issue #8): fault soak, crash and resume, concurrency and isolation, bad-input
 * corpus, suite-wide invariants and secret hygiene, TLS validation. See {@code RELIABILITY.md} at the top level.
 */
@NullMarked
package cc.equa.msgraph.it.reliability;

import org.jspecify.annotations.NullMarked;
