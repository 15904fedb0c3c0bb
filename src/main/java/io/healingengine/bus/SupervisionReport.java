package io.healingengine.bus;

import io.healingengine.domain.ProcessExit;

/**
 * What a supervisor saw of one supervised process, sent to the engine the moment it happened: the process
 * passed its startup probe (STARTED), exited without being asked to (EXITED), or answered a liveness probe
 * (PROBED).
 *
 * @param pid           the process
 * @param exitStatus    EXITED: its exit status as the JDK reports it — the exit code, or 128 + N when signal N
 *                      ended it (the two cannot be told apart above 128) — or null when it is unknown (a process
 *                      that is not the engine's child)
 * @param duringStartup EXITED: it died before its startup probe passed
 * @param passed        PROBED: the probe passed
 * @param detail        PROBED: what the probe saw, e.g. "GET http://… answered 200 in 3 ms"
 * @param latencyMs     PROBED: how long the probe took (a probe that timed out took its timeout)
 */
public record SupervisionReport(String service, Kind kind, long pid, Integer exitStatus, boolean duringStartup,
                                boolean passed, String detail, long latencyMs) {
    /** What happened. */
    public enum Kind { STARTED, EXITED, PROBED }

    public static SupervisionReport started(String service, long pid) {
        return new SupervisionReport(service, Kind.STARTED, pid, null, false, true, "", 0);
    }

    /** @param exitStatus the JDK's exit value of an owned process, or null when unknown */
    public static SupervisionReport exited(String service, long pid, Integer exitStatus, boolean duringStartup) {
        return new SupervisionReport(service, Kind.EXITED, pid, exitStatus, duringStartup, false, "", 0);
    }

    /** EXITED: what the exit says, in the words of {@link ProcessExit#describe()}. */
    public String describeExit() {
        return new ProcessExit(service, pid, exitStatus, duringStartup, 0).describe();
    }

    public static SupervisionReport probed(String service, long pid, boolean passed, String detail, long latencyMs) {
        return new SupervisionReport(service, Kind.PROBED, pid, null, false, passed, detail, latencyMs);
    }
}
