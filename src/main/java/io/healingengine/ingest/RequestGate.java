package io.healingengine.ingest;

import io.healingengine.config.IntakeConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first bound on the ingest path, before a body is read: at most {@code intake.maxRequestsInProgress}
 * ingest requests are read, handed to the engine or waiting for its answer at one time. One more is refused at
 * once with {@code 503 overloaded} and {@code Retry-After}, its body unread, so a flood of clients cannot make the
 * engine buffer bodies without end.
 */
final class RequestGate implements Handler<RoutingContext> {
    /** The ingest endpoints the gate guards. */
    static final String PATHS = "/api/v1/(signals|heartbeats|errors|cloudevents|alertmanager)";
    private final AtomicInteger inProgress = new AtomicInteger();
    private final IntakeConfig config;
    private final SelfHealMetrics metrics;

    RequestGate(IntakeConfig config, SelfHealMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (inProgress.incrementAndGet() > config.maxRequestsInProgress()) {
            inProgress.decrementAndGet();
            metrics.requestRejected("overloaded");
            ctx.request().resume(); // the unread body is read and dropped, so the client gets its answer
            ctx.fail(ApiProblem.overloaded("the engine is at its limit: " + config.maxRequestsInProgress()
                    + " ingest requests in progress (intake.maxRequestsInProgress); this one was not read, retry after "
                    + config.retryAfterSeconds() + " s", config.retryAfterSeconds()));
            return;
        }
        ctx.addEndHandler(ended -> inProgress.decrementAndGet());
        ctx.next();
    }
}
