package io.healingengine.supervise;

import io.healingengine.bus.SupervisionReport;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * Runs a service's liveness probe at its interval against one process, from the moment that process is up
 * until it is stopped or gone, and reports every result. One probe at a time: a probe still waiting for its
 * timeout skips the next tick rather than piling up.
 */
final class LivenessProbing {
    private final Vertx vertx;
    private final String serviceId;
    private final Probe probe;
    private final Consumer<SupervisionReport> report;
    private long timer = -1;
    private long pid;
    private boolean running;

    /** @param probe the liveness probe, or null for none */
    LivenessProbing(Vertx vertx, String serviceId, Probe probe, Consumer<SupervisionReport> report) {
        this.vertx = vertx;
        this.serviceId = serviceId;
        this.probe = probe;
        this.report = report;
    }

    /** Probes process {@code pid} from now on (and no other). */
    void start(long pid) {
        stop();
        if (probe == null) {
            return;
        }
        this.pid = pid;
        long watched = pid;
        timer = vertx.setPeriodic(probe.config().intervalMs(), id -> {
            if (running) {
                return;
            }
            running = true;
            probe.run().onComplete(result -> {
                running = false;
                if (this.pid == watched && timer == id) {
                    report.accept(SupervisionReport.probed(serviceId, watched, result.result().passed(),
                            result.result().detail(), result.result().latencyMs()));
                }
            });
        });
    }

    void stop() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        pid = 0;
    }
}
