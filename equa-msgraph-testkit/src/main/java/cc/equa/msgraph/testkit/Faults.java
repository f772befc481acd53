package cc.equa.msgraph.testkit;

import cc.equa.msgraph.testkit.internal.FaultEngine;

/**
 * The fake's fault plan: scripted {@link FaultRule}s, checked in the order added, and an optional seeded chaos mode.
 * Scripted rules win over chaos.
 *
 * @since 0.1.0
 */
public final class Faults {
    private final FaultEngine engine;

    Faults(FaultEngine engine) {
        this.engine = engine;
    }

    /**
     * Add a scripted rule.
     *
     * @param rule the rule
     * @return this plan
     * @since 0.1.0
     */
    public Faults add(FaultRule rule) {
        engine.add(rule);
        return this;
    }

    /**
     * Turn on chaos: each Graph request and batch item (not the token endpoint, not the outer {@code $batch}) fails
     * with this probability, with 429 (Retry-After 1-3 s), 503 (Retry-After 1-3 s), 504 or 500. The same seed and
     * the same sequence of requests give the same faults.
     *
     * @param seed the random seed
     * @param probability between 0 and 1
     * @return this plan
     * @since 0.1.0
     */
    public Faults chaos(long seed, double probability) {
        engine.chaos(seed, probability);
        return this;
    }

    /**
     * Turn chaos off.
     *
     * @return this plan
     * @since 0.1.0
     */
    public Faults chaosOff() {
        engine.chaosOff();
        return this;
    }

    /**
     * Return how many scripted rules have applications left.
     *
     * @return the count
     * @since 0.1.0
     */
    public int pending() {
        return engine.pending();
    }

    /**
     * Remove every rule and turn chaos off.
     *
     * @since 0.1.0
     */
    public void clear() {
        engine.clear();
    }
}
