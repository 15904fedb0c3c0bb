package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.Heartbeat;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.Signal;
import io.healingengine.bus.SignalBatch;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/signals} and {@code POST /api/v1/heartbeats}. 202 is sent only after the engine
 * has applied the signals to its session and evaluated the rules on them.
 */
final class SignalRoutes {
    static final long ENGINE_REPLY_TIMEOUT_MS = 5_000;
    private static final Set<String> HEARTBEAT_FIELDS = Set.of("service", "intervalMs");
    private final Vertx vertx;
    private final EngineConfig config;

    SignalRoutes(Vertx vertx, EngineConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void mount(Router router) {
        router.post("/api/v1/signals").handler(this::handleSignals);
        router.post("/api/v1/heartbeats").handler(this::handleHeartbeat);
    }

    private void handleSignals(RoutingContext ctx) {
        long accepted = System.nanoTime();
        Routes.requireJson(ctx);
        List<Signal> signals = SignalParser.parse(ctx.body().buffer(), config.server().maxSignalsPerRequest());
        for (int i = 0; i < signals.size(); i++) {
            requireKnown(signals.get(i).service(), signals.size() == 1 ? "/service" : "/" + i + "/service");
        }
        Future<Integer> applied = vertx.eventBus().<Integer>request(Addresses.ENGINE_SIGNALS,
                new SignalBatch(signals, accepted), LocalCodec.withTimeout(ENGINE_REPLY_TIMEOUT_MS))
                .map(message -> message.body());
        applied.onSuccess(count -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("accepted", signals.size()).put("applied", count).encode()))
                .onFailure(error -> ctx.fail(ApiProblem.unavailable("the engine did not take the signals in time; "
                        + "nothing was applied, retry", 1)));
    }

    private void handleHeartbeat(RoutingContext ctx) {
        Routes.requireJson(ctx);
        JsonNode body = JsonBodies.object(JsonBodies.parse(ctx.body().buffer()), "");
        JsonBodies.onlyKnownFields(body, "", HEARTBEAT_FIELDS);
        String service = JsonBodies.requiredString(body, "service", "", ServiceConfig.ID_PATTERN,
                "service ids are 1-128 letters, digits, '.', '_', ':' or '-'");
        Long interval = JsonBodies.optionalPositiveLong(body, "intervalMs", "", 3_600_000);
        requireKnown(service, "/service");
        vertx.eventBus().<Boolean>request(Addresses.ENGINE_HEARTBEATS, new Heartbeat(service, interval),
                        LocalCodec.withTimeout(ENGINE_REPLY_TIMEOUT_MS))
                .onSuccess(watched -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("service", service).put("livenessWatched", watched.body()).encode()))
                .onFailure(error -> ctx.fail(ApiProblem.unavailable("the engine did not take the heartbeat in time", 1)));
    }

    private void requireKnown(String service, String pointer) {
        if (!config.inventory().autoRegister() && config.inventory().find(service).isEmpty()) {
            throw ApiProblem.unknownService(pointer, service);
        }
    }
}
