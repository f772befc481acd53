/**
 * Internal: the organization's Microsoft 365 group. {@code GroupService} browses, reads and links groups and streams
 * the linked group's members; {@code GroupCreation} creates one exactly once (a pending marker survives a lost
 * answer); {@code GroupInputs} checks what the caller gave; {@code GroupMapper} turns Graph models into the public
 * values. Every Graph call goes through the gateway ({@code internal.graph}). Not API: may change in any release
 * without notice.
 */
@NullMarked
package cc.equa.msgraph.internal.groups;

import org.jspecify.annotations.NullMarked;
