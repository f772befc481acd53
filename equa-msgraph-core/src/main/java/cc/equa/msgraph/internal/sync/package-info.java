/**
 * Internal implementation of membership sync: member reading, matching, planning, plan serialisation, batched and
 * paced writes. Not API: may change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.sync;

import org.jspecify.annotations.NullMarked;
