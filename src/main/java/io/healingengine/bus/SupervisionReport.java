package io.healingengine.bus;

/**
 * What a supervisor saw of one supervised process, sent to the engine the moment it happened: the process
 * passed its startup probe (STARTED), exited without being asked to (EXITED), or answered a liveness probe
 * (PROBED).
 *
 * @param pid           the process
 * @param exitCode      EXITED: its exit code, or null when a signal ended it or the code is unknown
 * @param signal        EXITED: the signal that ended it, or null
 * @param duringStartup EXITED: it died before its startup probe passed
 * @param passed        PROBED: the probe passed
 * @param detail        PROBED: what the probe saw, e.g. "GET http://… answered 200 in 3 ms"
 */
public record SupervisionReport(String service, Kind kind, long pid, Integer exitCode, Integer signal,
                                boolean duringStartup, boolean passed, String detail) {
    /** What happened. */
    public enum Kind { STARTED, EXITED, PROBED }

    public static SupervisionReport started(String service, long pid) {
        return new SupervisionReport(service, Kind.STARTED, pid, null, null, false, true, "");
    }

    public static SupervisionReport exited(String service, long pid, Integer exitCode, Integer signal,
                                           boolean duringStartup) {
        return new SupervisionReport(service, Kind.EXITED, pid, exitCode, signal, duringStartup, false, "");
    }

    public static SupervisionReport probed(String service, long pid, boolean passed, String detail) {
        return new SupervisionReport(service, Kind.PROBED, pid, null, null, false, passed, detail);
    }
}
