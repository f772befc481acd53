/**
 * Implementation of the fake tenant. Not API: anything here may change without notice.
 */
@org.jspecify.annotations.NullMarked
package cc.equa.msgraph.testkit.internal;
