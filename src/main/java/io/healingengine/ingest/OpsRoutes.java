package io.healingengine.ingest;

import io.healingengine.audit.AuditStore;
import io.healingengine.audit.HealingCounts;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.EngineSnapshot;
import io.healingengine.bus.LocalCodec;
import io.healingengine.deploy.RulesDeployer;
import io.healingengine.metrics.InvariantViolation;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} (a JSON snapshot: the engine, the active rules and their last deploys) and
 * {@code GET /metrics} (Prometheus text), {@code GET|DELETE /api/v1/latency} (exact signal-to-dispatch percentiles,
 * and starting them again).
 */
final class OpsRoutes {
    private static final int RECENT_DEPLOYS = 5;
    private final Vertx vertx;
    private final AuditStore store;
    private final SelfHealMetrics metrics;
    private final Clock clock;
    private final long startedAt;
    private final RulesDeployer deployer;

    OpsRoutes(Vertx vertx, AuditStore store, SelfHealMetrics metrics, Clock clock, RulesDeployer deployer) {
        this.vertx = vertx;
        this.deployer = deployer;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4")
                .end(metrics.scrape()));
        router.get("/api/v1/latency").handler(ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("signalToDispatch", metrics.decisionLatency().summary());
            body.put("phases", metrics.decisionLatency().phases());
            Routes.sendJson(ctx, 200, body);
        });
        router.delete("/api/v1/latency").handler(ctx -> {
            metrics.decisionLatency().reset();
            ctx.response().setStatusCode(204).end();
        });
    }

    private void health(RoutingContext ctx) {
        Future<EngineSnapshot> engine = vertx.eventBus().<EngineSnapshot>request(Addresses.ENGINE_SNAPSHOT, "",
                LocalCodec.withTimeout(2_000)).map(Message::body);
        Future<HealingCounts> counts = vertx.executeBlocking(() ->
                store.countsSince(clock.instant().minus(Duration.ofHours(24))));
        Future.join(engine, counts).onComplete(done -> {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean up = engine.succeeded() && counts.succeeded();
            List<InvariantViolation> violations = metrics.invariants().open();
            // Answering but with invariants broken: DEGRADED with 200, so that a probe does not restart the
            // engine (and lose the evidence); not answering: DEGRADED with 503.
            body.put("status", up && violations.isEmpty() ? "UP" : "DEGRADED");
            body.put("invariantViolations", violations.stream().map(OpsRoutes::violationJson).toList());
            if (engine.succeeded()) {
                EngineSnapshot s = engine.result();
                body.put("rulesVersion", s.rulesVersion());
                body.put("rulesOrigin", s.rulesOrigin());
                body.put("rulesReleaseId", s.rulesReleaseId());
                body.put("rulesSha256", s.rulesSha256());
                body.put("factsInSession", s.factsInSession());
                body.put("openIncidents", s.openIncidents());
                body.put("actionsInFlight", s.actionsInFlight());
                body.put("services", s.services());
                body.put("metricStates", s.metricStates());
            } else {
                body.put("engineError", "the rule engine did not answer: " + engine.cause().getMessage());
            }
            if (counts.succeeded()) {
                body.put("healing24h", Map.of("successes", counts.result().successes(),
                        "failures", counts.result().failures()));
            } else {
                body.put("auditError", "the audit store did not answer: " + counts.cause().getMessage());
            }
            body.put("deploys", deployer.depot().newestFirst(RECENT_DEPLOYS));
            body.put("uptimeSeconds", (clock.millis() - startedAt) / 1000);
            Routes.sendJson(ctx, up ? 200 : 503, body);
        });
    }

    private static Map<String, Object> violationJson(InvariantViolation violation) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("invariant", violation.invariant());
        json.put("subject", violation.subject());
        json.put("detail", violation.detail());
        json.put("since", violation.since().toString());
        json.put("lastSeen", violation.lastSeen().toString());
        return json;
    }
}
