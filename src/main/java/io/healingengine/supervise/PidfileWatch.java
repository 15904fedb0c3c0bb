package io.healingengine.supervise;

import io.healingengine.bus.SupervisionReport;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a process started elsewhere through its pidfile: the process named there is up while it lives (and
 * is probed); its end is seen the moment it happens ({@link ExitWatch}); a new pid written to the file —
 * after a restart by the inventory's restart argv, say — is picked up as soon as the file changes (inotify,
 * through the JDK's WatchService). Confined to one Vert.x context, apart from the watcher thread.
 */
final class PidfileWatch {
    private static final Logger LOG = LoggerFactory.getLogger(PidfileWatch.class);
    private final Context context;
    private final String serviceId;
    private final Path pidfile;
    private final Consumer<SupervisionReport> report;
    private final LivenessProbing liveness;
    private WatchService watcher;
    private long watchedPid;

    PidfileWatch(Vertx vertx, String serviceId, Path pidfile, Probe probe, Consumer<SupervisionReport> report) {
        this.context = vertx.getOrCreateContext();
        this.serviceId = serviceId;
        this.pidfile = pidfile.toAbsolutePath();
        this.report = report;
        this.liveness = new LivenessProbing(vertx, serviceId, probe, report);
    }

    void start() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        pidfile.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Thread thread = new Thread(this::watchFile, "supervise-pidfile-" + serviceId);
        thread.setDaemon(true);
        thread.start();
        attach();
    }

    void stop() throws IOException {
        liveness.stop();
        watcher.close();
    }

    private void watchFile() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream().anyMatch(event -> pidfile.getFileName().equals(event.context()));
                key.reset();
                if (ours) {
                    context.runOnContext(v -> attach());
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // the watch ended with the engine
        }
    }

    /** Watches the process the pidfile names, if it is a live one not watched yet. */
    private void attach() {
        Optional<ProcessHandle> process = readPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || process.get().pid() == watchedPid) {
            return;
        }
        ProcessHandle handle = process.get();
        watchedPid = handle.pid();
        LOG.info("self_heal event=process_watched service={} pid={} pidfile={}", serviceId, watchedPid, pidfile);
        report.accept(SupervisionReport.started(serviceId, watchedPid));
        liveness.start(watchedPid);
        ExitWatch.of(handle).thenAccept(gone -> context.runOnContext(v -> {
            if (watchedPid == gone.pid()) {
                watchedPid = 0;
                liveness.stop();
            }
            report.accept(SupervisionReport.exited(serviceId, gone.pid(), null, false));
            attach(); // the pidfile may already name its successor
        }));
    }

    private Optional<Long> readPid() {
        try {
            String text = Files.readString(pidfile, StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
