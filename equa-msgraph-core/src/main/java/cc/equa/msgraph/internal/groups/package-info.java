/**
 * Internal: browsing, linking and creating the organization's Microsoft 365 group, and reading its members. Not
 * API: may change in any release without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.groups;

import org.jspecify.annotations.NullMarked;
