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
 * One gate is shared by every event loop of the HTTP API ({@code server.eventLoops}), so the limits hold for the
 * engine as a whole; its counters change under its lock, held for a comparison and two additions.
 */
public final class RequestGate implements Handler<RoutingContext> {
    private final IntakeConfig config;
    private final long unknownLength;
    private final SelfHealMetrics metrics;
    private int requests;
    private long bytes;

    public RequestGate(IntakeConfig config, long maxBodyBytes, SelfHealMetrics metrics) {
        this.config = config;
        this.unknownLength = maxBodyBytes;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long length = declaredLength(ctx);
        String refusal = admit(length);
        if (refusal != null) {
            metrics.requestRejected("overloaded");
            refuse(ctx, ApiProblem.overloaded("the engine is at its limit: " + refusal + "; this one was not read, "
                    + "retry after " + config.retryAfterSeconds() + " s", config.retryAfterSeconds()));
            return;
        }
        ctx.addEndHandler(ended -> release(length));
        ctx.next();
    }

    /** Counts a request of {@code length} bytes in, or says why it cannot be (and counts nothing). */
    private synchronized String admit(long length) {
        if (requests >= config.maxRequestsInProgress()) {
            return requests + " ingest requests in progress (intake.maxRequestsInProgress)";
        }
        if (requests > 0 && bytes + length > config.maxBytesInProgress()) {
            return bytes + " bytes of ingest requests in progress (intake.maxBytesInProgress "
                    + config.maxBytesInProgress() + ")";
        }
        requests++;
        bytes += length;
        return null;
    }

    private synchronized void release(long length) {
        requests--;
        bytes -= length;
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
