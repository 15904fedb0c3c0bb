package io.healingengine.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** OS process checks for the control command: is it still running, is it ours, make it go away. */
final class ServiceProcesses {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MS = 20;
    private static final Path PROC = Path.of("/proc");

    private ServiceProcesses() {
    }

    /**
     * Alive and not a zombie. {@link ProcessHandle#isAlive()} is true for a killed process that its parent
     * has not reaped yet; an orphaned service is reaped by PID 1, which in containers may be slow or never.
     */
    static boolean isRunning(ProcessHandle handle) {
        return handle.isAlive() && !isZombie(handle.pid());
    }

    static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ServiceProcesses::isRunning).orElse(false);
    }

    private static boolean isZombie(long pid) {
        if (!Files.isDirectory(PROC.resolve("self"))) {
            return false; // no procfs: trust isAlive()
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            int afterName = stat.lastIndexOf(')');
            char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return true; // reaped between the two checks
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether {@code handle} plausibly is the service {@code name}: its argv contains the name. Guards
     * against a stale pidfile whose PID the OS has given to an unrelated process. When the OS does not
     * tell the argv, assume it is.
     */
    static boolean looksLike(ProcessHandle handle, String name) {
        return handle.pid() != ProcessHandle.current().pid()
                && argv(handle).map(argv -> argv.contains(name)).orElse(true);
    }

    /**
     * The full argv of a process. On Linux the JDK reads only the first 4 KB of {@code /proc/PID/cmdline},
     * so {@link ProcessHandle.Info#arguments()} is empty for a JVM with a long classpath; read it here.
     */
    static Optional<List<String>> argv(ProcessHandle handle) {
        Path cmdline = PROC.resolve(Long.toString(handle.pid())).resolve("cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                String raw = Files.readString(cmdline, StandardCharsets.UTF_8);
                return raw.isEmpty() ? Optional.empty() : Optional.of(List.of(raw.split("\0")));
            } catch (IOException e) {
                return Optional.empty(); // gone meanwhile
            }
        }
        ProcessHandle.Info info = handle.info();
        return info.command().flatMap(command -> info.arguments().map(args -> {
            List<String> argv = new ArrayList<>(List.of(command));
            argv.addAll(Arrays.asList(args));
            return argv;
        }));
    }

    static String describe(ProcessHandle handle) {
        return argv(handle).map(argv -> String.join(" ", argv)).orElse("pid " + handle.pid());
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL. Returns only once the process is gone. */
    static void terminate(ProcessHandle handle, Duration grace) {
        if (!handle.destroy() && isRunning(handle)) {
            throw new DemoServiceControl.ControlException("not permitted to stop pid " + handle.pid());
        }
        if (awaitGone(handle, grace)) {
            return;
        }
        handle.destroyForcibly();
        if (!awaitGone(handle, KILL_WAIT)) {
            throw new DemoServiceControl.ControlException("pid " + handle.pid() + " survived SIGKILL for "
                    + KILL_WAIT.toSeconds() + " s; not starting a second instance");
        }
    }

    /** Like {@link #terminate} for a child that never became ready: no grace, it is broken anyway. */
    static void kill(Process process) {
        process.destroyForcibly();
        awaitGone(process.toHandle(), KILL_WAIT);
    }

    private static boolean awaitGone(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(handle)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            pause(POLL_MS);
        }
        return true;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoServiceControl.ControlException("interrupted");
        }
    }
}
