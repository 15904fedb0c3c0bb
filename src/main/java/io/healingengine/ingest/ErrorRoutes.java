package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.ErrorClassification;
import io.healingengine.bus.ErrorReport;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.EngineConfig;
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
 * {@code POST /api/v1/errors}: errors a service reports — one object or an array of
 * {@code {"service", "exceptionType"?, "message"?, "stackExcerpt"?, "exitCode"?, "timestamp"?}} — classified
 * by the error-taxonomy decision table. The answer says which failure class each error got and which row
 * decided it, so a service (or its developer) sees at once what the engine made of it.
 */
final class ErrorRoutes {
    static final int MAX_MESSAGE = 4096;
    static final int MAX_STACK = 4096;
    private static final Set<String> FIELDS = Set.of("service", "exceptionType", "message", "stackExcerpt", "exitCode",
            "timestamp");
    /** A Java (or other) type name: letters, digits and the punctuation of qualified and nested names. */
    private static final Pattern EXCEPTION_TYPE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.:\\-]{0,255}");
    private final EngineConfig config;
    private final EngineIntake intake;

    ErrorRoutes(EngineConfig config, EngineIntake intake) {
        this.config = config;
        this.intake = intake;
    }

    void mount(Router router) {
        router.post("/api/v1/errors").handler(this::report);
    }

    private void report(RoutingContext ctx) {
        Routes.requireJson(ctx);
        List<ErrorReport> errors = JsonBodies.oneOrMany(JsonBodies.parse(ctx.body().buffer()), "",
                config.server().maxSignalsPerRequest(), "errors", ErrorRoutes::error);
        for (int i = 0; i < errors.size(); i++) {
            String service = errors.get(i).service();
            if (!config.inventory().autoRegister() && config.inventory().find(service).isEmpty()) {
                throw ApiProblem.unknownService(errors.size() == 1 ? "/service" : "/" + i + "/service", service);
            }
        }
        intake.<List<ErrorClassification>>hand(Addresses.ENGINE_ERRORS, errors, errors.size(), "errors")
                .onSuccess(classified -> Routes.sendJson(ctx, 202, Map.of("accepted", errors.size(),
                        "classified", classified)))
                .onFailure(ctx::fail);
    }

    static ErrorReport error(JsonNode node, String pointer) {
        JsonBodies.object(node, pointer);
        JsonBodies.onlyKnownFields(node, pointer, FIELDS);
        String service = JsonBodies.requiredString(node, "service", pointer, ServiceConfig.ID_PATTERN,
                "service ids are 1-128 letters, digits, '.', '_', ':' or '-'");
        String type = node.hasNonNull("exceptionType") ? JsonBodies.string(node.get("exceptionType"),
                pointer + "/exceptionType", EXCEPTION_TYPE, "a type name such as java.lang.OutOfMemoryError") : null;
        String message = JsonBodies.optionalString(node, "message", pointer, MAX_MESSAGE);
        String stack = JsonBodies.optionalString(node, "stackExcerpt", pointer, MAX_STACK);
        Integer exitCode = JsonBodies.optionalInt(node, "exitCode", pointer, 0, 255);
        Long timestamp = JsonBodies.optionalTimestamp(node, "timestamp", pointer);
        if (type == null && (message == null || message.isBlank()) && exitCode == null) {
            throw ApiProblem.invalid(pointer.isEmpty() ? "/" : pointer, "an error needs at least one of exceptionType, "
                    + "message or exitCode");
        }
        return new ErrorReport(service, type, message, stack, exitCode, timestamp);
    }
}
