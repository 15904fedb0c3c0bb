package io.healingengine.audit;

/** How many healing actions were judged successful and how many were not, in some time window. */
public record HealingCounts(long successes, long failures) {

    public HealingCounts {
        if (successes < 0 || failures < 0) {
            throw new IllegalArgumentException("counts must be >= 0, but were " + successes + " and " + failures);
        }
    }
}
