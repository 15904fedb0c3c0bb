package io.healingengine.bus;

/**
 * A supervisor's answer to a restart: whether the new process passed its startup probe, and how long each
 * phase took (stop the old process, wait out the backoff, start and pass the startup probe).
 */
public record RestartOutcome(boolean succeeded, String detail, long oldPid, long newPid, long stopMs, long backoffMs,
                             long startMs) {
}
