package io.healingengine.ingest.problem;

import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the router: every failure leaves as application/problem+json (RFC 9457)
 * with type, title, status, detail, instance (the request id) and, for invalid input, the field.
 * Never an empty body, never a stack trace.
 */
public final class ProblemHandler implements Handler<RoutingContext> {
    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://healing-engine.dev/problems/";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    private final SelfHealMetrics metrics;

    public ProblemHandler(SelfHealMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiProblem problem) {
            send(ctx, problem.status(), problem.type(), problem.title(), problem.getMessage(), problem.field(),
                    problem.retryAfterSeconds(), problem.extensions());
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        switch (status) {
            case 413 -> send(ctx, 413, "body-too-large", "Request body too large",
                    "the body exceeds the limit (server.maxBodyBytes; deploy.maxKjarBytes for a kjar)", null, null);
            case 404 -> send(ctx, 404, "not-found", "Not found", "no route for " + ctx.request().method() + " "
                    + ctx.request().path(), null, null);
            case 405 -> send(ctx, 405, "method-not-allowed", "Method not allowed", ctx.request().method()
                    + " is not allowed on " + ctx.request().path(), null, null);
            case 400 -> send(ctx, 400, "bad-request", "Bad request", failure == null ? "bad request" : failure.getMessage(),
                    null, null);
            default -> {
                LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
                send(ctx, status, "internal-error", "Internal error", "the engine could not complete the request; "
                        + "see its log for request " + requestId(ctx), null, null);
            }
        }
    }

    private void send(RoutingContext ctx, int status, String type, String title, String detail, String field,
                      Long retryAfter) {
        send(ctx, status, type, title, detail, field, retryAfter, java.util.Map.of());
    }

    private void send(RoutingContext ctx, int status, String type, String title, String detail, String field,
                      Long retryAfter, java.util.Map<String, Object> extensions) {
        if (status < 500) {
            metrics.requestRejected(type);
        }
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", TYPE_BASE + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", requestId(ctx));
        if (field != null) {
            body.put("field", field);
        }
        extensions.forEach(body::put);
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"healing-engine\"");
        }
        if (retryAfter != null) {
            response.putHeader("Retry-After", Long.toString(retryAfter));
        }
        response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
    }

    private static String requestId(RoutingContext ctx) {
        Object id = ctx.get(RequestIds.KEY);
        return id == null ? "" : id.toString();
    }
}
