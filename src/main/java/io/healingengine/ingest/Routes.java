package io.healingengine.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.ext.web.RoutingContext;

/** Small helpers shared by the route classes. */
final class Routes {
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Routes() {
    }

    /** A body with a declared content type must declare JSON. */
    static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && !type.toLowerCase().startsWith("application/json") && !type.toLowerCase().contains("+json")) {
            throw ApiProblem.unsupportedMediaType(type);
        }
    }

    static void sendJson(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    static int limit(RoutingContext ctx, int defaultLimit, int max) {
        String raw = ctx.request().getParam("limit");
        if (raw == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit < 1 || limit > max) {
                throw ApiProblem.invalid("limit", "must be between 1 and " + max + ", but was " + limit);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("limit", "must be a whole number, but was '" + JsonBodies.clip(raw) + "'");
        }
    }
}
