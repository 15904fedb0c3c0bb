package io.healingengine.ingest;

import io.healingengine.audit.AuditStore;
import io.healingengine.bus.EngineLoad;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.TlsConfig;
import io.healingengine.deploy.RulesDeployer;
import io.healingengine.ingest.problem.ProblemHandler;
import io.healingengine.ingest.problem.RequestIds;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;

/**
 * The HTTP API on one event loop. Wires the route classes and the problem handler; listens on a port every
 * instance listens on: Vert.x shares that socket and hands each new connection to the next instance in turn
 * ({@code server.eventLoops} instances, see HealingEngine). The routes
 * keep no state of their own; what must hold across instances (the request gate) is passed in.
 */
public final class HttpApiVerticle extends AbstractVerticle {
    private final EngineConfig config;
    private final AuditStore store;
    private final SelfHealMetrics metrics;
    private final Clock clock;
    private final RulesDeployer deployer;
    private final EngineLoad load;
    private final RequestGate gate;
    private final int port;
    private HttpServer server;

    /**
     * @param gate the ingest bound shared by every instance
     * @param port the port to listen on, the same for every instance: the configured one, or -1 for a free one
     *             that the instances share
     */
    public HttpApiVerticle(EngineConfig config, AuditStore store, SelfHealMetrics metrics, Clock clock,
                           RulesDeployer deployer, EngineLoad load, RequestGate gate, int port) {
        this.load = load;
        this.gate = gate;
        this.port = port;
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.deployer = deployer;
    }

    @Override
    public void start(Promise<Void> started) {
        Router router = Router.router(vertx);
        ProblemHandler problems = new ProblemHandler(metrics);
        router.route().handler(new RequestIds());
        // Tokens are checked before any body is read: an anonymous upload is refused unread.
        router.route().handler(new TokenAuth(config));
        EndpointRoles.INGEST_POSTS.forEach(path -> router.post(path).handler(gate));
        // Kjars have a limit of their own and are read only after the admin token is checked (KjarRoutes).
        router.routeWithRegex("^(?!" + KjarRoutes.PATH + ").*")
                .handler(BodyHandler.create(false).setBodyLimit(config.server().maxBodyBytes()));
        new KjarRoutes(vertx, config, deployer).mount(router);
        EngineIntake intake = new EngineIntake(vertx, load, config.intake(), metrics);
        SignalRoutes signals = new SignalRoutes(config, intake);
        signals.mount(router);
        new ErrorRoutes(config, intake).mount(router);
        new CloudEventsRoutes(config, signals, intake).mount(router);
        new AlertmanagerRoutes(config, intake).mount(router);
        new IncidentRoutes(vertx, store).mount(router);
        new ServiceRoutes(vertx, config).mount(router);
        new OpsRoutes(vertx, store, metrics, clock, deployer).mount(router);
        new GuardRoutes(vertx).mount(router);
        router.route().failureHandler(problems);
        router.errorHandler(404, problems);
        router.errorHandler(405, problems);
        router.errorHandler(500, problems);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.server().host())
                .setPort(port)
                .setCompressionSupported(true);
        TlsConfig tls = config.server().tls();
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath())
                    .setKeyPath(tls.keyPath()));
        }
        server = vertx.createHttpServer(options);
        server.requestHandler(router).listen().<Void>mapEmpty().onComplete(started);
    }

    /** The port actually bound (useful when the configuration asked for 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public void stop(Promise<Void> stopped) {
        server.close().onComplete(stopped);
    }
}
