package io.healingengine.dispatch.executors;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.dispatch.ActionTimeouts;
import io.healingengine.dispatch.ExecutorConsumers;
import io.healingengine.domain.ActionKind;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the actions that another system carries out — scale-up, rollback, circuit-break, fallback —
 * and pages for alert-oncall, by POSTing the request as JSON to the URL the configuration gives. The
 * URL and headers come from the configuration only; the request's fields travel in the JSON body.
 */
public final class WebhookExecutorVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookExecutorVerticle.class);
    static final List<ActionKind> SERVED = List.of(ActionKind.SCALE_UP, ActionKind.ROLLBACK, ActionKind.CIRCUIT_BREAK,
            ActionKind.FALLBACK, ActionKind.ALERT_ONCALL);
    private static final int BODY_EXCERPT = 300;

    private final EngineConfig config;
    private final Clock clock;
    private final ActionTimeouts timeouts;
    private WebClient client;

    public WebhookExecutorVerticle(EngineConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.timeouts = new ActionTimeouts(config);
    }

    @Override
    public void start(Promise<Void> started) {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("healing-engine").setKeepAlive(true));
        List<Future<Void>> registered = SERVED.stream().filter(config.actions()::runs)
                .map(kind -> ExecutorConsumers.register(vertx.eventBus(), Addresses.action(kind.id()), this::onRequest)
                        .completion())
                .toList();
        Future.all(registered).<Void>mapEmpty().onComplete(started);
    }

    @Override
    public void stop() {
        client.close();
    }

    private void onRequest(Message<ActionRequest> message) {
        ActionRequest request = message.body();
        Optional<String> url = urlFor(request);
        if (url.isEmpty()) {
            message.reply(ActionResult.of(request, ActionOutcome.REJECTED, "no webhook configured for "
                    + request.getAction() + " on " + request.getServiceId() + " (" + configKey(request) + ")", 0,
                    clock.millis()), LocalCodec.OPTIONS);
            return;
        }
        long started = System.nanoTime();
        client.postAbs(url.get())
                .timeout(timeouts.webhookTimeoutMs(request.getAction()))
                .putHeader(ActionRequest.IDEMPOTENCY_HEADER, request.getId())
                .sendJsonObject(payload(request))
                .onComplete(ar -> message.reply(toResult(request, url.get(), ar.result(), ar.cause(), started),
                        LocalCodec.OPTIONS));
    }

    private Optional<String> urlFor(ActionRequest request) {
        Optional<ServiceConfig> service = config.inventory().find(request.getServiceId());
        Optional<String> own = service.map(s -> s.webhooks().get(request.getAction()));
        if (own.isPresent()) {
            return own;
        }
        if (ActionKind.ALERT_ONCALL.id().equals(request.getAction())) {
            return Optional.ofNullable(config.oncall().url());
        }
        return Optional.empty();
    }

    private static String configKey(ActionRequest request) {
        return ActionKind.ALERT_ONCALL.id().equals(request.getAction()) ? "oncall.url"
                : "inventory.services[].webhooks." + request.getAction();
    }

    private JsonObject payload(ActionRequest request) {
        return new JsonObject()
                .put("requestId", request.getId())
                .put("incidentId", request.getIncidentId())
                .put("service", request.getServiceId())
                .put("action", request.getAction())
                .put("reason", request.getReason())
                .put("prediction", request.getPrediction())
                .put("requestedAt", Instant.ofEpochMilli(request.getRequestedAt()).toString());
    }

    private ActionResult toResult(ActionRequest request, String url, HttpResponse<?> response, Throwable error,
                                  long startedNanos) {
        long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
        ActionOutcome outcome;
        String detail;
        if (error != null) {
            boolean timedOut = error instanceof TimeoutException || String.valueOf(error.getMessage()).contains("timeout");
            outcome = timedOut ? ActionOutcome.TIMED_OUT : ActionOutcome.FAILED;
            detail = "POST " + url + " " + (timedOut ? "timed out" : "failed: " + error.getMessage());
        } else {
            outcome = response.statusCode() / 100 == 2 ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED;
            String body = response.bodyAsString() == null ? "" : response.bodyAsString();
            detail = "POST " + url + " -> HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(BODY_EXCERPT, body.length())));
        }
        LOG.info("self_heal event=webhook_called action={} service={} outcome={} duration_ms={}", request.getAction(),
                request.getServiceId(), outcome, durationMs);
        return ActionResult.of(request, outcome, detail, durationMs, clock.millis());
    }
}
