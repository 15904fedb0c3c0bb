package io.healingengine.domain;

/**
 * Event: a supervised process exited without the engine asking it to — reported the moment it happened, with
 * its exit status when the engine can know it. Declared as an expiring event in the DRL that uses it.
 */
public class ProcessExit {
    /** Linux signal names by number (1–31); index 0 is unused. */
    private static final String[] SIGNAL_NAMES = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
        "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private final String serviceId;
    private final long pid;
    private final Integer exitStatus;
    private final boolean duringStartup;
    private final long at;
    private boolean handled;

    /**
     * @param exitStatus    the exit status as the JDK reports it (the exit code, or 128 + N for signal N), or null
     *                      when it is unknown (the process is not the engine's child)
     * @param duringStartup it died before its startup probe passed
     */
    public ProcessExit(String serviceId, long pid, Integer exitStatus, boolean duringStartup, long at) {
        if (exitStatus != null && (exitStatus < 0 || exitStatus > 255)) {
            throw new IllegalArgumentException("exitStatus must be 0-255 or null, but was " + exitStatus);
        }
        this.serviceId = serviceId;
        this.pid = pid;
        this.exitStatus = exitStatus;
        this.duringStartup = duringStartup;
        this.at = at;
    }

    public String getServiceId() {
        return serviceId;
    }

    public long getPid() {
        return pid;
    }

    /** The exit status as the JDK reports it, or null when unknown; see {@link #getCause()} for what it means. */
    public Integer getExitStatus() {
        return exitStatus;
    }

    public ExitCause getCause() {
        return ExitCause.of(exitStatus);
    }

    public boolean isDuringStartup() {
        return duringStartup;
    }

    public long getAt() {
        return at;
    }

    /** True once a rule has accounted for this exit: it made the process down, or was noted in a running fix. */
    public boolean isHandled() {
        return handled;
    }

    public void setHandled(boolean handled) {
        this.handled = handled;
    }

    /**
     * "pid 42 exited with code 3", "pid 42 exited with status 137 (SIGKILL, or exit(137))", "pid 42 exited (not
     * the engine's child: its exit status is unknown)", each with " during its startup probe" if so.
     */
    public String describe() {
        return "pid " + pid + " exited" + switch (getCause()) {
            case EXIT -> " with code " + exitStatus;
            case SIGNAL -> " with status " + exitStatus + " (" + signalName(exitStatus - ExitCause.SIGNAL_BASE)
                    + ", or exit(" + exitStatus + "))";
            case UNKNOWN -> " (not the engine's child: its exit status is unknown)";
        } + (duringStartup ? " during its startup probe" : "");
    }

    /** "SIGKILL" for 9, "signal 40" for a number without a name. */
    public static String signalName(int signal) {
        return signal > 0 && signal < SIGNAL_NAMES.length ? SIGNAL_NAMES[signal] : "signal " + signal;
    }

    @Override
    public String toString() {
        return "ProcessExit[" + serviceId + ": " + describe() + " at " + at + "]";
    }
}
