/**
 * Internal: connection test, credential validation and saving. Not API: may change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.connect;

import org.jspecify.annotations.NullMarked;
