package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.ApprovalView;
import io.healingengine.bus.DecideApproval;
import io.healingengine.bus.DecisionAnswer;
import io.healingengine.bus.FreezeView;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.Unfreeze;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The people's side of the guards: {@code GET /api/v1/approvals}, {@code POST /api/v1/approvals/{id}}
 * (approve or deny, by whom and why), {@code GET /api/v1/freezes} and
 * {@code POST /api/v1/freezes/{area}/unfreeze} (by whom and why).
 */
final class GuardRoutes {
    private static final Set<String> DECISION_FIELDS = Set.of("decision", "by", "reason");
    private static final Set<String> UNFREEZE_FIELDS = Set.of("by", "reason");
    private static final Pattern DECISION = Pattern.compile("approve|deny");
    private static final Pattern PERSON = Pattern.compile("[^\\p{Cntrl}]{1,100}");
    private static final Pattern WHY = Pattern.compile("[^\\p{Cntrl}]{1,500}");
    private final Vertx vertx;

    GuardRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    void mount(Router router) {
        router.get("/api/v1/approvals").handler(this::approvals);
        router.post("/api/v1/approvals/:id").handler(this::decide);
        router.get("/api/v1/freezes").handler(this::freezes);
        router.post("/api/v1/freezes/:area/unfreeze").handler(this::unfreeze);
    }

    private void approvals(RoutingContext ctx) {
        vertx.eventBus().<List<ApprovalView>>request(Addresses.ENGINE_APPROVALS, "", timeout())
                .onSuccess(reply -> Routes.sendJson(ctx, 200, Map.of("approvals", reply.body())))
                .onFailure(error -> ctx.fail(unavailable()));
    }

    private void decide(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Routes.requireJson(ctx);
        JsonNode body = JsonBodies.object(JsonBodies.parse(ctx.body().buffer()), "");
        JsonBodies.onlyKnownFields(body, "", DECISION_FIELDS);
        String decision = JsonBodies.requiredString(body, "decision", "", DECISION, "'approve' or 'deny'");
        String by = JsonBodies.requiredString(body, "by", "", PERSON, "who decides, 1-100 characters");
        String reason = JsonBodies.requiredString(body, "reason", "", WHY, "why, 1-500 characters");
        vertx.eventBus().<DecisionAnswer>request(Addresses.ENGINE_DECIDE,
                        new DecideApproval(id, decision.equals("approve"), by, reason), timeout())
                .map(Message::body)
                .onSuccess(answer -> {
                    switch (answer.outcome()) {
                        case NOT_FOUND -> ctx.fail(ApiProblem.notFound("no approval '" + JsonBodies.clip(id) + "'"));
                        case NOT_PENDING -> ctx.fail(ApiProblem.conflict("approval '" + id + "' was already "
                                + answer.approval().status() + " by '" + answer.approval().decidedBy() + "'"));
                        default -> Routes.sendJson(ctx, 200, answer.approval());
                    }
                })
                .onFailure(error -> ctx.fail(unavailable()));
    }

    private void freezes(RoutingContext ctx) {
        vertx.eventBus().<List<FreezeView>>request(Addresses.ENGINE_FREEZES, "", timeout())
                .onSuccess(reply -> Routes.sendJson(ctx, 200, Map.of("freezes", reply.body())))
                .onFailure(error -> ctx.fail(unavailable()));
    }

    private void unfreeze(RoutingContext ctx) {
        String area = ctx.pathParam("area");
        if (!ServiceConfig.ID_PATTERN.matcher(area).matches()) {
            throw ApiProblem.notFound("no frozen area '" + JsonBodies.clip(area) + "'");
        }
        Routes.requireJson(ctx);
        JsonNode body = JsonBodies.object(JsonBodies.parse(ctx.body().buffer()), "");
        JsonBodies.onlyKnownFields(body, "", UNFREEZE_FIELDS);
        String by = JsonBodies.requiredString(body, "by", "", PERSON, "who lifts the freeze, 1-100 characters");
        String reason = JsonBodies.requiredString(body, "reason", "", WHY, "why, 1-500 characters");
        vertx.eventBus().<Boolean>request(Addresses.ENGINE_UNFREEZE, new Unfreeze(area, by, reason), timeout())
                .onSuccess(reply -> {
                    if (reply.body()) {
                        Routes.sendJson(ctx, 200, Map.of("area", area, "unfrozenBy", by, "reason", reason));
                    } else {
                        ctx.fail(ApiProblem.notFound("area '" + area + "' is not frozen"));
                    }
                })
                .onFailure(error -> ctx.fail(unavailable()));
    }

    private static io.vertx.core.eventbus.DeliveryOptions timeout() {
        return LocalCodec.withTimeout(SignalRoutes.ENGINE_REPLY_TIMEOUT_MS);
    }

    private static ApiProblem unavailable() {
        return ApiProblem.unavailable("the engine did not answer in time", 1);
    }
}
