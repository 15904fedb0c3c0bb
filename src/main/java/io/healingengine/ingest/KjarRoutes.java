package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.EngineConfig;
import io.healingengine.deploy.DeployRefused;
import io.healingengine.deploy.Deployment;
import io.healingengine.deploy.RulesDeployer;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.rules.CompiledRules;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules as deployable versions: {@code GET /api/v1/kjars} (the active version and the history, open to
 * read), {@code POST /api/v1/kjars} (upload a kjar; admin) and {@code POST /api/v1/kjars/rollback}
 * (admin).
 */
final class KjarRoutes {
    static final String PATH = "/api/v1/kjars";
    private static final Set<String> ROLLBACK_FIELDS = Set.of("to", "by", "note");
    private static final Set<String> KJAR_TYPES = Set.of("application/java-archive", "application/octet-stream",
            "application/zip", "application/x-java-archive");
    private static final Pattern PERSON = Pattern.compile("[^\\p{Cntrl}]{1,100}");
    private static final Pattern VERSION_REF = Pattern.compile("[A-Za-z0-9_.+-]{1,128}");
    private static final int NOTE_MAX = 500;
    private final Vertx vertx;
    private final EngineConfig config;
    private final RulesDeployer deployer;

    KjarRoutes(Vertx vertx, EngineConfig config, RulesDeployer deployer) {
        this.vertx = vertx;
        this.config = config;
        this.deployer = deployer;
    }

    /** Mounts the routes with their own body limit; call before the router's general body handler. */
    void mount(Router router) {
        AdminAuth admin = new AdminAuth(config.deploy());
        router.get(PATH).handler(this::list);
        // The token is checked on a route of its own, ahead of the body handler's: a route may not run a
        // handler of ours before its body handler, and an anonymous upload must not be read at all.
        router.post(PATH).handler(admin);
        router.post(PATH + "/rollback").handler(admin);
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(config.deploy().maxKjarBytes()))
                .handler(this::deploy);
        router.post(PATH + "/rollback").handler(BodyHandler.create(false).setBodyLimit(config.server().maxBodyBytes()))
                .handler(this::rollback);
    }

    private void list(RoutingContext ctx) {
        vertx.executeBlocking(deployer.depot()::history, false)
                .onSuccess(history -> Routes.sendJson(ctx, 200, view(deployer.running(), history)))
                .onFailure(ctx::fail);
    }

    /** What GET /api/v1/kjars and /health say of the rules: the active version and the history, newest first. */
    static Map<String, Object> view(CompiledRules running, List<Deployment> history) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", active(running));
        List<Deployment> newestFirst = new ArrayList<>(history);
        Collections.reverse(newestFirst);
        body.put("history", newestFirst);
        return body;
    }

    static Map<String, Object> active(CompiledRules running) {
        Map<String, Object> active = new LinkedHashMap<>();
        active.put("version", running.version());
        active.put("releaseId", running.releaseId());
        active.put("sha256", running.sha256());
        active.put("origin", running.origin());
        return active;
    }

    private void deploy(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase();
        if (!KJAR_TYPES.contains(mediaType)) {
            throw ApiProblem.unsupportedMediaType(type, "a kjar sent as Content-Type: application/java-archive "
                    + "(with curl: --data-binary @rules.jar -H 'Content-Type: application/java-archive')");
        }
        byte[] kjar = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (kjar.length == 0) {
            throw ApiProblem.invalid("body", "the body must be the kjar's bytes, but it was empty");
        }
        String by = param(ctx, "by", PERSON, "who deploys, 1-100 characters");
        String note = optionalParam(ctx, "note");
        String origin = "upload by " + by + (ctx.request().getParam("file") == null ? ""
                : " of " + JsonBodies.clip(ctx.request().getParam("file")));
        deployer.deploy(kjar, origin, "deploy", by, note)
                .onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(failure -> ctx.fail(problem(failure)));
    }

    private void rollback(RoutingContext ctx) {
        Routes.requireJson(ctx);
        JsonNode body = JsonBodies.object(JsonBodies.parse(ctx.body().buffer()), "");
        JsonBodies.onlyKnownFields(body, "", ROLLBACK_FIELDS);
        String by = JsonBodies.requiredString(body, "by", "", PERSON, "who rolls back, 1-100 characters");
        String to = body.hasNonNull("to")
                ? JsonBodies.string(body.get("to"), "/to", VERSION_REF, "a version or sha256 from GET /api/v1/kjars")
                : null;
        String note = JsonBodies.optionalString(body, "note", "", NOTE_MAX);
        deployer.rollback(to, by, note == null ? "" : note)
                .onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(failure -> ctx.fail(problem(failure)));
    }

    private static void answer(RoutingContext ctx, RulesDeployer.Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", outcome.entry().isPresent() ? "activated" : "unchanged");
        body.put("active", active(outcome.active()));
        body.put("previousVersion", outcome.previousVersion());
        outcome.entry().ifPresent(entry -> body.put("entry", entry));
        Routes.sendJson(ctx, outcome.entry().isPresent() ? 201 : 200, body);
    }

    private static Throwable problem(Throwable failure) {
        if (!(failure instanceof DeployRefused refused)) {
            return failure;
        }
        return switch (refused.reason()) {
            case INVALID -> ApiProblem.invalidKjar(refused.getMessage() + "; the active rules keep running",
                    refused.problems().stream().map(p -> Map.of("file", p.file(), "location", p.location(),
                            "message", p.message())).toList());
            case BUSY -> ApiProblem.busy(refused.getMessage(), 5);
            case RELEASE_CHANGED, NOTHING_TO_ROLL_BACK -> ApiProblem.conflict(refused.getMessage());
            case NO_SUCH_VERSION -> ApiProblem.notFound(refused.getMessage());
            case ACTIVATION_FAILED -> ApiProblem.unavailable(refused.getMessage() + "; the active rules keep running", 5);
        };
    }

    private static String param(RoutingContext ctx, String name, Pattern pattern, String rule) {
        String value = ctx.request().getParam(name);
        if (value == null || !pattern.matcher(value).matches()) {
            throw ApiProblem.invalid(name, "query parameter '" + name + "' must be " + rule
                    + (value == null ? ", but it is missing" : ", but was '" + JsonBodies.clip(value) + "'"));
        }
        return value;
    }

    private static String optionalParam(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            return "";
        }
        if (value.length() > NOTE_MAX || value.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalid(name, "query parameter '" + name + "' must be at most " + NOTE_MAX
                    + " characters without control characters");
        }
        return value;
    }
}
