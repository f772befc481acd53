/**
 * Benchmarks: request-count and wall-time scenarios against the fake tenant beside a naive plain-SDK baseline
 * ({@link cc.equa.msgraph.bench.BenchMain}), and JMH benchmarks of the CPU-bound sync parts. Not a library.
 */
@NullMarked
package cc.equa.msgraph.bench;

import org.jspecify.annotations.NullMarked;
