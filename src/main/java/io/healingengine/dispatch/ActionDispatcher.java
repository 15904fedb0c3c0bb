package io.healingengine.dispatch;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.domain.ActionKind;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Sends an approved action to the executor of its kind (or to noop for a dry run) and always
 * completes with an {@link ActionResult}: a missing, crashing or silent executor becomes FAILED or
 * TIMED_OUT with the reason, never a hang.
 */
public final class ActionDispatcher {
    /** Extra time beyond the executor's own timeout before the dispatcher gives up on its reply. */
    static final long REPLY_MARGIN_MS = 2_000;

    private final Vertx vertx;
    private final EngineConfig config;

    public ActionDispatcher(Vertx vertx, EngineConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    public Future<ActionResult> dispatch(ActionRequest request) {
        ServiceConfig service = config.inventory().find(request.getServiceId())
                .orElseGet(() -> ServiceConfig.autoRegistered(request.getServiceId(), config.inventory().defaultTier()));
        boolean dryRun = config.engine().dryRun() || service.dryRun() || request.isDryRun();
        String address = Addresses.action(dryRun ? ActionKind.NOOP.id() : request.getAction());
        long timeoutMs = executorTimeoutMs(request.getAction(), service) + REPLY_MARGIN_MS;
        long started = System.nanoTime();
        return vertx.eventBus().<ActionResult>request(address, request, LocalCodec.withTimeout(timeoutMs))
                .map(Message::body)
                .recover(error -> Future.succeededFuture(failure(request, address, error, started)));
    }

    private long executorTimeoutMs(String action, ServiceConfig service) {
        if (ActionKind.RESTART.id().equals(action) && service.restartTimeoutMs() != null) {
            return service.restartTimeoutMs();
        }
        return config.oncall().timeoutMs();
    }

    private ActionResult failure(ActionRequest request, String address, Throwable error, long startedNanos) {
        long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
        long now = System.currentTimeMillis();
        if (error instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
                return ActionResult.of(request, ActionOutcome.FAILED, "no executor listens on " + address, durationMs, now);
            }
            if (reply.failureType() == ReplyFailure.TIMEOUT) {
                return ActionResult.of(request, ActionOutcome.TIMED_OUT, "executor on " + address
                        + " did not answer in time", durationMs, now);
            }
            return ActionResult.of(request, ActionOutcome.FAILED, "executor failed: " + reply.getMessage(), durationMs, now);
        }
        return ActionResult.of(request, ActionOutcome.FAILED, "dispatch failed: " + error, durationMs, now);
    }
}
