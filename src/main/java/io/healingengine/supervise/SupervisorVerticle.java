package io.healingengine.supervise;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.SupervisionReport;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.config.SuperviseConfig;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises the inventory's services that have a {@code supervise} entry: starts the owned ones (and stops them
 * when the engine stops), watches the pidfile ones, probes both, and sends everything it sees to the engine
 * verticle. Restarts of owned processes arrive on {@link Addresses#SUPERVISE_RESTART} from the restart executor.
 * Deployed after the engine verticle, so that no report finds nobody listening.
 */
public final class SupervisorVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorVerticle.class);
    private final EngineConfig config;
    private final Map<String, OwnedProcess> owned = new HashMap<>();
    private final List<PidfileWatch> watched = new ArrayList<>();

    public SupervisorVerticle(EngineConfig config) {
        this.config = config;
    }

    /** Whether any service of the inventory is supervised (the verticle is deployed only then). */
    public static boolean configured(EngineConfig config) {
        return config.inventory().services().stream().anyMatch(service -> service.supervise() != null);
    }

    @Override
    public void start(Promise<Void> started) throws Exception {
        for (ServiceConfig service : config.inventory().services()) {
            SuperviseConfig supervise = service.supervise();
            if (supervise == null) {
                continue;
            }
            if (supervise.owned()) {
                Path logDir = supervise.logDir() == null ? config.dataPath().resolve("supervise") : Path.of(supervise.logDir());
                OwnedProcess process = new OwnedProcess(vertx, service.id(), supervise, logDir, this::report);
                owned.put(service.id(), process);
                // The first start is not awaited: a process that fails it is reported down like any other.
                process.restart();
            } else {
                PidfileWatch watch = new PidfileWatch(vertx, service.id(), Path.of(supervise.pidfile()),
                        supervise.probe() == null ? null : new Probe(vertx, supervise.probe()), this::report);
                watch.start();
                watched.add(watch);
            }
        }
        vertx.eventBus().<String>consumer(Addresses.SUPERVISE_RESTART, this::onRestart).completion()
                .onSuccess(v -> LOG.info("self_heal event=supervisor_started owned={} watched={}", owned.size(),
                        watched.size()))
                .onComplete(started);
    }

    @Override
    public void stop(Promise<Void> stopped) throws Exception {
        for (PidfileWatch watch : watched) {
            watch.stop();
        }
        Future.all(owned.values().stream().map(OwnedProcess::stop).toList()).<Void>mapEmpty().onComplete(stopped);
    }

    private void onRestart(Message<String> message) {
        OwnedProcess process = owned.get(message.body());
        if (process == null) {
            message.fail(404, "the engine does not own a process for " + message.body());
            return;
        }
        process.restart().onSuccess(outcome -> message.reply(outcome, LocalCodec.OPTIONS));
    }

    private void report(SupervisionReport report) {
        vertx.eventBus().send(Addresses.ENGINE_SUPERVISION, report, LocalCodec.OPTIONS);
    }
}
