package io.healingengine.ingest;

import io.healingengine.config.IntakeConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The first bound on the ingest path, before a body is read: at most {@code intake.maxRequestsInProgress}
 * ingest requests, with at most {@code intake.maxBytesInProgress} of body between them, are read, handed to the
 * engine or waiting for its answer at one time. One more is refused at once with {@code 503 overloaded} and
 * {@code Retry-After}, its body unread, so a flood of clients cannot make the engine buffer bodies without end.
 * Runs on the HTTP verticle's event loop only, hence plain counters.
 */
final class RequestGate implements Handler<RoutingContext> {
    private final IntakeConfig config;
    private final long unknownLength;
    private final SelfHealMetrics metrics;
    private int requests;
    private long bytes;

    RequestGate(IntakeConfig config, long maxBodyBytes, SelfHealMetrics metrics) {
        this.config = config;
        this.unknownLength = maxBodyBytes;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long length = declaredLength(ctx);
        String refusal = null;
        if (requests >= config.maxRequestsInProgress()) {
            refusal = requests + " ingest requests in progress (intake.maxRequestsInProgress)";
        } else if (requests > 0 && bytes + length > config.maxBytesInProgress()) {
            refusal = bytes + " bytes of ingest requests in progress (intake.maxBytesInProgress "
                    + config.maxBytesInProgress() + ")";
        }
        if (refusal != null) {
            metrics.requestRejected("overloaded");
            refuse(ctx, ApiProblem.overloaded("the engine is at its limit: " + refusal + "; this one was not read, "
                    + "retry after " + config.retryAfterSeconds() + " s", config.retryAfterSeconds()));
            return;
        }
        requests++;
        bytes += length;
        ctx.addEndHandler(ended -> {
            requests--;
            bytes -= length;
        });
        ctx.next();
    }

    /**
     * Answers once the client has sent its whole body, which is dropped as it arrives, never kept: a client that is
     * still sending when the answer comes would most often see a broken connection instead of the 503.
     */
    private static void refuse(RoutingContext ctx, ApiProblem problem) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            ctx.fail(problem);
            return;
        }
        request.handler(dropped -> { });
        request.endHandler(ended -> ctx.fail(problem));
        request.resume();
    }

    private long declaredLength(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Length");
        try {
            return header == null ? unknownLength : Math.max(0, Math.min(Long.parseLong(header.trim()), unknownLength));
        } catch (NumberFormatException e) {
            return unknownLength; // the body handler answers the malformed header
        }
    }
}
