package io.healingengine.supervise;

import io.healingengine.bus.RestartOutcome;
import io.healingengine.bus.SupervisionReport;
import io.healingengine.config.SuperviseConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process the engine owns: started from its argv (no shell) with its working directory, environment and
 * output going to rotating files; up once its startup probe passes; its exit known the moment it happens
 * ({@code Process.onExit}, the JDK's {@code waitpid}). A restart stops the old process — SIGTERM, then SIGCONT
 * so that a stopped (hung) process can act on it, then SIGKILL after the grace period — waits until it is gone,
 * waits out the backoff, and only then starts the new one: never two at a time. Confined to one Vert.x context.
 */
final class OwnedProcess {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedProcess.class);
    private final Vertx vertx;
    private final Context context;
    private final String serviceId;
    private final SuperviseConfig config;
    private final Path logDir;
    private final Consumer<SupervisionReport> report;
    private final RestartBackoff backoff;
    private final Probe startupProbe;
    private final LivenessProbing liveness;
    private final Set<Long> stopping = new HashSet<>();
    /** Processes being stopped that the engine had to SIGKILL after the grace period. */
    private final Set<Long> killed = new HashSet<>();
    private Process current;
    /** The last process started, even if it already died (for the restart's report). */
    private long lastStartedPid;
    private boolean up;
    private Promise<Void> startup;
    private Future<RestartOutcome> restarting;

    OwnedProcess(Vertx vertx, String serviceId, SuperviseConfig config, Path logDir,
                 Consumer<SupervisionReport> report) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.serviceId = serviceId;
        this.config = config;
        this.logDir = logDir;
        this.report = report;
        this.backoff = new RestartBackoff(config.backoffMs(), config.backoffMaxMs(), config.healthyResetMs());
        this.startupProbe = config.effectiveStartupProbe() == null ? null : new Probe(vertx, config.effectiveStartupProbe());
        this.liveness = new LivenessProbing(vertx, serviceId,
                config.probe() == null ? null : new Probe(vertx, config.probe()), report);
    }

    /**
     * Stops the process if it runs, then starts a new one; completes once the new one passed its startup probe
     * (succeeded), or died or timed out during it (not succeeded). A restart asked for while one runs joins it.
     */
    Future<RestartOutcome> restart() {
        if (restarting != null) {
            return restarting;
        }
        liveness.stop();
        Process old = current;
        long oldPid = old == null ? 0 : old.pid();
        long t0 = System.nanoTime();
        long[] marks = new long[2];
        restarting = stop(old)
                .compose(stopped -> {
                    marks[0] = System.nanoTime();
                    long delay = backoff.delayBeforeStart(System.nanoTime() / 1_000_000);
                    if (delay > 0) {
                        LOG.info("self_heal event=restart_backoff service={} delay_ms={} quick_restarts={}", serviceId,
                                delay, backoff.streak());
                    }
                    return delay == 0 ? Future.succeededFuture() : timer(delay);
                })
                .compose(waited -> {
                    marks[1] = System.nanoTime();
                    return startAndProbe();
                })
                .transform(started -> {
                    long end = System.nanoTime();
                    long newPid = lastStartedPid;
                    RestartOutcome outcome = new RestartOutcome(started.succeeded(), started.succeeded()
                            ? "pid " + newPid + " passed its startup probe" + (oldPid == 0 ? "" : "; pid " + oldPid + " stopped")
                            : started.cause().getMessage(), oldPid, newPid, ms(marks[0] - t0), ms(marks[1] - marks[0]),
                            ms(end - marks[1]));
                    LOG.info("self_heal event=process_restarted service={} old_pid={} new_pid={} outcome={} stop_ms={} "
                                    + "backoff_ms={} start_ms={}", serviceId, oldPid, newPid,
                            outcome.succeeded() ? "up" : "failed", outcome.stopMs(), outcome.backoffMs(), outcome.startMs());
                    restarting = null;
                    return Future.succeededFuture(outcome);
                });
        return restarting;
    }

    /** Stops the process for good (the engine is stopping). */
    Future<Void> stop() {
        liveness.stop();
        return stop(current);
    }

    private Future<Void> stop(Process process) {
        if (process == null || !process.isAlive()) {
            return Future.succeededFuture();
        }
        long pid = process.pid();
        stopping.add(pid);
        process.destroy(); // SIGTERM
        vertx.executeBlocking(() -> new ProcessBuilder(List.of("kill", "-CONT", Long.toString(pid)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(), false)
                .onFailure(error -> LOG.warn("self_heal event=process_sigcont_failed service={} pid={} outcome=sigkill_after_grace "
                        + "reason=\"{}\"", serviceId, pid, error.getMessage()));
        long killer = vertx.setTimer(Math.max(1, config.stopGraceMs()), id -> {
            if (process.isAlive()) {
                LOG.info("self_heal event=process_killed service={} pid={} grace_ms={} outcome=sigkill", serviceId, pid,
                        config.stopGraceMs());
                killed.add(pid);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        });
        return Future.fromCompletionStage(process.onExit(), context).map(gone -> {
            vertx.cancelTimer(killer);
            return null;
        });
    }

    private Future<Void> startAndProbe() {
        return vertx.executeBlocking(this::spawn, false).compose(process -> {
            current = process;
            lastStartedPid = process.pid();
            up = false;
            LOG.info("self_heal event=process_started service={} pid={}", serviceId, process.pid());
            process.onExit().thenAccept(gone -> context.runOnContext(v -> exited(gone)));
            if (startupProbe == null) {
                markUp(process);
                return Future.succeededFuture();
            }
            startup = Promise.promise();
            long deadline = vertx.setTimer(config.startupTimeoutMs(), id -> {
                if (startup != null && current == process) {
                    startup.tryFail("pid " + process.pid() + " did not pass its startup probe within "
                            + config.startupTimeoutMs() + " ms; stopped");
                    stop(process);
                    stopping.remove(process.pid()); // its end is a death during startup: reported like one
                }
            });
            pollStartup(process);
            return startup.future().onComplete(done -> vertx.cancelTimer(deadline));
        });
    }

    private void pollStartup(Process process) {
        if (startup == null || current != process || !process.isAlive()) {
            return;
        }
        long began = System.nanoTime();
        startupProbe.run().onComplete(result -> {
            if (startup == null || current != process) {
                return;
            }
            if (result.result().passed()) {
                markUp(process);
                startup.tryComplete();
                startup = null;
                return;
            }
            long waited = ms(System.nanoTime() - began);
            long next = Math.max(1, startupProbe.config().intervalMs() - waited);
            vertx.setTimer(next, id -> pollStartup(process));
        });
    }

    private void markUp(Process process) {
        up = true;
        report.accept(SupervisionReport.started(serviceId, process.pid()));
        liveness.start(process.pid());
    }

    private Process spawn() throws Exception {
        Files.createDirectories(logDir);
        ProcessBuilder builder = new ProcessBuilder(config.argv())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (config.workingDir() != null) {
            builder.directory(new File(config.workingDir()));
        }
        builder.environment().putAll(config.env());
        Process process = builder.start();
        RotatingLog.start(process.getInputStream(), logDir.resolve(serviceId + ".out.log"), config.logMaxBytes(),
                config.logFiles());
        RotatingLog.start(process.getErrorStream(), logDir.resolve(serviceId + ".err.log"), config.logMaxBytes(),
                config.logFiles());
        return process;
    }

    private void exited(Process process) {
        long pid = process.pid();
        int status = process.exitValue();
        if (stopping.remove(pid)) {
            // The engine sent the signal, so here the status is no riddle: SIGTERM, or SIGKILL after the grace.
            LOG.info("self_heal event=process_stopped service={} pid={} exit_status={} sent={} outcome=stopped", serviceId,
                    pid, status, killed.remove(pid) ? "SIGKILL" : "SIGTERM");
            return;
        }
        boolean duringStartup = process == current && !up;
        if (process == current) {
            current = null;
            up = false;
            liveness.stop();
        }
        SupervisionReport exit = SupervisionReport.exited(serviceId, pid, status, duringStartup);
        report.accept(exit);
        if (duringStartup && startup != null) {
            startup.tryFail(exit.describeExit());
            startup = null;
        }
    }

    private Future<Void> timer(long delayMs) {
        Promise<Void> waited = Promise.promise();
        vertx.setTimer(delayMs, id -> waited.complete());
        return waited.future();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
