package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.ErrorClassification;
import io.healingengine.bus.ErrorReport;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.EngineConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /api/v1/cloudevents}: one CloudEvent 1.0 over HTTP, structured or binary, whose type says what it
 * carries — the engine's own signals, heartbeats and errors, with the same data and the same checks as
 * {@code POST /api/v1/signals} and {@code /heartbeats}. 202 once the engine has taken it.
 */
final class CloudEventsRoutes {
    static final String PATH = "/api/v1/cloudevents";
    static final String SIGNAL = "io.healingengine.signal";
    static final String HEARTBEAT = "io.healingengine.heartbeat";
    static final String ERROR = "io.healingengine.error";
    static final List<String> TYPES = List.of(SIGNAL, HEARTBEAT, ERROR);
    private final EngineConfig config;
    private final SignalRoutes signals;
    private final EngineIntake intake;

    CloudEventsRoutes(EngineConfig config, SignalRoutes signals, EngineIntake intake) {
        this.config = config;
        this.signals = signals;
        this.intake = intake;
    }

    void mount(Router router) {
        router.post(PATH).handler(this::handleEvent);
    }

    private void handleEvent(RoutingContext ctx) {
        long accepted = System.nanoTime();
        CloudEventReader.Read read = CloudEventReader.read(ctx.request().headers(), ctx.body().buffer());
        CloudEvent event = read.event();
        if (!TYPES.contains(event.getType())) {
            throw ApiProblem.invalid("type", "unknown event type '" + JsonBodies.clip(event.getType()) + "' (known: "
                    + String.join(", ", TYPES) + ")");
        }
        JsonNode data = CloudEventReader.withService(CloudEventReader.data(read), event);
        JsonObject answer = new JsonObject().put("id", event.getId()).put("type", event.getType());
        switch (event.getType()) {
            case SIGNAL -> signals.submitSignals(ctx, SignalParser.parse(data, config.server().maxSignalsPerRequest(),
                    "/data"), accepted, "/data", answer);
            case HEARTBEAT -> signals.submitHeartbeat(ctx, SignalRoutes.heartbeat(data, "/data"), "/data", answer);
            default -> submitError(ctx, ErrorRoutes.error(data, "/data"), answer);
        }
    }

    private void submitError(RoutingContext ctx, ErrorReport error, JsonObject answer) {
        signals.requireKnown(error.service(), "/data/service");
        intake.<List<ErrorClassification>>hand(Addresses.ENGINE_ERRORS, List.of(error), 1, "error")
                .onSuccess(classified -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(answer.put("service", error.service()).put("accepted", 1)
                                .put("failureClass", classified.get(0).failureClass())
                                .put("rule", classified.get(0).rule()).encode()))
                .onFailure(ctx::fail);
    }
}
