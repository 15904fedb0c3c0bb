package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.HealAnswer;
import io.healingengine.bus.HealCommand;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.EngineConfig;
import io.healingengine.domain.ActionKind;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/services/{id}/heal} — a manual heal. It goes through the rules like any other
 * decision (one open incident per service, the guards, verification), so it may be refused.
 */
final class ServiceRoutes {
    private static final Set<String> FIELDS = Set.of("action", "reason", "requestedBy");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z-]{0,31}");
    private final Vertx vertx;
    private final EngineConfig config;

    ServiceRoutes(Vertx vertx, EngineConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void mount(Router router) {
        router.post("/api/v1/services/:id/heal").handler(this::heal);
    }

    private void heal(RoutingContext ctx) {
        String service = ctx.pathParam("id");
        if (config.inventory().find(service).isEmpty()) {
            throw ApiProblem.notFound("service '" + JsonBodies.clip(service) + "' is not in the inventory");
        }
        Routes.requireJson(ctx);
        JsonNode body = JsonBodies.object(JsonBodies.parse(ctx.body().buffer()), "");
        JsonBodies.onlyKnownFields(body, "", FIELDS);
        String action = JsonBodies.requiredString(body, "action", "", ACTION, "one of " + ActionKind.ladderIds());
        if (ActionKind.fromId(action).filter(kind -> kind != ActionKind.NOOP).isEmpty()) {
            throw ApiProblem.invalid("/action", "unknown action '" + action + "' (known: " + ActionKind.ladderIds() + ")");
        }
        String reason = JsonBodies.optionalString(body, "reason", "", 500);
        String requestedBy = JsonBodies.optionalString(body, "requestedBy", "", 100);
        vertx.eventBus().<HealAnswer>request(Addresses.ENGINE_HEAL, new HealCommand(service, action,
                        reason == null ? "" : reason, requestedBy == null ? "" : requestedBy),
                        LocalCodec.withTimeout(SignalRoutes.ENGINE_REPLY_TIMEOUT_MS))
                .onSuccess(reply -> {
                    HealAnswer answer = reply.body();
                    if (!answer.accepted()) {
                        ctx.fail(ApiProblem.conflict(answer.refusal()));
                        return;
                    }
                    ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                            .putHeader("Location", "/api/v1/incidents/" + answer.incidentId())
                            .end(new JsonObject().put("incidentId", answer.incidentId()).put("service", service)
                                    .put("action", action).encode());
                })
                .onFailure(error -> ctx.fail(ApiProblem.unavailable("the engine did not answer in time", 1)));
    }
}
