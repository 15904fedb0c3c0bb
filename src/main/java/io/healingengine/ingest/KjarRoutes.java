package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.EngineConfig;
import io.healingengine.deploy.DeployRefused;
import io.healingengine.deploy.RulesDeployer;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.rules.CompiledRules;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules as deployable versions: {@code GET /api/v1/kjars} (the active version, any version in shadow,
 * the history; open to read), {@code POST /api/v1/kjars} (upload a kjar, activated at once or, with
 * {@code ?shadow=PT10M}, run in shadow first; admin), {@code POST /api/v1/kjars/rollback} (admin), and
 * for the shadow {@code GET /api/v1/kjars/shadow} and {@code POST /api/v1/kjars/shadow/promote|discard}
 * (admin).
 */
final class KjarRoutes {
    static final String PATH = "/api/v1/kjars";
    private static final Set<String> ROLLBACK_FIELDS = Set.of("to", "by", "note");
    private static final Set<String> PERSON_FIELDS = Set.of("by", "note");
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

    /**
     * Mounts the routes with their own body limit; call before the router's general body handler. The admin
     * token has been checked before (TokenAuth), so an anonymous upload is never read.
     */
    void mount(Router router) {
        router.get(PATH).handler(this::list);
        router.get(PATH + "/shadow").handler(this::shadowReport);
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(config.deploy().maxKjarBytes()))
                .handler(this::deploy);
        BodyHandler small = BodyHandler.create(false).setBodyLimit(config.server().maxBodyBytes());
        router.post(PATH + "/rollback").handler(small).handler(this::rollback);
        router.post(PATH + "/shadow/promote").handler(small).handler(this::promote);
        router.post(PATH + "/shadow/discard").handler(small).handler(this::discard);
    }

    private void list(RoutingContext ctx) {
        // the history is kept in memory (the file is only written), so this needs no worker thread
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", active(deployer.running()));
        body.put("history", deployer.depot().newestFirst(Integer.MAX_VALUE));
        body.put("shadow", deployer.shadowCandidate().map(KjarRoutes::active).orElse(null));
        Routes.sendJson(ctx, 200, body);
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
        String shadow = ctx.request().getParam("shadow");
        if (shadow != null) {
            deployer.shadow(kjar, origin, period(shadow), by, note)
                    .onSuccess(report -> Routes.sendJson(ctx, 202, Map.of("status", "shadowing", "shadow", report)))
                    .onFailure(failure -> ctx.fail(problem(failure)));
            return;
        }
        deployer.deploy(kjar, origin, "deploy", by, note)
                .onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(failure -> ctx.fail(problem(failure)));
    }

    /** An ISO-8601 duration (PT10M) or whole seconds, from 1 s to 7 days. */
    private static Duration period(String raw) {
        Duration period;
        try {
            period = raw.matches("\\d{1,6}") ? Duration.ofSeconds(Long.parseLong(raw)) : Duration.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.invalid("shadow", "query parameter 'shadow' must be a duration such as PT10M or a number "
                    + "of seconds, but was '" + JsonBodies.clip(raw) + "'");
        }
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(7)) > 0) {
            throw ApiProblem.invalid("shadow", "the shadow period must be between 1 s and 7 days, but was " + period);
        }
        return period;
    }

    private void shadowReport(RoutingContext ctx) {
        deployer.shadowReport()
                .onSuccess(report -> {
                    if (report.isEmpty()) {
                        ctx.fail(ApiProblem.notFound("no version is running in shadow"));
                    } else {
                        Routes.sendJson(ctx, 200, report.get());
                    }
                })
                .onFailure(failure -> ctx.fail(ApiProblem.unavailable("the engine did not answer in time", 1)));
    }

    private void promote(RoutingContext ctx) {
        PersonAndNote who = personAndNote(ctx, "promotes");
        deployer.promote(who.by(), who.note())
                .onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(failure -> ctx.fail(problem(failure)));
    }

    private void discard(RoutingContext ctx) {
        PersonAndNote who = personAndNote(ctx, "discards");
        deployer.discard(who.by(), who.note())
                .onSuccess(last -> Routes.sendJson(ctx, 200, Map.of("status", "discarded", "shadow", last)))
                .onFailure(failure -> ctx.fail(problem(failure)));
    }

    private record PersonAndNote(String by, String note) {
    }

    private static PersonAndNote personAndNote(RoutingContext ctx, String verb) {
        Routes.requireJson(ctx);
        JsonNode body = JsonBodies.object(JsonBodies.parse(ctx.body().buffer()), "");
        JsonBodies.onlyKnownFields(body, "", PERSON_FIELDS);
        String by = JsonBodies.requiredString(body, "by", "", PERSON, "who " + verb + ", 1-100 characters");
        String note = JsonBodies.optionalString(body, "note", "", NOTE_MAX);
        return new PersonAndNote(by, note == null ? "" : note);
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
            case UNSIGNED -> ApiProblem.unsignedKjar(refused.getMessage() + "; the active rules keep running");
            case INVALID -> ApiProblem.invalidKjar(refused.getMessage() + "; the active rules keep running",
                    refused.problems().stream().map(p -> Map.of("file", p.file(), "location", p.location(),
                            "message", p.message())).toList());
            case BUSY -> ApiProblem.busy(refused.getMessage(), 5);
            case RELEASE_CHANGED, NOTHING_TO_ROLL_BACK, SHADOW_CONFLICT -> ApiProblem.conflict(refused.getMessage());
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
