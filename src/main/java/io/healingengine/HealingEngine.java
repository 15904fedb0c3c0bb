package io.healingengine;

import io.healingengine.audit.AuditStore;
import io.healingengine.audit.AuditStoreException;
import io.healingengine.engine.AuditVerticle;
import io.healingengine.bus.EngineLoad;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.DatabaseConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.SelfWatchConfig;
import io.healingengine.deploy.Deployment;
import io.healingengine.deploy.KjarDepot;
import io.healingengine.deploy.KjarSignature;
import io.healingengine.deploy.MavenReleaseFollower;
import io.healingengine.deploy.RulesDeployer;
import io.healingengine.dispatch.executors.NoopExecutorVerticle;
import io.healingengine.dispatch.executors.RestartExecutorVerticle;
import io.healingengine.dispatch.executors.WebhookExecutorVerticle;
import io.healingengine.engine.RuleEngineVerticle;
import io.healingengine.ingest.HttpApiVerticle;
import io.healingengine.ingest.PrometheusPullVerticle;
import io.healingengine.ingest.RequestGate;
import io.healingengine.domain.ActionKind;
import io.healingengine.metrics.BlockedThreadWatch;
import io.healingengine.metrics.SelfHealMetrics;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.PrecompiledRules;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleSource;
import io.healingengine.supervise.SupervisorVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running engine: the rules compiled, the audit store open, and the verticles deployed — the rule
 * engine (one worker, the session's single writer), the executors, the audit writer, the HTTP API and,
 * when configured, the Prometheus pull.
 */
public final class HealingEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealingEngine.class);
    private static final long START_TIMEOUT_S = 60;

    private final Vertx vertx;
    private final AuditStore store;
    private final CompiledRules rules;
    private final int port;

    private HealingEngine(Vertx vertx, AuditStore store, CompiledRules rules, int port) {
        this.vertx = vertx;
        this.store = store;
        this.rules = rules;
        this.port = port;
    }

    /** Starts an engine and returns once it listens; fails with the reason if any part cannot start. */
    public static HealingEngine start(EngineConfig config) throws Exception {
        long started = System.nanoTime();
        KjarDepot depot = KjarDepot.open(config.dataPath().resolve("kjars"), config.deploy().keepVersions());
        // The rules load (about 1-2 s) on a thread of their own while the audit store opens and migrates
        // (about 1 s on a new data directory) and Vert.x, the audit writer and the executors start: none of
        // these needs the rules, and on two cores the overlap cuts the cold start by a second or more.
        CompletableFuture<CompiledRules> loading = CompletableFuture.supplyAsync(() -> depot.active()
                .map(deployed -> deployedRules(depot, deployed)).orElseGet(() -> configuredRules(config)),
                HealingEngine::onLoaderThread);
        AuditStore store = openStore(config);
        Vertx vertx;
        try {
            vertx = Vertx.vertx(vertxOptions(config.selfWatch(), config.server().eventLoops()));
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
        try {
            LocalCodec.register(vertx.eventBus());
            Clock clock = Clock.systemUTC();
            SelfHealMetrics metrics = new SelfHealMetrics();
            metrics.invariants().eventWindow(config.selfWatch().intervalMs());
            BlockedThreadWatch.install(vertx, metrics);
            EngineLoad load = new EngineLoad(config.intake().maxQueuedItems(), config.intake().maxAuditBacklog());
            DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
            await(vertx.deployVerticle(new AuditVerticle(store, metrics.invariants(), load), worker));
            await(vertx.deployVerticle(new NoopExecutorVerticle(clock)));
            if (config.actions().runs(ActionKind.RESTART)) {
                await(vertx.deployVerticle(new RestartExecutorVerticle(config, clock), worker));
            }
            await(vertx.deployVerticle(new WebhookExecutorVerticle(config, clock)));
            // Everything above needs no rules, so it runs while they load; from here on they are needed.
            CompiledRules rules = loaded(loading);
            rules.warnings().forEach(w -> LOG.warn("rules: {}", w));
            await(vertx.deployVerticle(new RuleEngineVerticle(config, rules, metrics, store.engineState(), load), worker));
            if (SupervisorVerticle.configured(config)) {
                await(vertx.deployVerticle(new SupervisorVerticle(config)));
            }
            RulesDeployer deployer = new RulesDeployer(vertx, depot, rules, clock, config.deploy().signerCertificate() == null
                    ? null : KjarSignature.trusting(Path.of(config.deploy().signerCertificate())));
            if (config.deploy().follow() != null) {
                new MavenReleaseFollower(vertx, deployer, config.deploy().follow()).start();
            }
            int port = listen(vertx, config, store, metrics, clock, deployer, load);
            if (PrometheusPullVerticle.configured(config)) {
                await(vertx.deployVerticle(new PrometheusPullVerticle(config, metrics)));
            }
            LOG.info("self_heal event=engine_listening host={} port={} data_dir={} rules_version={} rules_origin=\"{}\" rules_load_ms={} start_ms={}",
                    config.server().host(), port, config.dataPath().toAbsolutePath(), rules.version(),
                    rules.origin(), rules.buildMillis(), (System.nanoTime() - started) / 1_000_000);
            return new HealingEngine(vertx, store, rules, port);
        } catch (Exception | Error e) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            store.close();
            throw e;
        }
    }

    /**
     * Deploys the HTTP API on {@code server.eventLoops} event loops sharing one socket (Vert.x hands each new
     * connection to the next instance in turn). Reading requests, parsing bodies and writing answers then use every
     * core; the rules stay on the engine's one thread. Port 0 becomes Vert.x's -1: a free port, shared by the
     * instances (with 0 each would bind a port of its own). Returns the port.
     */
    private static int listen(Vertx vertx, EngineConfig config, AuditStore store, SelfHealMetrics metrics, Clock clock,
                              RulesDeployer deployer, EngineLoad load) throws Exception {
        RequestGate gate = new RequestGate(config.intake(), config.server().maxBodyBytes(), metrics);
        int port = config.server().port() == 0 ? -1 : config.server().port();
        Supplier<HttpApiVerticle> instance = () -> new HttpApiVerticle(config, store, metrics, clock, deployer, load,
                gate, port);
        HttpApiVerticle first = instance.get();
        await(vertx.deployVerticle(first));
        for (int i = 1; i < config.server().eventLoops(); i++) {
            await(vertx.deployVerticle(instance.get()));
        }
        LOG.info("self_heal event=api_security scheme={} tokens={} ingest_open={} event_loops={}",
                config.server().tls() == null ? "http" : "https", config.auth().effectiveTokens(config.deploy()).size(),
                config.auth().ingestOpen(config.server()), config.server().eventLoops());
        return first.actualPort();
    }

    /** The embedded H2 database in the data directory, or the configured external one (PostgreSQL). */
    private static AuditStore openStore(EngineConfig config) {
        DatabaseConfig database = config.database();
        if (!database.external()) {
            return AuditStore.openEmbedded(config.dataPath());
        }
        try {
            return AuditStore.open(database.url(), database.user(), database.password(System::getenv));
        } catch (AuditStoreException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // Said in one line with the URL (the start-up failure message shows only this one), the cause kept.
            String url = database.url().split("\\?", 2)[0]; // its parameters may hold a password
            IllegalStateException failure = new IllegalStateException("the database " + url
                    + " (database.url) cannot be used: " + root.getMessage());
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /**
     * Vert.x with the blocked-thread checker's thresholds of selfWatch, and an event loop for each HTTP API
     * instance besides the others' (default: two per core).
     */
    private static VertxOptions vertxOptions(SelfWatchConfig watch, int apiEventLoops) {
        return new VertxOptions()
                .setEventLoopPoolSize(Math.max(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, apiEventLoops + 2))
                .setBlockedThreadCheckInterval(watch.blockedThreadCheckIntervalMs())
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(watch.maxEventLoopExecuteTimeMs())
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setMaxWorkerExecuteTime(watch.maxWorkerExecuteTimeMs())
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
    }

    private static void onLoaderThread(Runnable load) {
        Thread loader = new Thread(load, "healing-engine-rules-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** The loaded rules, or the very exception that kept them from loading. */
    private static CompiledRules loaded(CompletableFuture<CompiledRules> loading) throws Exception {
        try {
            return loading.get(START_TIMEOUT_S * 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The shipped rules (precompiled in the jar), or those of engine.rulesDir, compiled now. */
    private static CompiledRules configuredRules(EngineConfig config) {
        RuleSource source = config.engine().rulesDir() == null ? RuleSource.embedded()
                : RuleSource.fromProjectDirectory(Path.of(config.engine().rulesDir()));
        return config.engine().rulesDir() == null
                ? PrecompiledRules.matching(source).orElseGet(() -> RuleCompiler.compile(source))
                : RuleCompiler.compile(source);
    }

    /**
     * A deployed kjar outlives restarts: the engine starts on the version that was active. If that kjar
     * cannot be read or loaded, the engine does not start on other rules behind the operator's back.
     */
    private static CompiledRules deployedRules(KjarDepot depot, Deployment active) {
        try {
            CompiledRules rules = RuleCompiler.load(depot.read(active.sha256()), active.origin());
            if (!rules.sha256().equals(active.sha256())) {
                throw new IllegalStateException("its bytes no longer match their checksum");
            }
            LOG.info("self_heal event=rules_from_deploy_history version={} sha256={} deployed_at={} by=\"{}\"",
                    active.version(), active.shortSha(), active.at(), active.by());
            return rules;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the deployed rules " + active.version() + " (sha256 " + active.shortSha()
                    + ") in " + depot.directory() + " cannot be loaded: " + e.getMessage() + ". Move "
                    + depot.directory().resolve("history.json") + " away to start on the shipped rules.", e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
    }

    public int port() {
        return port;
    }

    public String rulesVersion() {
        return rules.version();
    }

    @Override
    public void close() throws Exception {
        try {
            await(vertx.close());
        } finally {
            store.close();
        }
    }
}
