package io.healingengine.supervise;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows the moment a process that is not the engine's child ends. The JDK's {@code ProcessHandle.onExit} waits
 * for its own children with {@code waitpid}, but for any other process it polls, sleeping 300 ms and more
 * between looks. Instead a small helper child waits on a Linux pidfd of the process ({@code poll} wakes when the
 * process ends), and the helper's own exit — seen by {@code waitpid}, at once — is the process's. The helper is
 * Debian's {@code python3} ({@code os.pidfd_open}, Linux 5.3 and later), run without a shell with the pid as its
 * only argument. Without it the JDK's polling {@code onExit} is the fallback, and a warning says so.
 */
final class ExitWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ExitWatch.class);
    static final String PYTHON = "/usr/bin/python3";
    private static final String WAIT_ON_PIDFD = "import os,select,sys\n"
            + "fd = os.pidfd_open(int(sys.argv[1]))\n"
            + "select.select([fd], [], [])\n";

    private ExitWatch() {
    }

    /** Completes when {@code process} has ended. */
    static CompletableFuture<ProcessHandle> of(ProcessHandle process) {
        if (!new File(PYTHON).canExecute()) {
            LOG.warn("self_heal event=exit_watch_fallback pid={} outcome=jdk_polling reason=\"{} not found\"",
                    process.pid(), PYTHON);
            return process.onExit();
        }
        try {
            Process helper = new ProcessBuilder(List.of(PYTHON, "-S", "-E", "-c", WAIT_ON_PIDFD,
                    Long.toString(process.pid())))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return helper.onExit().thenCompose(done -> {
                if (!process.isAlive()) {
                    return CompletableFuture.completedFuture(process);
                }
                LOG.warn("self_heal event=exit_watch_fallback pid={} outcome=jdk_polling reason=\"pidfd helper exited {}\"",
                        process.pid(), done.exitValue());
                return process.onExit();
            });
        } catch (IOException e) {
            LOG.warn("self_heal event=exit_watch_fallback pid={} outcome=jdk_polling reason=\"{}\"", process.pid(),
                    e.getMessage());
            return process.onExit();
        }
    }
}
