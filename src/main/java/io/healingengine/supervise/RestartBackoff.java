package io.healingengine.supervise;

/**
 * How long to wait before starting a process again. A process that was started less than
 * {@code healthyResetMs} ago is in a streak of quick restarts: each start of the streak waits twice as long as
 * the one before, from {@code backoffMs} up to {@code backoffMaxMs}. A process that stayed up for
 * {@code healthyResetMs} ends the streak: its restart is immediate. The restart-loop breaker (rules) decides
 * whether there is a restart at all; the backoff only spaces out those it lets through.
 */
public final class RestartBackoff {
    private final long backoffMs;
    private final long backoffMaxMs;
    private final long healthyResetMs;
    private long lastStartAt = Long.MIN_VALUE;
    private int streak;

    public RestartBackoff(long backoffMs, long backoffMaxMs, long healthyResetMs) {
        if (backoffMs < 0 || backoffMaxMs < backoffMs || healthyResetMs < 0) {
            throw new IllegalArgumentException("need 0 <= backoffMs <= backoffMaxMs and healthyResetMs >= 0, but was "
                    + backoffMs + ", " + backoffMaxMs + ", " + healthyResetMs);
        }
        this.backoffMs = backoffMs;
        this.backoffMaxMs = backoffMaxMs;
        this.healthyResetMs = healthyResetMs;
    }

    /** The delay before a start at {@code now} (ms); the start is recorded as happening after that delay. */
    public long delayBeforeStart(long now) {
        boolean quick = lastStartAt != Long.MIN_VALUE && now - lastStartAt < healthyResetMs;
        streak = quick ? streak + 1 : 0;
        long delay = streak == 0 ? 0 : Math.min(backoffMaxMs, backoffMs << Math.min(streak - 1, 30));
        lastStartAt = now + delay;
        return delay;
    }

    /** Quick restarts in a row so far (0 after a healthy period). */
    public int streak() {
        return streak;
    }
}
