/**
 * Internal implementation of equa-msgraph core. Not API: may change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal;

import org.jspecify.annotations.NullMarked;
