package io.healingengine.domain;

/**
 * Event: a supervised process exited without the engine asking it to — reported the moment it happened, with
 * its exit code or the signal that ended it. Declared as an expiring event in the DRL that uses it.
 */
public class ProcessExit {
    private final String serviceId;
    private final long pid;
    private final Integer exitCode;
    private final Integer signal;
    private final boolean duringStartup;
    private final long at;
    private boolean handled;

    /**
     * @param exitCode      the exit code, or null when a signal ended it
     * @param signal        the signal number (9 = SIGKILL), or null for a normal exit
     * @param duringStartup it died before its startup probe passed
     */
    public ProcessExit(String serviceId, long pid, Integer exitCode, Integer signal, boolean duringStartup, long at) {
        this.serviceId = serviceId;
        this.pid = pid;
        this.exitCode = exitCode;
        this.signal = signal;
        this.duringStartup = duringStartup;
        this.at = at;
    }

    public String getServiceId() {
        return serviceId;
    }

    public long getPid() {
        return pid;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public Integer getSignal() {
        return signal;
    }

    public boolean isDuringStartup() {
        return duringStartup;
    }

    public long getAt() {
        return at;
    }

    /** True once a rule has attached this exit to an incident. */
    public boolean isHandled() {
        return handled;
    }

    public void setHandled(boolean handled) {
        this.handled = handled;
    }

    /** "pid 42 exited with signal 9" / "pid 42 exited with code 3", and "during its startup probe" if so. */
    public String describe() {
        return "pid " + pid + " exited" + (signal != null ? " with signal " + signal : exitCode != null
                ? " with code " + exitCode : " (not the engine's child: its exit status is unknown)")
                + (duringStartup ? " during its startup probe" : "");
    }

    @Override
    public String toString() {
        return "ProcessExit[" + serviceId + ": " + describe() + " at " + at + "]";
    }
}
