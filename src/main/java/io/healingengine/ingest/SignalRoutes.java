package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.Heartbeat;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.Signal;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.bus.SignalBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/signals} and {@code POST /api/v1/heartbeats}. 202 is sent only after the engine
 * has applied the signals to its session, evaluated the rules on them and written what it decided.
 */
final class SignalRoutes {
    static final long ENGINE_REPLY_TIMEOUT_MS = 5_000;
    private static final Set<String> HEARTBEAT_FIELDS = Set.of("service", "intervalMs");
    private final EngineConfig config;
    private final EngineIntake intake;

    SignalRoutes(EngineConfig config, EngineIntake intake) {
        this.config = config;
        this.intake = intake;
    }

    void mount(Router router) {
        router.post("/api/v1/signals").handler(this::handleSignals);
        router.post("/api/v1/heartbeats").handler(this::handleHeartbeat);
    }

    private void handleSignals(RoutingContext ctx) {
        long accepted = System.nanoTime();
        Routes.requireJson(ctx);
        List<Signal> signals = SignalParser.parse(ctx.body().buffer(), config.server().maxSignalsPerRequest());
        submitSignals(ctx, signals, accepted, "", new JsonObject());
    }

    /**
     * Checks the signals' services, hands the signals to the engine and answers 202 with {@code accepted} and
     * {@code applied} added to {@code answer}.
     *
     * @param pointer where the signals lie in the request ("" for the whole body)
     */
    void submitSignals(RoutingContext ctx, List<Signal> signals, long acceptedNanos, String pointer,
                       JsonObject answer) {
        for (int i = 0; i < signals.size(); i++) {
            requireKnown(signals.get(i).service(), pointer + (signals.size() == 1 ? "" : "/" + i) + "/service");
        }
        Future<Integer> applied = intake.hand(Addresses.ENGINE_SIGNALS, new SignalBatch(signals, acceptedNanos),
                signals.size(), "signals");
        applied.onSuccess(count -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(answer.put("accepted", signals.size()).put("applied", count).encode()))
                .onFailure(ctx::fail);
    }

    private void handleHeartbeat(RoutingContext ctx) {
        Routes.requireJson(ctx);
        Heartbeat heartbeat = heartbeat(JsonBodies.parse(ctx.body().buffer()), "");
        submitHeartbeat(ctx, heartbeat, "", new JsonObject());
    }

    /** Reads a heartbeat: {@code {"service", "intervalMs"?}} at {@code pointer} of the request. */
    static Heartbeat heartbeat(JsonNode node, String pointer) {
        JsonNode body = JsonBodies.object(node, pointer);
        JsonBodies.onlyKnownFields(body, pointer, HEARTBEAT_FIELDS);
        String service = JsonBodies.requiredString(body, "service", pointer, ServiceConfig.ID_PATTERN,
                "service ids are 1-128 letters, digits, '.', '_', ':' or '-'");
        Long interval = JsonBodies.optionalPositiveLong(body, "intervalMs", pointer, 3_600_000);
        return new Heartbeat(service, interval);
    }

    /** Checks the heartbeat's service, hands it to the engine and answers 202, adding to {@code answer}. */
    void submitHeartbeat(RoutingContext ctx, Heartbeat heartbeat, String pointer, JsonObject answer) {
        requireKnown(heartbeat.service(), pointer + "/service");
        intake.<Boolean>hand(Addresses.ENGINE_HEARTBEATS, heartbeat, 1, "heartbeat")
                .onSuccess(watched -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(answer.put("service", heartbeat.service()).put("livenessWatched", watched).encode()))
                .onFailure(ctx::fail);
    }

    void requireKnown(String service, String pointer) {
        if (!config.inventory().autoRegister() && config.inventory().find(service).isEmpty()) {
            throw ApiProblem.unknownService(pointer, service);
        }
    }
}
