package io.healingengine.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The operator-style command that the engine's inventory points at to start, stop and restart a
 * {@link DemoService} as a real OS process. The engine runs it as an argv list, never through a shell:
 *
 * <pre>DemoServiceControl restart --name NAME --pidfile PATH --portfile PATH --log PATH
 *     [--grace-ms 2000] [--ready-timeout-ms 15000] -- &lt;argv of the service...&gt;</pre>
 *
 * <p>Prints one line and exits 0 on success; exits 1 with the reason (and the log's last lines) on stderr
 * if the service could not be stopped or never became ready; exits 2 on a usage error. Commands on the
 * same pidfile are serialised by a lock file, so that two overlapping restarts never leave two instances.
 */
public final class DemoServiceControl {
    /** Small-and-fast JVM flags for the demo JVMs: they start in a few hundred ms and use little memory. */
    public static final List<String> DEMO_JVM_FLAGS =
            List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    static final String USAGE = "usage: DemoServiceControl start|stop|restart --name NAME --pidfile PATH"
            + " [--portfile PATH --log PATH] [--grace-ms 2000] [--ready-timeout-ms 15000] -- <service argv...>";
    private static final Set<String> COMMANDS = Set.of("start", "stop", "restart");
    private static final Set<String> FLAGS =
            Set.of("name", "pidfile", "portfile", "log", "grace-ms", "ready-timeout-ms");
    private static final long READY_POLL_MS = 50;
    private static final int LOG_TAIL_LINES = 20;

    /** The command could not do its job; the message is what the operator reads. */
    static final class ControlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ControlException(String message) {
            super(message);
        }
    }

    /** A parsed command line; {@code portfile}, {@code log} and {@code argv} are needed to start. */
    record Request(String command, String name, Path pidfile, Path portfile, Path log, long graceMs,
                   long readyTimeoutMs, List<String> argv) {
        static Request parse(String[] args) {
            if (args.length == 0 || !COMMANDS.contains(args[0])) {
                throw new IllegalArgumentException("the first argument must be start, stop or restart, but was "
                        + (args.length == 0 ? "nothing" : "'" + args[0] + "'"));
            }
            int separator = Arrays.asList(args).indexOf("--");
            String[] flagArgs = Arrays.copyOfRange(args, 1, separator < 0 ? args.length : separator);
            List<String> argv = separator < 0 ? List.of() : List.of(args).subList(separator + 1, args.length);
            DemoFlags flags = DemoFlags.parse(flagArgs, FLAGS);
            String command = args[0];
            boolean starts = !"stop".equals(command);
            if (starts && argv.isEmpty()) {
                throw new IllegalArgumentException(command + " needs the service's argv after --");
            }
            return new Request(command, flags.serviceName(), flags.requiredPath("pidfile"),
                    starts ? flags.requiredPath("portfile") : flags.optionalPath("portfile").orElse(null),
                    starts ? flags.requiredPath("log") : null,
                    flags.longValue("grace-ms", 2000, 0),
                    flags.longValue("ready-timeout-ms", 15_000, 1),
                    List.copyOf(argv));
        }
    }

    private final Request request;
    private final Clock clock;
    private final PrintStream err;

    private DemoServiceControl(Request request, Clock clock, PrintStream err) {
        this.request = request;
        this.clock = clock;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, Clock.systemUTC(), System.out, System.err));
    }

    /** Runs one command and returns the exit code. */
    static int run(String[] args, Clock clock, PrintStream out, PrintStream err) {
        Request request;
        try {
            request = Request.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("DemoServiceControl: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        long startNanos = System.nanoTime();
        try (FileChannel channel = FileChannel.open(lockFile(request.pidfile()),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.lock(); // released when the channel closes
            String outcome = new DemoServiceControl(request, clock, err).execute();
            out.println(outcome + " in " + (System.nanoTime() - startNanos) / 1_000_000 + "ms");
            return 0;
        } catch (ControlException | IOException | UncheckedIOException e) {
            err.println("DemoServiceControl " + request.command() + " " + request.name() + ": " + e.getMessage());
            return 1;
        }
    }

    private static Path lockFile(Path pidfile) throws IOException {
        Path absolute = pidfile.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        return absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    private String execute() throws IOException {
        switch (request.command()) {
            case "stop" -> {
                OptionalLong stopped = stopIfRunning();
                String what = stopped.isPresent() ? " pid=" + stopped.getAsLong() : " (was not running)";
                return "stopped " + request.name() + what;
            }
            case "start" -> {
                OptionalLong running = runningPid();
                if (running.isPresent()) {
                    throw new ControlException("already running as pid " + running.getAsLong() + "; use restart");
                }
                return "started " + startAndAwaitReady();
            }
            default -> {
                stopIfRunning();
                return "restarted " + startAndAwaitReady();
            }
        }
    }

    /** The pidfile's PID if that process is running and is this service. */
    private OptionalLong runningPid() {
        OptionalLong pid = StateFiles.readLong(request.pidfile());
        if (pid.isEmpty()) {
            return pid;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong()).filter(ServiceProcesses::isRunning);
        if (handle.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!ServiceProcesses.looksLike(handle.get(), request.name())) {
            err.println("DemoServiceControl: stale " + request.pidfile() + ": pid " + pid.getAsLong() + " is not "
                    + request.name() + " but '" + ServiceProcesses.describe(handle.get()) + "'; leaving it alone");
            return OptionalLong.empty();
        }
        return pid;
    }

    private OptionalLong stopIfRunning() throws IOException {
        OptionalLong pid = runningPid();
        if (pid.isPresent()) {
            ProcessHandle.of(pid.getAsLong()).ifPresent(handle ->
                    ServiceProcesses.terminate(handle, Duration.ofMillis(request.graceMs())));
        }
        StateFiles.readLong(request.pidfile()).ifPresent(stale -> StateFiles.deleteIfHolds(request.pidfile(), stale));
        if (request.portfile() != null) {
            Files.deleteIfExists(request.portfile());
        }
        return pid;
    }

    /** Starts the argv detached from this command (no pipes) and returns "NAME pid=P port=N". */
    private String startAndAwaitReady() throws IOException {
        Files.deleteIfExists(request.portfile());
        Path log = request.log().toAbsolutePath();
        Files.createDirectories(log.getParent());
        Files.writeString(log, "--- DemoServiceControl " + request.command() + " " + request.name() + " at "
                + clock.instant() + ": " + String.join(" ", request.argv()) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process;
        try {
            process = new ProcessBuilder(request.argv())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new ControlException("cannot start '" + request.argv().get(0) + "': " + e.getMessage());
        }
        long port = awaitReady(process);
        return request.name() + " pid=" + process.pid() + " port=" + port;
    }

    /** Polls until the portfile exists, /health answers 200 and the pidfile names the new process. */
    private long awaitReady(Process process) {
        HealthProbe probe = new HealthProbe();
        long deadline = System.nanoTime() + Duration.ofMillis(request.readyTimeoutMs()).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw failure(process.pid() + " exited with code " + process.exitValue() + " before becoming ready");
            }
            OptionalLong port = StateFiles.readLong(request.portfile());
            if (port.isPresent() && probe.isHealthy(port.getAsLong())) {
                OptionalLong written = StateFiles.readLong(request.pidfile());
                if (written.isPresent() && isSelfOrDescendant(process, written.getAsLong())) {
                    return port.getAsLong();
                }
                ServiceProcesses.kill(process);
                throw failure(process.pid() + " is healthy but " + request.pidfile() + " holds "
                        + (written.isPresent() ? written.getAsLong() : "no pid") + "; killed it");
            }
            if (System.nanoTime() - deadline >= 0) {
                ServiceProcesses.kill(process);
                throw failure(process.pid() + " not ready after " + request.readyTimeoutMs() + " ms; killed it");
            }
            ServiceProcesses.pause(READY_POLL_MS);
        }
    }

    private static boolean isSelfOrDescendant(Process process, long pid) {
        return process.pid() == pid || process.descendants().anyMatch(d -> d.pid() == pid);
    }

    private ControlException failure(String what) {
        return new ControlException(request.name() + " pid " + what + "; last lines of " + request.log() + ":\n"
                + StateFiles.tail(request.log(), LOG_TAIL_LINES));
    }

    // ---- argv helpers for the engine's demo command and for tests ----

    public static Path pidFile(Path stateDir, String name) {
        return stateDir.resolve(DemoFlags.requireServiceName(name) + ".pid");
    }

    public static Path portFile(Path stateDir, String name) {
        return stateDir.resolve(DemoFlags.requireServiceName(name) + ".port");
    }

    public static Path logFile(Path stateDir, String name) {
        return stateDir.resolve(DemoFlags.requireServiceName(name) + ".log");
    }

    /** The argv that starts the demo service itself; {@code engineUrl} may be null for "no reporting". */
    public static List<String> serviceArgv(Path javaBin, String classpath, String name, Path stateDir,
                                           String engineUrl, long heartbeatMs) {
        return serviceArgv(javaBin, classpath, name, stateDir, engineUrl, heartbeatMs, 0);
    }

    /** As above, listening on a fixed port (0 = any free port). */
    public static List<String> serviceArgv(Path javaBin, String classpath, String name, Path stateDir,
                                           String engineUrl, long heartbeatMs, int port) {
        if (heartbeatMs < 10) {
            throw new IllegalArgumentException("heartbeatMs must be >= 10, but was " + heartbeatMs);
        }
        List<String> argv = java(javaBin, classpath, DemoService.class.getName());
        argv.addAll(List.of("--name", name, "--port", Integer.toString(port)));
        if (engineUrl != null) {
            argv.addAll(List.of("--engine", engineUrl));
        }
        argv.addAll(List.of("--heartbeat-ms", Long.toString(heartbeatMs),
                "--pidfile", pidFile(stateDir, name).toString(),
                "--portfile", portFile(stateDir, name).toString()));
        return List.copyOf(argv);
    }

    /** The argv of {@code DemoServiceControl restart} for that service, files in {@code stateDir}. */
    public static List<String> restartArgv(Path javaBin, String classpath, String name, Path stateDir,
                                           String engineUrl, long heartbeatMs) {
        return controlArgv("restart", javaBin, classpath, name, stateDir, engineUrl, heartbeatMs);
    }

    /** The argv of {@code DemoServiceControl start|stop|restart} for that service. */
    public static List<String> controlArgv(String command, Path javaBin, String classpath, String name,
                                           Path stateDir, String engineUrl, long heartbeatMs) {
        return controlArgv(command, javaBin, classpath, name, stateDir, engineUrl, heartbeatMs, 0);
    }

    /** As above, the service listening on a fixed port (0 = any free port). */
    public static List<String> controlArgv(String command, Path javaBin, String classpath, String name,
                                           Path stateDir, String engineUrl, long heartbeatMs, int port) {
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException("command must be one of " + COMMANDS + ", but was '" + command + "'");
        }
        List<String> argv = java(javaBin, classpath, DemoServiceControl.class.getName());
        argv.addAll(List.of(command, "--name", name,
                "--pidfile", pidFile(stateDir, name).toString(),
                "--portfile", portFile(stateDir, name).toString(),
                "--log", logFile(stateDir, name).toString(),
                "--"));
        argv.addAll(serviceArgv(javaBin, classpath, name, stateDir, engineUrl, heartbeatMs, port));
        return List.copyOf(argv);
    }

    private static List<String> java(Path javaBin, String classpath, String mainClass) {
        List<String> argv = new ArrayList<>();
        argv.add(javaBin.toString());
        argv.addAll(DEMO_JVM_FLAGS);
        argv.addAll(List.of("-cp", classpath, mainClass));
        return argv;
    }
}
