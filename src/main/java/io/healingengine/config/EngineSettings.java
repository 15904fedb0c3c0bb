package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * The rule engine.
 *
 * @param tickMs           how often deadlines (missed heartbeats, validation windows, cooldowns) are
 *                         checked, in ms (default 100)
 * @param missedHeartbeats heartbeat intervals a service may miss before it counts as down (default 3)
 * @param dryRun           engine-wide dry run: decisions are made and recorded, nothing runs (default false)
 * @param livenessGraceMs  after the engine starts, how long a service may take to send its first
 *                         heartbeat before it can count as down, in ms (default 10000)
 * @param rulesDir         a directory laid out like the project (rules/, decision-tables/) to load
 *                         instead of the rules shipped in the jar (default: the shipped rules)
 */
public record EngineSettings(Integer tickMs, Integer missedHeartbeats, Long livenessGraceMs, Boolean dryRun,
                             String rulesDir) {
    public static final long DEFAULT_LIVENESS_GRACE_MS = 10_000;
    public static final int DEFAULT_TICK_MS = 100;
    public static final int DEFAULT_MISSED_HEARTBEATS = 3;

    public EngineSettings {
        tickMs = tickMs == null ? DEFAULT_TICK_MS : tickMs;
        missedHeartbeats = missedHeartbeats == null ? DEFAULT_MISSED_HEARTBEATS : missedHeartbeats;
        livenessGraceMs = livenessGraceMs == null ? DEFAULT_LIVENESS_GRACE_MS : livenessGraceMs;
        dryRun = dryRun != null && dryRun;
        check(tickMs >= 10 && tickMs <= 10_000, "engine.tickMs", "must be between 10 and 10000, but was " + tickMs);
        check(livenessGraceMs >= 0, "engine.livenessGraceMs", "must be >= 0, but was " + livenessGraceMs);
        check(missedHeartbeats >= 1, "engine.missedHeartbeats", "must be >= 1, but was " + missedHeartbeats);
    }

    public static EngineSettings ofDefaults() {
        return new EngineSettings(null, null, null, null, null);
    }
}
