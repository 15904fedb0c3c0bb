package io.healingengine.ingest;

import io.healingengine.bus.EngineLoad;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.IntakeConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The one door from the HTTP edge into the engine for signals, heartbeats, errors and alerts: admits a
 * request's items only while the engine's queue and the audit store's backlog are within their bounds
 * ({@link EngineLoad}), and otherwise refuses the request whole with {@code 503 overloaded} and
 * {@code Retry-After}, before anything of it is queued. The engine answers only once what it decided is
 * written (see RuleEngineVerticle), so the answer of {@link #hand} is the moment a 202 may be sent.
 */
final class EngineIntake {
    private final Vertx vertx;
    private final EngineLoad load;
    private final IntakeConfig config;
    private final SelfHealMetrics metrics;

    EngineIntake(Vertx vertx, EngineLoad load, IntakeConfig config, SelfHealMetrics metrics) {
        this.vertx = vertx;
        this.load = load;
        this.config = config;
        this.metrics = metrics;
        metrics.watchQueues(load::queuedItems, load::auditBacklog);
    }

    /**
     * Hands {@code body} ({@code items} signals, errors …) to the engine at {@code address}.
     *
     * @throws ApiProblem 503 overloaded when a bound is reached; the request was not taken
     * @return the engine's answer, or a failed future with a 503 problem saying the engine did not answer in time
     */
    <T> Future<T> hand(String address, Object body, int items, String what) {
        String refusal = load.tryAdmit(items);
        if (refusal != null) {
            metrics.requestRejected("overloaded");
            throw ApiProblem.overloaded("the engine is at its limit: " + refusal + "; none of the " + what
                    + " was taken, retry after " + config.retryAfterSeconds() + " s", config.retryAfterSeconds());
        }
        DeliveryOptions options = LocalCodec.withTimeout(SignalRoutes.ENGINE_REPLY_TIMEOUT_MS)
                .addHeader(EngineLoad.ADMITTED_HEADER, Integer.toString(items));
        return vertx.eventBus().<T>request(address, body, options).map(Message::body).recover(error -> {
            if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
                load.taken(items);
            }
            if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                return Future.failedFuture(ApiProblem.unavailable("the engine evaluated the " + what
                        + " but could not record what it decided: " + reply.getMessage(), config.retryAfterSeconds()));
            }
            return Future.failedFuture(ApiProblem.unavailable("the engine did not answer within "
                    + SignalRoutes.ENGINE_REPLY_TIMEOUT_MS / 1000 + " s; the " + what + " may still be evaluated ("
                    + error.getMessage() + ")", config.retryAfterSeconds()));
        });
    }
}
