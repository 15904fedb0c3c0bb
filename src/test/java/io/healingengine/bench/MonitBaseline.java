package io.healingengine.bench;

import io.healingengine.supervise.PidHttpTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The MTTR phase's baseline: Debian's monit supervising the same target, configured at its fastest. */
final class MonitBaseline {
    private MonitBaseline() {
    }

    /**
     * Debian's monit in the foreground ({@code -I}) with a control file, state and pid files of its own, at its
     * fastest: a 1 s cycle, restart on the first failed check, 1 s timeouts for the HTTP check and the programs.
     * monit expects its start program to return (it kills one still running after the timeout), so the target is
     * started in the background by {@code sh}; the target writes the pidfile monit checks. monit runs below
     * {@code subreaper.py}, which reaps the orphaned target the moment it dies, as a host's init does (otherwise
     * monit sees a killed target as a zombie until the container's pid 1 gets to it). Its stop program sends
     * SIGKILL, which ends a stopped process too (monit's own stop cannot).
     */
    static Process start(PidHttpTarget target, Path out) throws IOException {
        Path dir = Files.createDirectories(out.resolve("monit"));
        Path pidfile = dir.resolve("target.pid");
        Path rc = dir.resolve("monitrc");
        Files.deleteIfExists(rc);
        Files.createFile(rc, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(rc, """
                set daemon 1
                set logfile %1$s/monit.log
                set pidfile %1$s/monit.pid
                set idfile %1$s/monit.id
                set statefile %1$s/monit.state
                check process %2$s with pidfile %3$s
                  start program = "/bin/sh -c '%4$s --pidfile %3$s >/dev/null 2>&1 &'" with timeout 1 seconds
                  stop program = "/bin/sh -c 'kill -9 $(cat %3$s)'" with timeout 1 seconds
                  if failed host 127.0.0.1 port %5$d protocol http request "/health" with timeout 1 seconds
                     for 1 cycles then restart
                """.formatted(dir.toAbsolutePath(), MttrPhase.SERVICE, pidfile.toAbsolutePath(), String.join(" ", target.argv()),
                target.port()));
        Path subreaper = PidHttpTarget.script().resolveSibling("subreaper.py");
        return new ProcessBuilder(PidHttpTarget.PYTHON, "-S", "-E", subreaper.toString(), "/usr/bin/monit", "-I", "-c",
                rc.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.resolve("logs/mttr-monit.log").toFile())).start();
    }

    static void require() {
        if (!Files.isExecutable(Path.of("/usr/bin/monit")) || !Files.isExecutable(Path.of(PidHttpTarget.PYTHON))) {
            throw new IllegalStateException("monit or python3 is not installed: run scripts/bench.sh, which installs them "
                    + "(apt-get install monit python3-minimal)");
        }
    }
}
