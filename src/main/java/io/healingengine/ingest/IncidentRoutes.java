package io.healingengine.ingest;

import io.healingengine.audit.AuditStore;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Read side of the audit trail: incidents, their decision chains, and the healing history. */
final class IncidentRoutes {
    private static final Set<String> STATUSES = Set.of("OPEN", "PROPOSED", "ACTING", "VERIFYING", "RESOLVED", "ESCALATED");
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
    private final Vertx vertx;
    private final AuditStore store;

    IncidentRoutes(Vertx vertx, AuditStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    void mount(Router router) {
        router.get("/api/v1/incidents").handler(this::list);
        router.get("/api/v1/incidents/:id").handler(this::one);
        router.get("/api/v1/history").handler(this::history);
    }

    private void list(RoutingContext ctx) {
        String raw = ctx.request().getParam("status");
        String status = raw == null ? null : raw.toUpperCase(java.util.Locale.ROOT);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", "must be one of " + new java.util.TreeSet<>(STATUSES) + " (any case)");
        }
        String service = ctx.request().getParam("service");
        int limit = Routes.limit(ctx, 100, 1000);
        vertx.executeBlocking(() -> store.listIncidents(status, service, limit))
                .onSuccess(incidents -> Routes.sendJson(ctx, 200, Map.of("incidents", incidents)))
                .onFailure(ctx::fail);
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw ApiProblem.notFound("no incident '" + JsonBodies.clip(id) + "'");
        }
        vertx.executeBlocking(() -> store.findIncident(id))
                .onSuccess(chain -> {
                    if (chain.isEmpty()) {
                        ctx.fail(ApiProblem.notFound("no incident '" + id + "'"));
                    } else {
                        Routes.sendJson(ctx, 200, chain.get());
                    }
                })
                .onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        int limit = Routes.limit(ctx, 50, 1000);
        vertx.executeBlocking(() -> store.history(limit))
                .onSuccess(records -> Routes.sendJson(ctx, 200, Map.of("history", records)))
                .onFailure(ctx::fail);
    }
}
