/**
 * Runnable examples of equa-msgraph: the main job walks an Equa admin's whole flow on the embedded fake tenant (or a
 * real tenant when given credentials).
 */
@NullMarked
package cc.equa.msgraph.examples;

import org.jspecify.annotations.NullMarked;
