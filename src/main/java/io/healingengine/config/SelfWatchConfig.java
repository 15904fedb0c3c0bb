package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * The engine watching itself: how often its invariants are checked, their bounds, and the thresholds
 * of Vert.x's blocked-thread checker (whose warnings are counted and reported as violations).
 *
 * @param intervalMs                   how often the invariants are checked, in ms (default 5000)
 * @param maxSessionFacts              more facts than this in the rule session is a violation
 *                                     (default 500000)
 * @param blockedThreadCheckIntervalMs how often Vert.x looks for blocked threads, in ms (default 1000)
 * @param maxEventLoopExecuteTimeMs    an event-loop thread busy longer than this with one task counts
 *                                     as blocked, in ms (default 2000)
 * @param maxWorkerExecuteTimeMs       a worker thread busy longer than this with one task counts as
 *                                     blocked, in ms (default 60000)
 */
public record SelfWatchConfig(Long intervalMs, Long maxSessionFacts, Long blockedThreadCheckIntervalMs,
                              Long maxEventLoopExecuteTimeMs, Long maxWorkerExecuteTimeMs) {
    public static final long DEFAULT_INTERVAL_MS = 5_000;
    public static final long DEFAULT_MAX_SESSION_FACTS = 500_000;
    public static final long DEFAULT_BLOCKED_THREAD_CHECK_INTERVAL_MS = 1_000;
    public static final long DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME_MS = 2_000;
    public static final long DEFAULT_MAX_WORKER_EXECUTE_TIME_MS = 60_000;

    public SelfWatchConfig {
        intervalMs = intervalMs == null ? DEFAULT_INTERVAL_MS : intervalMs;
        maxSessionFacts = maxSessionFacts == null ? DEFAULT_MAX_SESSION_FACTS : maxSessionFacts;
        blockedThreadCheckIntervalMs = blockedThreadCheckIntervalMs == null ? DEFAULT_BLOCKED_THREAD_CHECK_INTERVAL_MS
                : blockedThreadCheckIntervalMs;
        maxEventLoopExecuteTimeMs = maxEventLoopExecuteTimeMs == null ? DEFAULT_MAX_EVENT_LOOP_EXECUTE_TIME_MS
                : maxEventLoopExecuteTimeMs;
        maxWorkerExecuteTimeMs = maxWorkerExecuteTimeMs == null ? DEFAULT_MAX_WORKER_EXECUTE_TIME_MS
                : maxWorkerExecuteTimeMs;
        check(intervalMs >= 100 && intervalMs <= 600_000, "selfWatch.intervalMs",
                "must be between 100 and 600000, but was " + intervalMs);
        check(maxSessionFacts >= 1, "selfWatch.maxSessionFacts", "must be >= 1, but was " + maxSessionFacts);
        check(blockedThreadCheckIntervalMs >= 10, "selfWatch.blockedThreadCheckIntervalMs",
                "must be >= 10, but was " + blockedThreadCheckIntervalMs);
        check(maxEventLoopExecuteTimeMs >= 1, "selfWatch.maxEventLoopExecuteTimeMs",
                "must be >= 1, but was " + maxEventLoopExecuteTimeMs);
        check(maxWorkerExecuteTimeMs >= 1, "selfWatch.maxWorkerExecuteTimeMs",
                "must be >= 1, but was " + maxWorkerExecuteTimeMs);
    }

    public static SelfWatchConfig ofDefaults() {
        return new SelfWatchConfig(null, null, null, null, null);
    }
}
