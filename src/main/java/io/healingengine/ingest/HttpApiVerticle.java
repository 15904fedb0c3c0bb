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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API. Wires the route classes and the problem handler; owns the listening socket. */
public final class HttpApiVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
    private final EngineConfig config;
    private final AuditStore store;
    private final SelfHealMetrics metrics;
    private final Clock clock;
    private final RulesDeployer deployer;
    private final EngineLoad load;
    private HttpServer server;

    public HttpApiVerticle(EngineConfig config, AuditStore store, SelfHealMetrics metrics, Clock clock,
                           RulesDeployer deployer, EngineLoad load) {
        this.load = load;
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
        RequestGate gate = new RequestGate(config.intake(), config.server().maxBodyBytes(), metrics);
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
                .setPort(config.server().port())
                .setCompressionSupported(true);
        TlsConfig tls = config.server().tls();
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath())
                    .setKeyPath(tls.keyPath()));
        }
        server = vertx.createHttpServer(options);
        LOG.info("self_heal event=api_security scheme={} tokens={} ingest_open={}", tls == null ? "http" : "https",
                config.auth().effectiveTokens(config.deploy()).size(), config.auth().ingestOpen(config.server()));
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
