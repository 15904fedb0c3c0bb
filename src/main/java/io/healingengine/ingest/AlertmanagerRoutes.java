package io.healingengine.ingest;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.AlertBatch;
import io.healingengine.bus.AlertNotice;
import io.healingengine.bus.AlertReceipt;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.EngineConfig;
import io.healingengine.ingest.AlertmanagerParser.Entry;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.rules.AlertIndex;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.List;

/**
 * {@code POST /api/v1/alertmanager}: Prometheus Alertmanager's webhook (version 4), pointed at the engine
 * as a {@code webhook_configs} receiver. 202 once the engine has applied the accepted alerts and evaluated
 * the rules on them, with what happened to each alert; a problem when none could be accepted.
 */
final class AlertmanagerRoutes {
    static final String PATH = "/api/v1/alertmanager";
    private final EngineConfig config;
    private final EngineIntake intake;

    AlertmanagerRoutes(EngineConfig config, EngineIntake intake) {
        this.config = config;
        this.intake = intake;
    }

    void mount(Router router) {
        router.post(PATH).handler(this::handleWebhook);
    }

    private void handleWebhook(RoutingContext ctx) {
        long accepted = System.nanoTime();
        Routes.requireJson(ctx);
        List<Entry> entries = AlertmanagerParser.parse(ctx.body().buffer(), config.integrations().alertmanager(),
                config.server().maxSignalsPerRequest(), this::known);
        List<AlertNotice> notices = entries.stream().filter(Entry::accepted).map(Entry::notice).toList();
        if (notices.isEmpty()) {
            throw noneAccepted(entries);
        }
        intake.<List<AlertReceipt>>hand(Addresses.ENGINE_ALERTS, new AlertBatch(notices, accepted), notices.size(),
                        "alerts")
                .onSuccess(receipts -> answer(ctx, entries, receipts))
                .onFailure(ctx::fail);
    }

    private boolean known(String service) {
        return config.inventory().autoRegister() || config.inventory().find(service).isPresent();
    }

    private static void answer(RoutingContext ctx, List<Entry> entries, List<AlertReceipt> receipts) {
        Iterator<AlertReceipt> fromEngine = receipts.iterator();
        JsonArray alerts = new JsonArray();
        int taken = 0;
        for (Entry entry : entries) {
            if (!entry.accepted()) {
                alerts.add(refusal(entry));
                continue;
            }
            AlertReceipt receipt = fromEngine.next();
            JsonObject alert = new JsonObject().put("index", entry.index())
                    .put("fingerprint", entry.notice().fingerprint()).put("service", entry.notice().service())
                    .put("alertname", entry.notice().alertname())
                    .put("status", entry.notice().firing() ? "firing" : "resolved").put("outcome", receipt.outcome());
            if (receipt.outcome().equals("refused")) {
                alert.put("reason", "the engine holds " + AlertIndex.DEFAULT_MAX_ALERTS + " alerts, as many as it "
                        + "may; it takes new ones once resolved ones retire");
            } else {
                taken++;
                if (receipt.incidentId() != null) {
                    alert.put("incidentId", receipt.incidentId());
                }
            }
            alerts.add(alert);
        }
        if (taken == 0) {
            ctx.fail(ApiProblem.unavailable("the engine holds as many alerts as it may; none of these was taken", 60));
            return;
        }
        ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("accepted", taken).put("refused", entries.size() - taken)
                        .put("alerts", alerts).encode());
    }

    private static JsonObject refusal(Entry entry) {
        return new JsonObject().put("index", entry.index()).put("fingerprint", entry.fingerprint())
                .put("status", entry.status()).put("outcome", "refused").put("field", entry.field())
                .put("reason", entry.reason());
    }

    /** No alert of the webhook could be used: 404 if the only trouble is unknown services, 400 otherwise. */
    private static ApiProblem noneAccepted(List<Entry> entries) {
        List<Object> refused = entries.stream().map(e -> (Object) refusal(e).getMap()).toList();
        Entry first = entries.get(0);
        String detail = (entries.size() == 1 ? "the alert was not accepted" : "none of the " + entries.size()
                + " alerts was accepted") + "; " + first.field() + ": " + first.reason();
        boolean onlyUnknown = entries.stream().allMatch(Entry::unknownService);
        return onlyUnknown ? ApiProblem.unknownServices(first.field(), detail, refused)
                : ApiProblem.invalid(first.field(), detail, refused);
    }
}
