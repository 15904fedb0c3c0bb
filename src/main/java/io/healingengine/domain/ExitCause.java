package io.healingengine.domain;

import java.util.Locale;

/**
 * What the exit status of a supervised process says about why it ended. The JDK reports a child that signal N
 * ended as exit status 128 + N, the same number a process that calls {@code exit(128 + N)} itself produces, so
 * above 128 the status says "signal N, or that exit code" and no more.
 */
public enum ExitCause {
    /** Status 0–128: the process exited with that code (a signal never gives 128 or less). */
    EXIT,
    /** Status 129–255: most likely signal status − 128 ended it — or the process exited with that code itself. */
    SIGNAL,
    /** Not the engine's child (watched by pidfile): only its parent learns its exit status. */
    UNKNOWN;

    /** The JDK's exit value of a process that signal N ended is this plus N. */
    public static final int SIGNAL_BASE = 128;

    /** The cause a JDK exit status (null when unknown) points to. */
    public static ExitCause of(Integer exitStatus) {
        return exitStatus == null ? UNKNOWN : exitStatus > SIGNAL_BASE ? SIGNAL : EXIT;
    }

    /** The lowercase word used in logs, metrics and the audit: exit, signal, unknown. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
